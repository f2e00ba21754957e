#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a table of numbers from the UTF-8 bytes of a data file.
///
/// The file is: optional UTF-8 byte order mark; any number of comment lines (first non-blank
/// character `#`) and blank lines, which are skipped wherever they appear; one header line of
/// column names (a name may be double-quoted, with `""` for a quote inside); then data lines of
/// decimal numbers, one per column. Lines end with LF or CRLF. Spaces around a field are
/// ignored.
///
/// Numbers are parsed straight from the bytes (``parseDecimal(_:)``); no `String` is made for a
/// field unless it is reported in an error.
struct CSVReader {
    /// The whole file.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The file as the user named it, for error messages.
    let source: String
    /// The separator the user gave, or `nil` to detect it from the header line.
    let requestedSeparator: CSVSeparator?

    func read() throws(CSVError) -> CSVTable {
        if let invalid = firstInvalidUTF8Offset(in: bytes) {
            let (line, lineStart) = lineContaining(offset: invalid)
            throw CSVError(.notUTF8(byte: invalid - lineStart + 1), file: source, line: line)
        }

        var lines = LineCursor(bytes: bytes)
        guard let header = lines.nextContentLine() else {
            throw CSVError(.emptyFile, file: source)
        }
        let separator = requestedSeparator ?? .detect(headerLine: slice(header.range))
        let scanner = FieldScanner(bytes: bytes, separator: separator)
        let columnNames = try readHeader(header, scanner: scanner)
        let columnCount = columnNames.count

        var values = [Double]()
        values.reserveCapacity(capacityEstimate(after: lines.position, columnCount: columnCount))
        while let line = lines.nextContentLine() {
            var position: Int? = line.range.lowerBound
            for column in 0..<columnCount {
                guard let start = position else {
                    throw fieldCountError(line, scanner: scanner, expected: columnCount)
                }
                guard let field = scanner.field(from: start, lineEnd: line.range.upperBound) else {
                    throw rowError(
                        line, scanner: scanner, columnNames: columnNames,
                        valueError(.malformedQuotedField, line, column))
                }
                switch parseDecimal(slice(field.content)) {
                case .number(let value):
                    values.append(value)
                case .nonFinite:
                    throw rowError(
                        line, scanner: scanner, columnNames: columnNames,
                        valueError(.nonFinite(text: shortText(field.content)), line, column))
                case .invalid where field.content.isEmpty:
                    throw rowError(
                        line, scanner: scanner, columnNames: columnNames,
                        valueError(.emptyValue, line, column))
                case .invalid:
                    throw rowError(
                        line, scanner: scanner, columnNames: columnNames,
                        valueError(.nonNumeric(text: shortText(field.content)), line, column))
                }
                position = field.next
            }
            if position != nil {
                throw fieldCountError(line, scanner: scanner, expected: columnCount)
            }
        }
        guard !values.isEmpty else {
            throw CSVError(.headerOnly, file: source, line: header.number)
        }
        return CSVTable(columnNames: columnNames, values: values, source: source)
    }

    // MARK: Header

    private func readHeader(_ header: Line, scanner: FieldScanner) throws(CSVError) -> [String] {
        var names = [String]()
        var firstColumn = [String: Int]()
        var allNumeric = true
        var position: Int? = header.range.lowerBound
        while let start = position {
            let column = names.count + 1
            guard let field = scanner.field(from: start, lineEnd: header.range.upperBound) else {
                throw CSVError(.malformedQuotedField, file: source, line: header.number, column: column)
            }
            let name = decodeName(field)
            guard !name.isEmpty else {
                throw CSVError(.emptyColumnName, file: source, line: header.number, column: column)
            }
            if let first = firstColumn[name] {
                throw CSVError(
                    .duplicateColumnName(name: name, firstColumn: first), file: source,
                    line: header.number, column: column, columnName: name)
            }
            if field.quoted || !isNumber(field.content) { allNumeric = false }
            firstColumn[name] = column
            names.append(name)
            position = field.next
        }
        if allNumeric {
            throw CSVError(.missingHeader, file: source, line: header.number)
        }
        return names
    }

