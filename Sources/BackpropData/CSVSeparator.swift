/// What separates the fields of a line in a data file.
public enum CSVSeparator: String, CaseIterable, Sendable {
    /// `,`, the spreadsheet default.
    case comma
    /// `;`, what spreadsheets write where the decimal point is a comma.
    case semicolon
    /// A tab character.
    case tab
    /// One or more spaces or tabs, as in gnuplot and Fortran output; leading and trailing
    /// whitespace is ignored.
    case whitespace

    /// Reads a separator from its name (`comma`, `semicolon`, `tab`, `whitespace`) or its
    /// character (`,` `;` and `\t` or a space).
    ///
    /// - Returns: `nil` for any other text.
    public init?(name: String) {
        switch name.lowercased() {
        case "comma", ",": self = .comma
        case "semicolon", ";": self = .semicolon
        case "tab", "\t", "\\t": self = .tab
        case "whitespace", "space", " ": self = .whitespace
        default: return nil
        }
    }

    /// The byte that separates fields, or `nil` for ``whitespace``.
    var byte: UInt8? {
        switch self {
        case .comma: UInt8(ascii: ",")
        case .semicolon: UInt8(ascii: ";")
        case .tab: UInt8(ascii: "\t")
        case .whitespace: nil
        }
    }

    /// The text the writer puts between fields.
    var written: String {
        switch self {
        case .comma: ","
        case .semicolon: ";"
        case .tab: "\t"
        case .whitespace: " "
        }
    }

    /// Guesses the separator from the header line.
    ///
    /// Tabs, semicolons and commas are counted outside double quotes, and the most frequent
    /// wins; on a tie, tab beats semicolon beats comma. A header with none of them is
    /// whitespace-separated.
    static func detect(headerLine line: UnsafeBufferPointer<UInt8>) -> CSVSeparator {
        var tabs = 0
        var semicolons = 0
        var commas = 0
        var insideQuotes = false
        for byte in line {
            switch byte {
            case UInt8(ascii: "\""): insideQuotes.toggle()
            case UInt8(ascii: "\t") where !insideQuotes: tabs += 1
            case UInt8(ascii: ";") where !insideQuotes: semicolons += 1
            case UInt8(ascii: ",") where !insideQuotes: commas += 1
            default: break
            }
        }
        let best = max(tabs, semicolons, commas)
        if best == 0 { return .whitespace }
        if tabs == best { return .tab }
        if semicolons == best { return .semicolon }
        return .comma
    }
}
