/// Recursive-descent parser over UTF-8 bytes.
///
/// It either builds the ``JSONValue`` tree (`JSONValue.parse`) or only checks the text
/// (`JSONText`, for model files). Both run the same code, so a file meets the same limits and
/// gets the same error, at the same line and column, either way. A check keeps nothing per
/// value: no tree, no decoded strings but the keys of the objects still open (to find repeats),
/// no converted numbers (a number is converted only when it might be beyond a double), and the
/// ends of arrays and objects of at least ``indexedLength`` bytes so that a reader can step over
/// them.
struct JSONParser {
    let bytes: [UInt8]
    var index = 0
    /// True: build the tree. False: only check; every value comes back as `.null`.
    let buildsValues: Bool
    /// The most keys one object may hold, or nil for no limit.
    let maximumKeys: Int?
    /// When only checking: the end (one past the closing bracket) and the number of entries of
    /// every array and object of at least ``indexedLength`` bytes, by the index of its opening
    /// bracket. Nested at most 64 deep, so at most 64 · bytes / ``indexedLength`` entries.
    var containers: [Int: (end: Int, count: Int)] = [:]

    /// The smallest array or object whose end is recorded when checking.
    static let indexedLength = 1 << 16

    init(bytes: [UInt8], buildsValues: Bool, maximumKeys: Int? = nil) {
        self.bytes = bytes
        self.buildsValues = buildsValues
        self.maximumKeys = maximumKeys
    }

