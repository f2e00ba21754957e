import Backprop
import BackpropData
import Foundation

/// A data file's header as the commands use it (header read, rows still in the file): columns
/// picked by selector or by the names a model stores.
extension CSVReader {
    /// The 0-based indices of the columns a selector names (`x,h`, `0-1`, `"T tip"`).
    ///
    /// - Throws: ``CSVError`` for a malformed selector, an unknown name (listing the columns
    ///   there are) or an index out of range.
    func columnIndices(_ selector: String) throws(CSVError) -> [Int] {
        try CSVColumnSelector(selector, file: source).columnIndices(in: columnNames, file: source)
    }

    /// The indices of the columns with exactly these names (those stored in a model file).
    ///
    /// - Throws: ``CommandFailure`` naming the missing columns and the columns the file has.
    func columnIndices(named names: [String], role: String) throws -> [Int] {
        let missing = names.filter { !columnNames.contains($0) }
        guard missing.isEmpty else {
            throw CommandFailure(
                "\(source): the model's \(role) \(missing.count == 1 ? "column" : "columns") "
                    + missing.map { "\"\($0)\"" }.joined(separator: ", ")
                    + " \(missing.count == 1 ? "is" : "are") not in the file; its columns are "
                    + columnNames.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        return names.map { columnNames.firstIndex(of: $0)! }
    }

    /// Whether the file has every one of these columns.
    func hasColumns(named names: [String]) -> Bool {
        names.allSatisfy(columnNames.contains)
    }
}

/// Data files as the commands read them: a chunk at a time by `BackpropData`'s reader (which
/// names the file, line and column of any bad field), keeping only the chosen columns, each
/// group of them straight into a row-major matrix.
extension CSVReader {
    /// Opens the data file at `path` (as the user typed it; errors name it so) and reads its
    /// header.
    ///
    /// - Throws: ``CSVError`` naming the file, and the line and column of a bad header.
    static func open(_ path: String) throws(CSVError) -> CSVReader {
        try CSVReader(contentsOf: URL(fileURLWithPath: path))
    }

    /// Reads the rows, keeping each group of columns as an N × (group.count) matrix.
    ///
    /// - Precondition: every group names at least one column.
    /// - Throws: ``CSVError`` naming the line and column of the first bad field.
    func readMatrices(columns groups: [[Int]]) throws(CSVError) -> [Matrix<Double>] {
        precondition(groups.allSatisfy { !$0.isEmpty }, "a matrix of data needs at least one column")
        let rows = try readRows(columns: groups)
        return zip(groups, rows.values).map { group, values in
            try! Matrix(rows: rows.rowCount, columns: group.count, elements: values)
        }
    }
}