    private func isNumber(_ range: Range<Int>) -> Bool {
        if case .number = parseDecimal(slice(range)) { return true }
        return false
    }

    /// A header field as text: quotes removed, `""` read as `"`.
    ///
    /// The `""` are undone byte by byte, as the scanner found them: as `Character`s, a quote
    /// followed by a combining mark (`"\u{301}`) is one character and would not match `""`.
    private func decodeName(_ field: FieldScanner.Field) -> String {
        guard field.quoted else { return String(decoding: slice(field.content), as: UTF8.self) }
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

    private func valueError(_ kind: CSVError.Kind, _ line: Line, _ columnIndex: Int) -> CSVError {
        CSVError(kind, file: source, line: line.number, column: columnIndex + 1)
    }

    /// The error for a bad field, unless the row has the wrong number of fields: that is the
    /// more basic fault (a wrong separator, a missing value) and is reported instead.
    private func rowError(
        _ line: Line, scanner: FieldScanner, columnNames: [String], _ error: CSVError
    ) -> CSVError {
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

    private func fieldCountError(_ line: Line, scanner: FieldScanner, expected: Int) -> CSVError {
        guard let count = scanner.fieldCount(of: line.range) else {
            return CSVError(.malformedQuotedField, file: source, line: line.number)
        }
        return CSVError(.wrongFieldCount(expected: expected, got: count), file: source, line: line.number)
    }

    /// A field's text for a message: at most 40 characters, then "…".
    private func shortText(_ range: Range<Int>) -> String {
        let prefix = range.lowerBound..<min(range.upperBound, range.lowerBound + 160)
        let text = String(decoding: slice(prefix), as: UTF8.self)
        if text.count <= 40 && prefix.count == range.count { return text }
        return String(text.prefix(40)) + "…"
    }

    /// The 1-based line number of a byte offset, and the offset where that line starts.
    private func lineContaining(offset: Int) -> (line: Int, start: Int) {
        var line = 1
        var start = 0
        for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            start = i + 1
        }
        return (line, start)
    }

    // MARK: Memory

    /// How many values to reserve: one per column on each remaining line, but never more than
    /// the bytes could hold (each value takes at least a digit and a separator), so a hostile
    /// header of a million columns cannot ask for terabytes.
    private func capacityEstimate(after position: Int, columnCount: Int) -> Int {
        let remaining = bytes.count - position
        guard remaining > 0, let base = bytes.baseAddress else { return 0 }
        var newlines = 0
        var cursor = base + position
        let end = base + bytes.count
        while cursor < end,
            let found = memchr(cursor, Int32(UInt8(ascii: "\n")), end - cursor)
        {
            newlines += 1
            cursor = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        let (perLine, overflow) = (newlines + 1).multipliedReportingOverflow(by: columnCount)
        return min(overflow ? Int.max : perLine, remaining / 2 + 1)
    }

    private func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[range])
    }
}

/// A line of the file: its content (without the line break) and its 1-based number.
struct Line {
    var range: Range<Int>
    var number: Int
}

/// Walks through the lines of a buffer, skipping blank and comment lines.
struct LineCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where the next line starts.
    private(set) var position: Int
    /// The number of the last line returned (0 before the first).
    private(set) var number = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        position = bytes.starts(with: byteOrderMark) ? 3 : 0
    }

    /// The next line that is neither blank nor a comment, or `nil` at the end of the file.
    mutating func nextContentLine() -> Line? {
        while let range = nextLine() {
            var first = range.lowerBound
            while first < range.upperBound,
                bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t")
            {
                first += 1
            }
            if first == range.upperBound || bytes[first] == UInt8(ascii: "#") { continue }
            return Line(range: range, number: number)
        }
        return nil
    }

    /// The next line's content, without LF or CRLF.
    private mutating func nextLine() -> Range<Int>? {
        guard position < bytes.count, let base = bytes.baseAddress else { return nil }
        let start = position
        var end = bytes.count
        if let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) {
            end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            position = end + 1
        } else {
            position = bytes.count
        }
        number += 1
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<end
    }
}