    func error(_ message: String) -> JSONSyntaxError {
        var line = 1, column = 1
        for b in bytes[0..<min(index, bytes.count)] {
            if b == UInt8(ascii: "\n") { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return JSONSyntaxError(line: line, column: column, message: message)
    }

    /// One JSON value with optional whitespace around it, and nothing else.
    mutating func document() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        let value = try value(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected text after the JSON value") }
        return value
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < JSONValue.maximumDepth else { throw error("nesting deeper than \(JSONValue.maximumDepth) levels") }
        guard index < bytes.count else { throw error("unexpected end of file, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""):
            let s = try string(decoding: buildsValues)
            return buildsValues ? .string(s) : .null
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected character '\(String(decoding: [bytes[index]], as: UTF8.self))', expected a value")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard index + w.count <= bytes.count, bytes[index..<(index + w.count)].elementsEqual(w) else {
            throw error("expected '\(word)'")
        }
        index += w.count
    }

    /// Records where a large array or object that began at `start` ends (when checking).
    mutating func noteContainer(from start: Int, count: Int) {
        if !buildsValues, index - start >= Self.indexedLength { containers[start] = (index, count) }
    }

    mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        let start = index
        index += 1
        var pairs: [(String, JSONValue)] = []
        var keys = Set<String>()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(pairs) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
            let key = try string(decoding: true)
            guard keys.insert(key).inserted else { throw error("the key \"\(key)\" appears twice in one object") }
            if let maximumKeys, keys.count > maximumKeys { throw error("an object of more than \(maximumKeys) keys") }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after the key \"\(key)\"") }
            index += 1
            skipWhitespace()
            let value = try value(depth: depth + 1)
            if buildsValues { pairs.append((key, value)) }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file inside an object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                noteContainer(from: start, count: keys.count)
                return .object(pairs)
            }
            throw error("expected ',' or '}' in an object")
        }
    }

    mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        let start = index
        index += 1
        var items: [JSONValue] = []
        var count = 0
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            skipWhitespace()
            let item = try value(depth: depth + 1)
            if buildsValues { items.append(item) }
            count += 1
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file inside an array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                noteContainer(from: start, count: count)
                return .array(items)
            }
            throw error("expected ',' or ']' in an array")
        }
    }

    /// A number, converted with the correctly rounded `Double(_:)`; when only checking, 0 for
    /// any number that cannot be beyond a double.
    mutating func number() throws(JSONSyntaxError) -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let s = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - s
        }
        let intStart = index
        let integerDigits = digits()
        guard integerDigits > 0 else { throw error("a number needs digits") }
        if bytes[intStart] == UInt8(ascii: "0"), integerDigits > 1 { throw error("numbers do not start with 0") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw error("expected digits after the decimal point") }
        }
        var exponent = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var negative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                negative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentStart = index
            guard digits() > 0 else { throw error("expected digits in the exponent") }
            for b in bytes[exponentStart..<index] { exponent = min(exponent * 10 + Int(b - UInt8(ascii: "0")), 100_000) }
            if negative { exponent = -exponent }
        }
        guard index - start <= 400 else { throw error("a number of more than 400 characters") }
        // |x| < 10^(integer digits + exponent), so up to 10^308 (< the largest double,
        // 1.8 · 10^308) the number is finite whatever its digits; small ones round to 0 or a
        // subnormal, which are finite too.
        if !buildsValues, integerDigits + exponent <= 308 { return 0 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            index = start
            throw error("the number \(text) is outside the range of a double")
        }
        return value
    }

    /// A string; its text is decoded only when `decoding` (otherwise "" comes back), but it is
    /// checked either way.
    ///
    /// Escapes always produce whole, valid scalars, so the decoded text is valid UTF-8 exactly
    /// when every run of bytes between escapes is.
    mutating func string(decoding: Bool) throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        var runStart = index
        var valid = true
        var escaped = false
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                valid = valid && Self.isValidUTF8(bytes[runStart..<index])
                index += 1
                guard valid else { throw error("a string that is not valid UTF-8") }
                guard decoding else { return "" }
                return escaped ? Self.unescaped(bytes[start..<(index - 1)]) : String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
            }
            if b < 0x20 { throw error("a control character inside a string") }
            if b == UInt8(ascii: "\\") {
                valid = valid && Self.isValidUTF8(bytes[runStart..<index])
                escaped = true
                index += 1
                guard index < bytes.count else { break }
                let c = bytes[index]
                index += 1
                switch c {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                case UInt8(ascii: "u"):
                    guard Self.hexEscape(bytes, at: index) != nil else { throw error("expected four hex digits after \\u") }
                    index += 4
                default: throw error("unknown escape \\\(String(decoding: [c], as: UTF8.self))")
                }
                runStart = index
                continue
            }
            index += 1
        }
        throw error("unterminated string")
    }

    /// The code of `\uXXXX` whose four characters start at `index`, or nil: exactly four hex
    /// digits (`UInt32(_:radix:)` would also take `+041` and `-000`).
    static func hexEscape<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at index: Int) -> UInt32?
    where Bytes.Index == Int {
        guard index >= bytes.startIndex, index + 4 <= bytes.endIndex else { return nil }
        var code: UInt32 = 0
        for byte in bytes[index..<(index + 4)] {
            guard let digit = hexDigit(byte) else { return nil }
            code = code << 4 | digit
        }
        return code
    }

    /// The value of one hexadecimal digit, or nil.
    static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Whether the bytes are valid UTF-8 (the test `String(validating:as:)` makes).
    static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        if bytes.allSatisfy({ $0 < 0x80 }) { return true }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// The text of a checked string with escapes (the bytes between its quotes). Surrogates,
    /// paired or not, become U+FFFD: model files never need them.
    static func unescaped(_ bytes: ArraySlice<UInt8>) -> String {
        // Every escape is at least as long as the UTF-8 it stands for.
        String(unsafeUninitializedCapacity: bytes.count) { out in
            var count = 0
            var i = bytes.startIndex
            while i < bytes.endIndex {
                var b = bytes[i]
                i += 1
                if b == UInt8(ascii: "\\") {
                    let c = bytes[i]
                    i += 1
                    switch c {
                    case UInt8(ascii: "b"): b = 0x08
                    case UInt8(ascii: "f"): b = 0x0C
                    case UInt8(ascii: "n"): b = 0x0A
                    case UInt8(ascii: "r"): b = 0x0D
                    case UInt8(ascii: "t"): b = 0x09
                    case UInt8(ascii: "u"):
                        let code = hexEscape(bytes, at: i) ?? 0xFFFD
                        i += 4
                        UTF8.encode(Unicode.Scalar(code) ?? "\u{FFFD}") { out[count] = $0; count += 1 }
                        continue
                    default: b = c
                    }
                }
                out[count] = b
                count += 1
            }
            return count
        }
    }
}
