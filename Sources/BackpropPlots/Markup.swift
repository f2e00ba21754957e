/// Escaping of text for XML, SVG and HTML.
///
/// Every piece of text a caller hands to a chart or a report (titles, labels, series names,
/// table cells) passes through ``escape(_:)`` before it is written, so a name like
/// `a < b & "c"` shows as written and cannot break the document.
public enum Markup {
    /// Returns `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, and
    /// characters that XML 1.0 forbids (C0 controls other than tab, line feed and carriage
    /// return, and the non-characters U+FFFE and U+FFFF) replaced by U+FFFD.
    ///
    /// - Parameter text: Any text.
    /// - Returns: Text that is safe inside an element or a quoted attribute value.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    escaped += "\u{FFFD}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }
}
