import Foundation

/// Reads a data file a chunk at a time: the header when the reader is made, then the rows,
/// straight into row-major arrays of the columns the caller chose from the header.
///
/// The file is: optional UTF-8 byte order mark; any number of comment lines (first non-blank
/// character `#`) and blank lines, which are skipped wherever they appear; one header line of
/// column names (a name may be double-quoted, with `""` for a quote inside); then data lines of
/// decimal numbers, one per column. Lines end with LF or CRLF. Spaces around a field are
/// ignored. (``CSVTable/init(contentsOf:separator:)`` says more.)
///
/// ```swift
/// let reader = try CSVReader(contentsOf: url)                  // reads the header only
/// let x = try CSVColumnSelector("0-1").columnIndices(in: reader.columnNames)
/// let y = try CSVColumnSelector("T tip").columnIndices(in: reader.columnNames)
/// let rows = try reader.readRows(columns: [x, y])
/// // rows.values[0]: rows.rowCount × 2 values of x, row-major; rows.values[1]: the targets.
/// ```
///
/// Memory: one chunk (``defaultChunkSize``; more only for a line longer than half a chunk) and
/// the chosen values; the file is never whole in memory. Every field of every line is checked, chosen or not, so a file
/// that reads here reads as a ``CSVTable`` too. Numbers are parsed straight from the bytes; no
/// `String` is made for a field unless it is reported in an error.
///
/// Errors name the file, line and column of the first problem. A byte that is not UTF-8 is
/// reported before any other fault, wherever it is in the file (the rest of the file is read to
/// check, once a fault is found): the same error reading the file whole would give.
public final class CSVReader {
    /// The chunk size the reader uses unless told otherwise: 1 MiB, about 5 000 lines of 11
    /// full-precision numbers (chunks from 64 KiB to 4 MiB read equally fast).
    public static let defaultChunkSize = 1 << 20

    /// The file as the user named it (used in error messages).
    public let source: String
    /// The column names, from the header line.
    public let columnNames: [String]
    /// The separator: the one asked for, or the one detected from the header line.
    public let separator: CSVSeparator
    /// The 1-based number of the header line.
    public let headerLineNumber: Int
    /// Whether ``readRows(columns:)`` keeps each data row's line number in ``rowLineNumbers``
    /// (off by default: 8 bytes a row, for files whose rows are checked after reading).
    public var recordsLineNumbers = false
    /// The 1-based file line of each data row read, when ``recordsLineNumbers`` was set.
    public private(set) var rowLineNumbers: [Int] = []

    private let lines: ChunkedLines
    private var rowsRead = false

    /// Opens a data file and reads its header.
    ///
    /// - Parameters:
    ///   - url: the file.
    ///   - separator: the field separator, or `nil` to detect it from the header: the most
    ///     frequent of tab, `;` and `,`, or runs of whitespace if none appears.
    ///   - chunkSize: how many bytes to read at a time.
    /// - Throws: ``CSVError`` for a file that cannot be read, an empty file, or a bad header.
    public convenience init(
        contentsOf url: URL, separator: CSVSeparator? = nil, chunkSize: Int = defaultChunkSize
    ) throws(CSVError) {
        let source = try ByteSource(path: url.path, name: url.relativePath)
        try self.init(source: source, separator: separator, chunkSize: chunkSize)
    }

    /// Reads the header of a data file's bytes (the same format, from memory).
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - source: the name used in error messages.
    ///   - separator: the field separator, or `nil` to detect it.
    ///   - chunkSize: how many bytes to hand the parser at a time (the bytes are in memory
    ///     anyway; tests use tiny chunks to cross every boundary).
    /// - Throws: ``CSVError`` for an empty file or a bad header.
    public convenience init(
        parsing bytes: [UInt8], source: String = "<memory>", separator: CSVSeparator? = nil,
        chunkSize: Int = defaultChunkSize
    ) throws(CSVError) {
        try self.init(source: ByteSource(bytes: bytes, name: source), separator: separator, chunkSize: chunkSize)
    }

    private init(source: ByteSource, separator requested: CSVSeparator?, chunkSize: Int) throws(CSVError) {
        self.source = source.name
        let lines = ChunkedLines(source: source, chunkSize: chunkSize)
        self.lines = lines
        do throws(CSVError) {
            guard let header = try lines.nextContentLine() else {
                throw CSVError(.emptyFile, file: source.name)
            }
            let line = UnsafeBufferPointer(rebasing: lines.block[header.range])
            separator = requested ?? .detect(headerLine: line)
            let scanner = FieldScanner(bytes: lines.block, separator: separator)
            columnNames = try Self.readHeader(header, scanner: scanner, file: source.name)
            headerLineNumber = header.number
        } catch {
            throw Self.settled(error, lines: lines)
        }
    }

