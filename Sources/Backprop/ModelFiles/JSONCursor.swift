/// Walks a checked JSON text (see `JSONText`), remembering the path so that every error names
/// its field.
struct JSONCursor {
    let text: JSONText
    /// Where the value starts in the text.
    let start: Int
    let path: String
    let file: String
    /// The keys of an object and where their values start, read once (an object is asked for
    /// several members); empty for other values. At most `JSONText.maximumKeys`.
    private let members: [(key: String, value: Int)]

    init(text: JSONText, start: Int, path: String, file: String) {
        self.text = text
        self.start = start
        self.path = path
        self.file = file
        members = text.kind(at: start) == .object ? text.members(ofObjectAt: start) : []
    }

    /// The document's root value.
    init(root text: JSONText, file: String) {
        self.init(text: text, start: text.root, path: "$", file: file)
    }

    var kind: JSONText.Kind { text.kind(at: start) }

    func fail(_ message: String) -> ModelFileError { .invalid(path: file, field: path, message: message) }

    func member(_ key: String) throws(ModelFileError) -> JSONCursor {
        guard kind == .object else { throw fail("expected an object") }
        guard let value = members.first(where: { $0.key == key })?.value else { throw fail("the field \"\(key)\" is missing") }
        return JSONCursor(text: text, start: value, path: path + "." + key, file: file)
    }

    /// The member, or nil when it is absent or null.
    func optionalMember(_ key: String) throws(ModelFileError) -> JSONCursor? {
        guard kind == .object else { throw fail("expected an object") }
        guard let value = members.first(where: { $0.key == key })?.value, text.kind(at: value) != .null else { return nil }
        return JSONCursor(text: text, start: value, path: path + "." + key, file: file)
    }

    /// Each member of an object, in the file's order.
    func allMembers() throws(ModelFileError) -> [(key: String, value: JSONCursor)] {
        guard kind == .object else { throw fail("expected an object") }
        return members.map { ($0.key, JSONCursor(text: text, start: $0.value, path: path + "." + $0.key, file: file)) }
    }

    /// The items of an array, read one by one as the sequence is walked (a history of 10⁷
    /// records never exists as 10⁷ cursors).
    func items(maximumCount: Int) throws(ModelFileError) -> JSONItems {
        guard kind == .array else { throw fail("expected an array") }
        let count = text.count(ofContainerAt: start)
        guard count <= maximumCount else { throw fail("\(count) entries, more than the limit of \(maximumCount)") }
        return JSONItems(array: self, count: count)
    }

    func double() throws(ModelFileError) -> Double {
        guard let (x, _) = text.number(at: start) else { throw fail("expected a number") }
        return x
    }

    /// A double where `null` stands for +∞ (a "best so far" that has not been set).
    func doubleOrInfinity() throws(ModelFileError) -> Double {
        if kind == .null { return .infinity }
        return try double()
    }

    func integer(in range: ClosedRange<Int>) throws(ModelFileError) -> Int {
        guard let (x, _) = text.number(at: start), x == x.rounded(), x >= Double(range.lowerBound), x <= Double(range.upperBound) else {
            throw fail("expected a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        return Int(x)
    }

    func string() throws(ModelFileError) -> String {
        guard let s = text.string(at: start) else { throw fail("expected a string") }
        return s
    }

    func bool() throws(ModelFileError) -> Bool {
        guard kind == .bool else { throw fail("expected true or false") }
        return text.bytes[start] == UInt8(ascii: "t")
    }

    /// An array of numbers, converted from the text straight into the result: a `Double`
    /// array is the only copy of the numbers ever made, and a `Float` one holds `Float(x)` of
    /// each double x (infinite where x is beyond Float; ``finite(_:)`` tells).
    func numbers<S: BinaryFloatingPoint>(as _: S.Type, count expected: Int? = nil, maximumCount: Int) throws(ModelFileError) -> [S] {
        guard kind == .array else { throw fail("expected an array of numbers") }
        let count = text.count(ofContainerAt: start)
        guard count <= maximumCount else { throw fail("\(count) numbers, more than the limit of \(maximumCount)") }
        if let expected, count != expected { throw fail("expected \(expected) numbers, found \(count)") }
        var out: [S] = []
        out.reserveCapacity(count)
        var item = text.firstEntry(ofContainerAt: start)
        while let at = item {
            guard let (x, end) = text.number(at: at) else {
                throw ModelFileError.invalid(path: file, field: path + "[\(out.count)]", message: "expected a number")
            }
            out.append(S(x))
            item = text.nextEntry(afterValueEndingAt: end)
        }
        return out
    }

    func doubles(count expected: Int? = nil, maximumCount: Int) throws(ModelFileError) -> [Double] {
        try numbers(as: Double.self, count: expected, maximumCount: maximumCount)
    }

    /// `values`, read by ``numbers(as:count:maximumCount:)`` from this array, when every one is
    /// finite in its type; otherwise the error names the first that is not, as the file wrote it.
    func finite<S: BinaryFloatingPoint>(_ values: [S]) throws(ModelFileError) -> [S] {
        guard let i = values.firstIndex(where: { !$0.isFinite }) else { return values }
        var item = text.firstEntry(ofContainerAt: start)
        for _ in 0..<i { item = item.flatMap { text.nextEntry(afterValueEndingAt: text.end(ofValueAt: $0)) } }
        let x = item.flatMap { text.number(at: $0)?.value } ?? Double(values[i])
        throw ModelFileError.invalid(path: file, field: path + "[\(i)]", message: "\(x) is not finite in \(S.self)")
    }

    func strings(count expected: Int, maximumLength: Int = 1000) throws(ModelFileError) -> [String] {
        let items = try self.items(maximumCount: expected)
        guard items.count == expected else { throw fail("expected \(expected) names, found \(items.count)") }
        var out: [String] = []
        out.reserveCapacity(expected)
        for item in items {
            let s = try item.string()
            guard s.count <= maximumLength else { throw item.fail("a name longer than \(maximumLength) characters") }
            out.append(s)
        }
        return out
    }
}

/// The items of a JSON array as cursors, each made when the walk reaches it.
struct JSONItems: Sequence {
    let array: JSONCursor
    /// The number of items.
    let count: Int

    var underestimatedCount: Int { count }

    func makeIterator() -> Iterator {
        Iterator(array: array, upcoming: array.text.firstEntry(ofContainerAt: array.start))
    }

    struct Iterator: IteratorProtocol {
        let array: JSONCursor
        /// Where the next item starts.
        var upcoming: Int?
        var index = 0

        mutating func next() -> JSONCursor? {
            guard let start = upcoming else { return nil }
            let item = JSONCursor(text: array.text, start: start, path: array.path + "[\(index)]", file: array.file)
            upcoming = array.text.nextEntry(afterValueEndingAt: array.text.end(ofValueAt: start))
            index += 1
            return item
        }
    }
}
