/// A data file, or a column selection, that cannot be read as a table of numbers.
///
/// Every error names the file, and where it applies the line (1-based, counted as a text editor
/// counts them: comment, blank and header lines included) and the column (1-based, with its
/// header name). Its ``description`` says what was expected, what arrived and what to do:
///
/// ```
/// fin.csv, line 12, column 3 "T_tip": non-numeric value "3,5": expected a decimal number
/// such as 300.15 or -1.5e-3 (a decimal comma is not read as a decimal point)
/// ```
public struct CSVError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// The file does not exist or cannot be read; `reason` is the system's word for it.
        case fileNotReadable(reason: String)
        /// The file cannot be written; `reason` is the system's word for it.
        case fileNotWritable(reason: String)
        /// A byte sequence that is not UTF-8, at `byte` (1-based) within the line.
        case notUTF8(byte: Int)
        /// No header line: the file is empty, or holds only comments and blank lines.
        case emptyFile
        /// The first line that is not a comment holds only numbers: it is data, not a header.
        case missingHeader
        /// A header line, but no data line after it.
        case headerOnly
        /// A header field that is empty.
        case emptyColumnName
        /// A column name with a line break in it, which ``CSVWriter`` cannot write.
        case columnNameWithLineBreak
        /// Two header fields with the same name; `firstColumn` is the 1-based column of the first.
        case duplicateColumnName(name: String, firstColumn: Int)
        /// A double-quoted field with no closing quote, or with text after the closing quote.
        case malformedQuotedField
        /// A row whose field count differs from the header's.
        case wrongFieldCount(expected: Int, got: Int)
        /// A field that is not a decimal number; `text` is the field, shortened to 40 characters.
        case nonNumeric(text: String)
        /// A field with nothing in it.
        case emptyValue
        /// A field that spells infinity or NaN, or a number too large for a `Double`.
        case nonFinite(text: String)
        /// A value that cannot be written (infinity or NaN) by ``CSVWriter``.
        case nonFiniteValueToWrite(value: Double)
        /// A column selector naming a column the file does not have.
        case unknownColumn(name: String, available: [String])
        /// A column selector with a 0-based index past the last column.
        case columnIndexOutOfRange(index: Int, columnCount: Int)
        /// A column selector that cannot be read; `reason` says why.
        case invalidColumnSelector(text: String, reason: String)
    }

    /// What went wrong.
    public var kind: Kind
    /// The file as the user named it, or `"<memory>"` for text parsed in memory.
    public var file: String
    /// The 1-based line, counting every line of the file, or `nil` when no line applies.
    public var line: Int?
    /// The 1-based column (field) number, or `nil` when no single column applies.
    public var column: Int?
    /// The header name of ``column``, when the header has been read.
    public var columnName: String?

    /// Makes an error at a place in a file.
    public init(
        _ kind: Kind, file: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil
    ) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
    }

    /// `file, line L, column C "name": what was expected, what arrived, what to do`.
    public var description: String {
        var place = file
        if let line { place += ", line \(line)" }
        if let column {
            place += ", column \(column)"
            if let columnName { place += " \(quoted(columnName))" }
        }
        return "\(place): \(explanation)"
    }

    private var explanation: String {
        switch kind {
        case .fileNotReadable(let reason):
            return "cannot read the file (\(reason))"
        case .fileNotWritable(let reason):
            return "cannot write the file (\(reason))"
        case .notUTF8(let byte):
            return "byte \(byte) of the line is not UTF-8; save the file as UTF-8 "
                + "(it may be Latin-1 or Windows-1252)"
        case .emptyFile:
            return "no header line: the file is empty or holds only comments and blank lines"
        case .missingHeader:
            return "expected a header line naming the columns, got a line of numbers; "
                + "add a header line such as \"x,T\" before the data "
                + "(a header that starts with # is a comment)"
        case .headerOnly:
            return "the header is not followed by any data line"
        case .emptyColumnName:
            return "the header gives this column no name"
        case .columnNameWithLineBreak:
            return "a column name cannot hold a line break"
        case .duplicateColumnName(let name, let firstColumn):
            return "column name \(quoted(name)) is used already by column \(firstColumn); "
                + "names must be unique"
        case .malformedQuotedField:
            return "a double-quoted field must end with a closing quote followed by a separator "
                + "or the end of the line (write a quote inside as \"\")"
        case .wrongFieldCount(let expected, let got):
            return "expected \(expected) \(expected == 1 ? "field" : "fields") as in the header, "
                + "got \(got)"
        case .nonNumeric(let text):
            var message =
                "non-numeric value \(quoted(text)): expected a decimal number such as "
                + "300.15 or -1.5e-3"
            if text.contains(",") {
                message += " (a decimal comma is not read as a decimal point)"
            }
            return message
        case .emptyValue:
            return "missing value: the field is empty"
        case .nonFinite(let text):
            return "non-finite value \(quoted(text)): infinity, NaN and numbers beyond "
                + "±1.8e308 are rejected; remove the row or fix the value"
        case .nonFiniteValueToWrite(let value):
            return "cannot write the non-finite value \(value): a reader would reject it"
        case .unknownColumn(let name, let available):
            return "no column named \(quoted(name)); the columns are "
                + available.map(quoted).joined(separator: ", ")
                + " (or select by 0-based index, e.g. 0-2)"
        case .columnIndexOutOfRange(let index, let columnCount):
            return "column index \(index) is out of range: the file has \(columnCount) "
                + "\(columnCount == 1 ? "column" : "columns"), indices 0 to \(columnCount - 1)"
        case .invalidColumnSelector(let text, let reason):
            return "cannot read the column selection \(quoted(text)): \(reason)"
        }
    }
}

/// `text` in double quotes, with quotes and control characters escaped.
private func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case _ where scalar.value < 0x20: result += "\\u{\(String(scalar.value, radix: 16))}"
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}
