import Backprop
import Foundation

/// A data file as the commands use it: named columns of numbers, one sample per row, and the
/// file's name for messages. Reading and writing go through ``DataTable/read(_:)`` and
/// ``DataTable/write(columnNames:rows:to:comments:)`` so that the CSV reader behind them can
/// change without touching a subcommand.
struct DataTable {
    /// The column names from the header.
    let columnNames: [String]
    /// rows × columns values, row-major.
    let values: [Double]
    /// The file as the user named it.
    let source: String

    var columnCount: Int { columnNames.count }
    var rowCount: Int { columnNames.isEmpty ? 0 : values.count / columnNames.count }

    /// Reads a data file: a header row, then one number per column on every line (see
    /// `backprop train --help` for the format).
    ///
    /// - Throws: an error naming the file, line and column of the first problem.
    static func read(_ path: String) throws -> DataTable {
        try InterimCSV.read(path)
    }

    /// The 0-based indices of the columns a selector names: names or 0-based indices,
    /// comma-separated (`x,h`, `0,1`).
    ///
    /// - Throws: an error listing the columns there are when a name is unknown.
    func columnIndices(_ selector: String) throws -> [Int] {
        try InterimCSV.columnIndices(selector, in: columnNames, file: source)
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

    /// The chosen columns as an N × (columns.count) matrix.
    func matrix(columns: [Int]) -> Matrix<Double> {
        var elements: [Double] = []
        elements.reserveCapacity(rowCount * columns.count)
        for row in 0..<rowCount {
            let start = row * columnCount
            for column in columns { elements.append(values[start + column]) }
        }
        return try! Matrix(rows: rowCount, columns: columns.count, elements: elements)
    }

    /// Writes a table atomically: `comments` as `# ` lines, the header, then the rows; numbers
    /// in Swift's shortest round-trip form.
    ///
    /// - Throws: an error naming the path when it cannot be written.
    static func write(columnNames: [String], rows: Matrix<Double>, to path: String, comments: [String] = []) throws {
        try InterimCSV.write(columnNames: columnNames, rows: rows, to: path, comments: comments)
    }
}