    /// Reads every row, keeping the values of the chosen columns: one row-major array per group
    /// of columns, `values[g][row * columns[g].count + k]` being column `columns[g][k]` of that
    /// row (a column may be in several groups).
    ///
    /// The rows are read once: a second call is a programmer error.
    ///
    /// - Parameter groups: 0-based column indices per group, as
    ///   ``CSVColumnSelector/columnIndices(in:file:)`` gives them.
    /// - Returns: the number of data rows (at least 1) and the values of each group.
    /// - Throws: ``CSVError`` naming the line and column of the first bad field, or
    ///   ``CSVError/Kind/headerOnly`` for a file with no data line.
    /// - Complexity: O(file size). Memory: one chunk, and the result.
    public func readRows(columns groups: [[Int]]) throws(CSVError) -> (rowCount: Int, values: [[Double]]) {
        precondition(!rowsRead, "CSVReader: the rows of \(source) have been read already")
        rowsRead = true
        for column in groups.joined() {
            precondition(
                (0..<columnNames.count).contains(column),
                "CSVReader: column \(column) is out of 0..<\(columnNames.count) in \(source)")
        }
        do throws(CSVError) {
            return try readRowsOnce(groups)
        } catch {
            throw Self.settled(error, lines: lines)
        }
    }

    /// Reads every row into a table of all columns.
    ///
    /// - Throws: ``CSVError`` as ``readRows(columns:)`` does.
    public func readTable() throws(CSVError) -> CSVTable {
        let rows = try readRows(columns: [Array(columnNames.indices)])
        return CSVTable(columnNames: columnNames, values: rows.values[0], source: source)
    }

    /// The size of the reader's buffer in bytes: a chunk, or more for a line longer than half a
    /// chunk.
    var bufferSize: Int { lines.bufferSize }

    // MARK: Rows

    private func readRowsOnce(_ groups: [[Int]]) throws(CSVError) -> (rowCount: Int, values: [[Double]]) {
        let columnCount = columnNames.count
        var values = groups.map { _ in [Double]() }
        var reservedRows = 0
        func reserve(rows: Int) {
            reservedRows = rows
            for g in groups.indices { values[g].reserveCapacity(rows * groups[g].count) }
        }
        reserve(rows: initialRowEstimate())

        let row = UnsafeMutableBufferPointer<Double>.allocate(capacity: columnCount)
        defer { row.deallocate() }
        var rowCount = 0
        while let line = try lines.nextContentLine() {
            try parse(line, scanner: FieldScanner(bytes: lines.block, separator: separator), into: row)
            if rowCount == reservedRows { reserve(rows: grownRowEstimate(rowsSoFar: rowCount)) }
            if recordsLineNumbers { rowLineNumbers.append(line.number) }
            for g in groups.indices {
                for column in groups[g] { values[g].append(row[column]) }
            }
            rowCount += 1
        }
        guard rowCount > 0 else {
            throw CSVError(.headerOnly, file: source, line: headerLineNumber)
        }
        return (rowCount, values)
    }

    /// Parses one data line into `row`, one value per column.
    private func parse(
        _ line: Line, scanner: FieldScanner, into row: UnsafeMutableBufferPointer<Double>
    ) throws(CSVError) {
        let block = scanner.bytes
        var position: Int? = line.range.lowerBound
        for column in 0..<columnNames.count {
            guard let start = position else {
                throw fieldCountError(line, scanner: scanner)
            }
            guard let field = scanner.field(from: start, lineEnd: line.range.upperBound) else {
                throw rowError(line, scanner: scanner, valueError(.malformedQuotedField, line, column))
            }
            switch parseDecimal(UnsafeBufferPointer(rebasing: block[field.content])) {
            case .number(let value):
                row[column] = value
            case .nonFinite:
                throw rowError(
                    line, scanner: scanner,
                    valueError(.nonFinite(text: shortText(field.content, in: block)), line, column))
            case .invalid where field.content.isEmpty:
                throw rowError(line, scanner: scanner, valueError(.emptyValue, line, column))
            case .invalid:
                throw rowError(
                    line, scanner: scanner,
                    valueError(.nonNumeric(text: shortText(field.content, in: block)), line, column))
            }
            position = field.next
        }
        if position != nil {
            throw fieldCountError(line, scanner: scanner)
        }
    }

    // MARK: Memory

    /// How many rows to reserve room for before the first: the lines left in the file, from
    /// the mean length of those in the buffer, with 10 % to spare (room reserved but never
    /// written costs address space, not memory). Never more than the bytes could hold (each
    /// value takes at least a digit and a separator), so that a hostile header of a million
    /// columns cannot ask for terabytes.
    private func initialRowEstimate() -> Int {
        guard let lines = lines.estimatedRemainingLines(), let size = self.lines.sizeHint else { return 0 }
        let remaining = max(size - self.lines.bytesRead, 0)
        let most = remaining / (2 * columnNames.count) + 1
        return min(lines + lines / 10 + 64, most)
    }

