/// Finds the fields of one line, for a given separator.
///
/// A field may be double-quoted (`"T, tip"`), with `""` standing for one quote inside; spaces
/// and tabs around a field are not part of it (tabs are, of course, separators for ``CSVSeparator/tab``).
struct FieldScanner {
    /// One field of a line.
    struct Field {
        /// The field's bytes: without surrounding blanks, and inside the quotes if quoted.
        var content: Range<Int>
        /// Whether the field was double-quoted (its content may then hold `""`).
        var quoted: Bool
        /// Where the next field starts, or `nil` if this was the last field of the line.
        var next: Int?
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let separator: CSVSeparator

    /// The field that starts at `start` (just after a separator, or at the start of the line).
    ///
    /// - Returns: `nil` for a quoted field that is not closed, or is followed by anything but
    ///   blanks and a separator.
    @inline(__always)
    func field(from start: Int, lineEnd end: Int) -> Field? {
        var i = start
        while i < end, isBlank(bytes[i]) { i += 1 }
        if i < end, bytes[i] == UInt8(ascii: "\"") { return quotedField(openingQuote: i, lineEnd: end) }

        let contentStart = i
        if let separatorByte = separator.byte {
            while i < end, bytes[i] != separatorByte { i += 1 }
            var contentEnd = i
            while contentEnd > contentStart, isBlank(bytes[contentEnd - 1]) { contentEnd -= 1 }
            return Field(content: contentStart..<contentEnd, quoted: false, next: i < end ? i + 1 : nil)
        } else {
            while i < end, !isBlank(bytes[i]) { i += 1 }
            let contentEnd = i
            while i < end, isBlank(bytes[i]) { i += 1 }
            return Field(content: contentStart..<contentEnd, quoted: false, next: i < end ? i : nil)
        }
    }

    private func quotedField(openingQuote: Int, lineEnd end: Int) -> Field? {
        var i = openingQuote + 1
        // Find the closing quote, stepping over doubled quotes.
        while true {
            while i < end, bytes[i] != UInt8(ascii: "\"") { i += 1 }
            guard i < end else { return nil }
            if i + 1 < end, bytes[i + 1] == UInt8(ascii: "\"") {
                i += 2
                continue
            }
            break
        }
        let content = (openingQuote + 1)..<i
        i += 1
        while i < end, isBlank(bytes[i]) { i += 1 }
        if i == end { return Field(content: content, quoted: true, next: nil) }
        if let separatorByte = separator.byte {
            guard bytes[i] == separatorByte else { return nil }
            return Field(content: content, quoted: true, next: i + 1)
        }
        // Whitespace-separated: blanks must separate the closing quote from the next field.
        guard isBlank(bytes[i - 1]) else { return nil }
        return Field(content: content, quoted: true, next: i)
    }

    /// The number of fields in a line, or `nil` if a quoted field in it is malformed.
    func fieldCount(of line: Range<Int>) -> Int? {
        var count = 0
        var position: Int? = line.lowerBound
        while let start = position {
            guard let field = field(from: start, lineEnd: line.upperBound) else { return nil }
            count += 1
            position = field.next
        }
        return count
    }

    /// Whether a byte is space or tab, where tab is not the separator.
    @inline(__always)
    private func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (byte == UInt8(ascii: "\t") && separator != .tab)
    }
}
