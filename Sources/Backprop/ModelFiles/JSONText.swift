/// JSON text checked once, then read in place: how model files are loaded.
///
/// ``JSONValue/parse(_:)`` builds a tree in which every number is an enum value of its own, tens
/// of bytes each, so a file of 256 MB of `0,` would take gigabytes. The check here builds
/// nothing (see `JSONParser`), and the model's fields are then read straight from the bytes:
/// an array of numbers goes from its text straight into the model's `[Double]` or `[Float]`.
///
/// Memory: the bytes; the ends of the arrays and objects of 64 KiB or more (a few entries for a
/// model file; at most one per KiB of text, for text built to have them, as nesting stops at 64
/// levels: under 7 % of the file); and, while checking, the keys of the objects still open (at
/// most ``maximumKeys`` each, 64 objects deep: under 20 MB beyond the keys' own text).
struct JSONText: Sendable {
    let bytes: [UInt8]
    /// Where the document's value starts.
    let root: Int
    /// The end and entry count of the large arrays and objects, by their opening bracket.
    private let containers: [Int: (end: Int, count: Int)]

    /// The most keys one object of a model file may hold (a model file's largest object is its
    /// free-form metadata). The keys of an object being checked are kept to find repeats, so
    /// without a limit one object of 256 MB of short keys would take gigabytes.
    static let maximumKeys = 10_000

    /// Checks the whole text.
    ///
    /// - Throws: ``JSONSyntaxError`` for anything `JSONValue.parse` refuses, with the same
    ///   message at the same line and column, or for an object of more than ``maximumKeys`` keys.
    init(checking bytes: [UInt8]) throws(JSONSyntaxError) {
        var parser = JSONParser(bytes: bytes, buildsValues: false, maximumKeys: Self.maximumKeys)
        _ = try parser.document()
        self.bytes = bytes
        self.containers = parser.containers
        var root = 0
        while Self.isWhitespace(bytes[root]) { root += 1 }
        self.root = root
    }

    enum Kind { case null, bool, number, string, array, object }

    /// The kind of the value that starts at `i`.
    func kind(at i: Int) -> Kind {
        switch bytes[i] {
        case UInt8(ascii: "{"): .object
        case UInt8(ascii: "["): .array
        case UInt8(ascii: "\""): .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): .bool
        case UInt8(ascii: "n"): .null
        default: .number
        }
    }

    static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
    }

    func skipWhitespace(from i: Int) -> Int {
        var i = i
        while i < bytes.count, Self.isWhitespace(bytes[i]) { i += 1 }
        return i
    }

    /// One past the end of the value that starts at `i`.
    func end(ofValueAt i: Int) -> Int {
        switch kind(at: i) {
        case .object, .array:
            if let container = containers[i] { return container.end }
            // Smaller than 64 KiB, and so is everything in it.
            var depth = 0, j = i
            repeat {
                switch bytes[j] {
                case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1; j += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1; j += 1
                case UInt8(ascii: "\""): j = end(ofStringAt: j)
                default: j += 1
                }
            } while depth > 0
            return j
        case .string: return end(ofStringAt: i)
        case .null: return i + 4
        case .bool: return i + (bytes[i] == UInt8(ascii: "t") ? 4 : 5)
        case .number: return end(ofNumberAt: i)
        }
    }

    private func end(ofStringAt i: Int) -> Int {
        var j = i + 1
        while bytes[j] != UInt8(ascii: "\"") { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
        return j + 1
    }

    private func end(ofNumberAt i: Int) -> Int {
        var j = i
        while j < bytes.count {
            switch bytes[j] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                 UInt8(ascii: "e"), UInt8(ascii: "E"):
                j += 1
            default: return j
            }
        }
        return j
    }

    /// The number that starts at `i` and where it ends; nil if `i` holds no number.
    func number(at i: Int) -> (value: Double, end: Int)? {
        guard kind(at: i) == .number else { return nil }
        let end = end(ofNumberAt: i)
        // The check found the number well formed and finite.
        guard let value = Double(String(decoding: bytes[i..<end], as: UTF8.self)), value.isFinite else { return nil }
        return (value, end)
    }

    /// The string that starts at `i`, decoded; nil if `i` holds no string.
    func string(at i: Int) -> String? {
        guard kind(at: i) == .string else { return nil }
        let content = bytes[(i + 1)..<(end(ofStringAt: i) - 1)]
        return content.contains(UInt8(ascii: "\\")) ? JSONParser.unescaped(content) : String(decoding: content, as: UTF8.self)
    }

    /// Where the first entry of the array or object at `i` starts (for an object, its first
    /// key); nil when it is empty.
    func firstEntry(ofContainerAt i: Int) -> Int? {
        let j = skipWhitespace(from: i + 1)
        return bytes[j] == UInt8(ascii: "]") || bytes[j] == UInt8(ascii: "}") ? nil : j
    }

    /// Where the entry after the value that ends at `end` starts; nil after the last one.
    func nextEntry(afterValueEndingAt end: Int) -> Int? {
        let j = skipWhitespace(from: end)
        return bytes[j] == UInt8(ascii: ",") ? skipWhitespace(from: j + 1) : nil
    }

    /// The number of entries of the array or object at `i`.
    func count(ofContainerAt i: Int) -> Int {
        if let container = containers[i] { return container.count }
        var count = 0
        var entry = firstEntry(ofContainerAt: i)
        while let j = entry {
            count += 1
            entry = nextEntry(afterValueEndingAt: end(ofValueAt: kind(at: i) == .object ? value(ofMemberAt: j) : j))
        }
        return count
    }

    /// Where the value of the member whose key starts at `key` starts.
    func value(ofMemberAt key: Int) -> Int {
        skipWhitespace(from: skipWhitespace(from: end(ofStringAt: key)) + 1)
    }

    /// The members of the object at `i`, in order: each key and where its value starts.
    func members(ofObjectAt i: Int) -> [(key: String, value: Int)] {
        var members: [(key: String, value: Int)] = []
        var entry = firstEntry(ofContainerAt: i)
        while let key = entry {
            let value = value(ofMemberAt: key)
            members.append((string(at: key) ?? "", value))
            entry = nextEntry(afterValueEndingAt: end(ofValueAt: value))
        }
        return members
    }
}
