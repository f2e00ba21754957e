import AtomicFiles
import Foundation

/// Writes tables as data files that ``CSVTable/init(contentsOf:separator:)`` reads back bit for
/// bit.
///
/// The file holds the comment lines (each prefixed with `# `), a header line, then one line per
/// row. Each value is written as `"\(value)"`, Swift's shortest text that parses back to the
/// same `Double`. Names are double-quoted when they must be: when they hold the separator, a
/// quote, a blank at an end (or anywhere, for whitespace-separated files), start with `#` or a
/// byte order mark, or read as a number.
public struct CSVWriter: Sendable {
    /// What goes between fields.
    public var separator: CSVSeparator
    /// Lines written as `# line` before the header (say where the data came from).
    public var comments: [String]

    /// Makes a writer.
    ///
    /// - Parameters:
    ///   - separator: what goes between fields; ``CSVSeparator/whitespace`` writes one space.
    ///   - comments: lines written as comments before the header; line breaks inside one start
    ///     a new comment line.
    public init(separator: CSVSeparator = .comma, comments: [String] = []) {
        self.separator = separator
        self.comments = comments
    }

    /// The file's bytes.
    ///
    /// - Throws: ``CSVError`` for a value that is infinite or NaN, or a column name that is empty,
    ///   repeated or holds a line break; the error's line is where it would have been written.
    public func encoded(_ table: CSVTable) throws(CSVError) -> [UInt8] {
        var bytes = [UInt8]()
        try encode(Rows(table), file: "<memory>") { (chunk: inout [UInt8]) throws(CSVError) in
            bytes.append(contentsOf: chunk)
            chunk.removeAll(keepingCapacity: true)
        }
        return bytes
    }

    /// Writes the file atomically: to a temporary file in the same directory, then renamed over
    /// `url`, so a reader never sees half a file and a failed write leaves the old file intact.
    ///
    /// - Throws: ``CSVError`` for a value or name that cannot be written (see ``encoded(_:)``),
    ///   or a file that cannot be written.
    public func write(_ table: CSVTable, to url: URL) throws(CSVError) {
        try write(Rows(table), to: url)
    }

    /// Writes a table whose rows are made one at a time, so that nothing the size of the table
    /// is held: `row(i, &values)` fills `values` (one per column, already sized) with row i.
    /// The file is written atomically, as ``write(_:to:)`` writes it.
    ///
    /// - Throws: ``CSVError`` as ``write(_:to:)``.
    public func write(
        columnNames: [String], rowCount: Int, to url: URL, row: @escaping (Int, inout [Double]) -> Void
    ) throws(CSVError) {
        try write(Rows(columnNames: columnNames, count: rowCount, fill: row), to: url)
    }

    /// The rows to write: names, a count, and how to fill row i.
    struct Rows {
        let columnNames: [String]
        let count: Int
        let fill: (Int, inout [Double]) -> Void

        init(columnNames: [String], count: Int, fill: @escaping (Int, inout [Double]) -> Void) {
            self.columnNames = columnNames
            self.count = count
            self.fill = fill
        }

        init(_ table: CSVTable) {
            let width = table.columnCount, values = table.values
            self.init(columnNames: table.columnNames, count: table.rowCount) { row, out in
                for column in 0..<width { out[column] = values[row * width + column] }
            }
        }
    }

    private func write(_ table: Rows, to url: URL) throws(CSVError) {
        let name = url.relativePath
        var encodingError: CSVError?
        do throws(AtomicFile.FileError) {
            try AtomicFile.write(to: url.path) { (write) throws(AtomicFile.FileError) in
                do throws(CSVError) {
                    try encode(table, file: name) { (chunk: inout [UInt8]) throws(CSVError) in
                        do throws(AtomicFile.FileError) {
                            try write(chunk)
                        } catch {
                            throw CSVError(.fileNotWritable(reason: error.reason), file: name)
                        }
                        chunk.removeAll(keepingCapacity: true)
                    }
                } catch {
                    encodingError = error
                    throw AtomicFile.FileError(path: name, reason: "not written")
                }
            }
        } catch {
            throw encodingError ?? CSVError(.fileNotWritable(reason: error.reason), file: name)
        }
    }

    /// Encodes the table, handing over a buffer of about 1 MiB at a time.
    private func encode(
        _ table: Rows, file: String,
        flush: (inout [UInt8]) throws(CSVError) -> Void
    ) throws(CSVError) {
        let chunkSize = 1 << 20
        var buffer = [UInt8]()
        buffer.reserveCapacity(chunkSize + 4096)
        var line = 0

        for comment in comments {
            for commentLine in comment.split(separator: "\n", omittingEmptySubsequences: false) {
                line += 1
                let text = commentLine.hasSuffix("\r") ? commentLine.dropLast() : commentLine
                buffer.append(contentsOf: (text.isEmpty ? "#" : "# \(text)").utf8)
                buffer.append(UInt8(ascii: "\n"))
            }
        }

        line += 1
        var firstColumn = [String: Int]()
        for (index, name) in table.columnNames.enumerated() {
            let column = index + 1
            guard !name.isEmpty else {
                throw CSVError(.emptyColumnName, file: file, line: line, column: column)
            }
            if let first = firstColumn[name] {
                throw CSVError(
                    .duplicateColumnName(name: name, firstColumn: first), file: file, line: line,
                    column: column, columnName: name)
            }
            guard !name.contains(where: \.isNewline) else {
                throw CSVError(
                    .columnNameWithLineBreak, file: file, line: line, column: column, columnName: name)
            }
            firstColumn[name] = column
            if index > 0 { buffer.append(contentsOf: separator.written.utf8) }
            buffer.append(contentsOf: headerField(name).utf8)
        }
        buffer.append(UInt8(ascii: "\n"))

        let separatorBytes = Array(separator.written.utf8)
        var values = [Double](repeating: 0, count: table.columnNames.count)
        for row in 0..<table.count {
            line += 1
            table.fill(row, &values)
            for column in values.indices {
                let value = values[column]
                guard value.isFinite else {
                    throw CSVError(
                        .nonFiniteValueToWrite(value: value), file: file, line: line,
                        column: column + 1, columnName: table.columnNames[column])
                }
                if column > 0 { buffer.append(contentsOf: separatorBytes) }
                buffer.append(contentsOf: "\(value)".utf8)
            }
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= chunkSize { try flush(&buffer) }
        }
        try flush(&buffer)
    }

    /// A header name as written: quoted when the reader would otherwise read it differently.
    ///
    /// The tests look at Unicode scalars, as the reader looks at bytes: as `Character`s, a quote,
    /// separator, blank or `#` followed by a combining mark (`"\u{301}`) would go unseen.
    private func headerField(_ name: String) -> String {
        let scalars = name.unicodeScalars
        let isBlank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" }
        let separatorScalar = separator.written.unicodeScalars.first!
        let needsQuotes =
            scalars.contains("\"") || scalars.contains(separatorScalar)
            || (separator == .whitespace && scalars.contains(where: isBlank))
            || scalars.first.map(isBlank) == true || scalars.last.map(isBlank) == true
            || scalars.first == "#"
            // At the start of the file the reader skips a byte order mark.
            || scalars.first == "\u{FEFF}"
            || Double(name) != nil
        guard needsQuotes else { return name }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in scalars {
            quoted.append(scalar)
            if scalar == "\"" { quoted.append("\"") }
        }
        quoted.append("\"")
        return String(quoted)
    }
}
