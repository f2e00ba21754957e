import Foundation

/// A table of numbers read from an engineer's data file: named columns, one row per data line.
///
/// The values are stored once, row-major and contiguous: value (i, j), row i and column j, is
/// `values[i * columnCount + j]`. That is the layout the training code takes for its input
/// matrix X (rows × inputs) and target matrix Y (rows × outputs); pick them with
/// ``trainingData(inputs:outputs:)``.
///
/// The file format (see ``init(contentsOf:separator:)``):
///
/// ```
/// # Cooling fin, k = 200 W/(m K)      <- comment lines start with #
/// x, h, "T tip"                         <- header: one name per column
/// 0.00, 25, 371.2                       <- one number per column
/// 0.01, 25, 365.9
/// ```
public struct CSVTable: Equatable, Sendable {
    /// The column names, from the header line.
    public let columnNames: [String]
    /// rows × columns values, row-major: `values[row * columnCount + column]`.
    public let values: [Double]
    /// The file the table was read from, as the user named it (used in error messages).
    public let source: String

    /// The number of columns.
    public var columnCount: Int { columnNames.count }
    /// The number of rows (data lines).
    public var rowCount: Int { values.count / columnNames.count }

    /// Makes a table from names and row-major values.
    ///
    /// - Precondition: at least one column, and `values.count` a multiple of the column count.
    public init(columnNames: [String], values: [Double], source: String = "<memory>") {
        precondition(!columnNames.isEmpty, "a CSVTable needs at least one column")
        precondition(
            values.count % columnNames.count == 0,
            "a CSVTable with \(columnNames.count) columns needs a multiple of \(columnNames.count) values, got \(values.count)"
        )
        self.columnNames = columnNames
        self.values = values
        self.source = source
    }

    /// Reads a data file.
    ///
    /// The file is UTF-8 (a byte order mark is skipped). Lines end with LF or CRLF. Blank lines
    /// and comment lines (first non-blank character `#`) are skipped wherever they are. The
    /// first other line is the header: one name per column, unique, double-quoted if it holds the
    /// separator (`"T, tip"`; `""` is a quote inside). Every later line holds one decimal number
    /// per column (`300.15`, `-1.5e-3`, `.5`); spaces around a field are ignored. Infinity, NaN,
    /// empty fields and anything else are rejected with the line and column.
    ///
    /// - Parameters:
    ///   - url: the file.
    ///   - separator: the field separator, or `nil` to detect it from the header: the most frequent
    ///     of tab, `;` and `,`, or runs of whitespace if none appears.
    /// - Throws: ``CSVError`` naming the file, line and column of the first problem.
    /// - Complexity: O(file size). Memory: the values, and a chunk of the file at a time
    ///   (``CSVReader`` reads it; use that to keep only some columns).
    public init(contentsOf url: URL, separator: CSVSeparator? = nil) throws(CSVError) {
        self = try CSVReader(contentsOf: url, separator: separator).readTable()
    }

    /// Reads a data file's bytes (see ``init(contentsOf:separator:)`` for the format).
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - source: the name used in error messages.
    ///   - separator: the field separator, or `nil` to detect it.
    /// - Throws: ``CSVError`` naming the line and column of the first problem.
    public init(
        parsing bytes: [UInt8], source: String = "<memory>", separator: CSVSeparator? = nil
    ) throws(CSVError) {
        self = try CSVReader(parsing: bytes, source: source, separator: separator).readTable()
    }

    /// Reads a data file's text (see ``init(contentsOf:separator:)`` for the format).
    ///
    /// - Throws: ``CSVError`` naming the line and column of the first problem.
    public init(
        parsing text: String, source: String = "<memory>", separator: CSVSeparator? = nil
    ) throws(CSVError) {
        try self.init(parsing: Array(text.utf8), source: source, separator: separator)
    }

    /// The value at a row and a column (both 0-based).
    public subscript(row: Int, column: Int) -> Double {
        precondition((0..<rowCount).contains(row), "row \(row) is out of 0..<\(rowCount)")
        precondition((0..<columnCount).contains(column), "column \(column) is out of 0..<\(columnCount)")
        return values[row * columnCount + column]
    }

    /// The values of one row (0-based), in column order.
    public func row(_ row: Int) -> ArraySlice<Double> {
        precondition((0..<rowCount).contains(row), "row \(row) is out of 0..<\(rowCount)")
        return values[(row * columnCount)..<((row + 1) * columnCount)]
    }

    /// The values of one column (0-based), in row order.
    public func column(_ column: Int) -> [Double] {
        precondition((0..<columnCount).contains(column), "column \(column) is out of 0..<\(columnCount)")
        return stride(from: column, to: values.count, by: columnCount).map { values[$0] }
    }

    /// A table of the selected columns, in the selector's order, rows unchanged.
    ///
    /// - Throws: ``CSVError`` for a name the table does not have or an index out of range.
    public func selecting(_ selector: CSVColumnSelector) throws(CSVError) -> CSVTable {
        let chosen = try selector.columnIndices(in: columnNames, file: source)
        var selected = [Double]()
        selected.reserveCapacity(rowCount * chosen.count)
        for row in 0..<rowCount {
            let start = row * columnCount
            for column in chosen { selected.append(values[start + column]) }
        }
        return CSVTable(columnNames: chosen.map { columnNames[$0] }, values: selected, source: source)
    }

    /// A table of the columns the selector text names (see ``CSVColumnSelector`` for the
    /// syntax: `"x,h"`, `"0-2"`, `"T tip"` …).
    ///
    /// - Throws: ``CSVError`` for a malformed selector, an unknown name or an index out of range.
    public func selecting(_ selector: String) throws(CSVError) -> CSVTable {
        try selecting(CSVColumnSelector(selector, file: source))
    }

    /// The input matrix X and target matrix Y for training: the rows of the chosen columns.
    ///
    /// - Parameters:
    ///   - inputs: the columns that make up x (a ``CSVColumnSelector`` text, e.g. `"0-1"`).
    ///   - outputs: the columns that make up y (e.g. `"T tip"`).
    /// - Returns: two tables with the same rows; `inputs.values` is rows × inputs, row-major.
    /// - Throws: ``CSVError`` for a bad selector, or a column chosen as both input and output.
    public func trainingData(
        inputs: String, outputs: String
    ) throws(CSVError) -> (inputs: CSVTable, outputs: CSVTable) {
        let inputColumns = try CSVColumnSelector(inputs, file: source).columnIndices(
            in: columnNames, file: source)
        let outputColumns = try CSVColumnSelector(outputs, file: source).columnIndices(
            in: columnNames, file: source)
        if let shared = inputColumns.first(where: outputColumns.contains) {
            throw CSVError(
                .invalidColumnSelector(
                    text: "\(inputs) / \(outputs)",
                    reason: "column \(shared) \"\(columnNames[shared])\" is both an input and an output"),
                file: source)
        }
        return (
            try selecting(CSVColumnSelector(inputs, file: source)),
            try selecting(CSVColumnSelector(outputs, file: source))
        )
    }

    /// Two tables are equal when they have the same column names and values, wherever they
    /// were read from.
    public static func == (lhs: CSVTable, rhs: CSVTable) -> Bool {
        lhs.columnNames == rhs.columnNames && lhs.values == rhs.values
    }
}