    /// How many rows to reserve room for when `rowsSoFar` fill the room: the rows per byte so far
    /// times the file's size, with 10 % to spare, and at least 1.5 times as many as now.
    private func grownRowEstimate(rowsSoFar: Int) -> Int {
        var estimate = 0
        if let size = lines.sizeHint, lines.bytesRead > 0 {
            estimate = Int(Double(rowsSoFar) * 1.1 * Double(size) / Double(lines.bytesRead))
        }
        return max(estimate, rowsSoFar + rowsSoFar / 2, rowsSoFar + 64)
    }

    // MARK: Header

    private static func readHeader(_ header: Line, scanner: FieldScanner, file: String) throws(CSVError) -> [String] {
        var names = [String]()
        var firstColumn = [String: Int]()
        var allNumeric = true
        var position: Int? = header.range.lowerBound
        while let start = position {
            let column = names.count + 1
            guard let field = scanner.field(from: start, lineEnd: header.range.upperBound) else {
                throw CSVError(.malformedQuotedField, file: file, line: header.number, column: column)
            }
            let name = decodeName(field, in: scanner.bytes)
            guard !name.isEmpty else {
                throw CSVError(.emptyColumnName, file: file, line: header.number, column: column)
            }
            if let first = firstColumn[name] {
                throw CSVError(
                    .duplicateColumnName(name: name, firstColumn: first), file: file,
                    line: header.number, column: column, columnName: name)
            }
            if field.quoted || !isNumber(UnsafeBufferPointer(rebasing: scanner.bytes[field.content])) {
                allNumeric = false
            }
            firstColumn[name] = column
            names.append(name)
            position = field.next
        }
        if allNumeric {
            throw CSVError(.missingHeader, file: file, line: header.number)
        }
        return names
    }

    private static func isNumber(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        if case .number = parseDecimal(text) { return true }
        return false
    }

    /// A header field as text: quotes removed, `""` read as `"`.
    ///
    /// The `""` are undone byte by byte, as the scanner found them: as `Character`s, a quote
    /// followed by a combining mark (`"\u{301}`) is one character and would not match `""`.
    private static func decodeName(_ field: FieldScanner.Field, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard field.quoted else {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[field.content]), as: UTF8.self)
        }
        let quote = UInt8(ascii: "\"")
        var name = [UInt8]()
        var i = field.content.lowerBound
        while i < field.content.upperBound {
            name.append(bytes[i])
            i += bytes[i] == quote && i + 1 < field.content.upperBound && bytes[i + 1] == quote ? 2 : 1
        }
        return String(decoding: name, as: UTF8.self)
    }

    // MARK: Errors

    /// The error to report for `error`: a byte that is not UTF-8 later in the file comes first,
    /// as it does when the whole file is checked before it is parsed.
    private static func settled(_ error: CSVError, lines: ChunkedLines) -> CSVError {
        switch error.kind {
        case .notUTF8, .fileNotReadable:
            return error
        default:
            do {
                try lines.checkRest()
            } catch let moreBasic {
                return moreBasic
            }
            return error
        }
    }

    private func valueError(_ kind: CSVError.Kind, _ line: Line, _ columnIndex: Int) -> CSVError {
        CSVError(kind, file: source, line: line.number, column: columnIndex + 1)
    }

    /// The error for a bad field, unless the row has the wrong number of fields: that is the
    /// more basic fault (a wrong separator, a missing value) and is reported instead.
    private func rowError(_ line: Line, scanner: FieldScanner, _ error: CSVError) -> CSVError {
        if let count = scanner.fieldCount(of: line.range), count != columnNames.count {
            return CSVError(
                .wrongFieldCount(expected: columnNames.count, got: count), file: source,
                line: line.number)
        }
        var error = error
        if let column = error.column, column >= 1, column <= columnNames.count {
            error.columnName = columnNames[column - 1]
        }
        return error
    }

    private func fieldCountError(_ line: Line, scanner: FieldScanner) -> CSVError {
        guard let count = scanner.fieldCount(of: line.range) else {
            return CSVError(.malformedQuotedField, file: source, line: line.number)
        }
        return CSVError(
            .wrongFieldCount(expected: columnNames.count, got: count), file: source, line: line.number)
    }

    /// A field's text for a message: at most 40 characters, then "…".
    private func shortText(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let prefix = range.lowerBound..<min(range.upperBound, range.lowerBound + 160)
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[prefix]), as: UTF8.self)
        if text.count <= 40 && prefix.count == range.count { return text }
        return String(text.prefix(40)) + "…"
    }
}
