import Backprop
import Foundation

/// A stand-in comma-separated reader until `BackpropData`'s CSV reader is merged; it will be
/// deleted then. Header row, `#` comments, numbers only.
enum InterimCSV {
    static func read(_ path: String) throws -> DataTable {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandFailure("\(path): cannot read the file")
        }
        var names: [String]? = nil
        var values: [Double] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let header = names else { names = fields; continue }
            guard fields.count == header.count else {
                throw CommandFailure("\(path), line \(index + 1): expected \(header.count) fields as in the header, got \(fields.count)")
            }
            for (column, field) in fields.enumerated() {
                guard let value = Double(field), value.isFinite else {
                    throw CommandFailure("\(path), line \(index + 1), column \(column + 1) \"\(header[column])\": non-numeric value \"\(field)\"")
                }
                values.append(value)
            }
        }
        guard let names, !values.isEmpty else { throw CommandFailure("\(path): no header and data lines") }
        return DataTable(columnNames: names, values: values, source: path)
    }

    static func columnIndices(_ selector: String, in names: [String], file: String) throws -> [Int] {
        try selector.split(separator: ",").map { item in
            let item = item.trimmingCharacters(in: .whitespaces)
            if let index = names.firstIndex(of: item) { return index }
            if let index = Int(item), names.indices.contains(index) { return index }
            throw CommandFailure("\(file): no column named \"\(item)\"; the columns are \(names.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
    }

    static func write(columnNames: [String], rows: Matrix<Double>, to path: String, comments: [String]) throws {
        var text = comments.map { "# \($0)\n" }.joined() + columnNames.joined(separator: ",") + "\n"
        for r in 0..<rows.rows { text += rows.row(r).map { "\($0)" }.joined(separator: ",") + "\n" }
        do {
            try AtomicFile.write(Array(text.utf8), to: path)
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
