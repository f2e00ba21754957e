import AtomicFiles
/// Why a model file could not be read or written. Every case names the file; a content problem
/// names the first field at fault by its JSON path (e.g. `$.layers[2].outputs`).
public enum ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened, read or written, or is too large.
    case file(AtomicFile.FileError)
    /// The file is not valid JSON.
    case syntax(path: String, JSONSyntaxError)
    /// The JSON is valid but a field is missing, of the wrong type, or out of range.
    case invalid(path: String, field: String, message: String)

    public var description: String {
        switch self {
        case let .file(error): return "model file \(error)"
        case let .syntax(path, error): return "model file \(path): not valid JSON at \(error)"
        case let .invalid(path, field, message): return "model file \(path): \(field): \(message)"
        }
    }
}

/// Walks a parsed JSON document, remembering the path so that every error names its field.
struct JSONCursor {
    let value: JSONValue
    let path: String
    let file: String

    func fail(_ message: String) -> ModelFileError { .invalid(path: file, field: path, message: message) }

    func member(_ key: String) throws(ModelFileError) -> JSONCursor {
        guard case .object = value else { throw fail("expected an object") }
        guard let v = value[key] else { throw fail("the field \"\(key)\" is missing") }
        return JSONCursor(value: v, path: path + "." + key, file: file)
    }

    /// The member, or nil when it is absent or null.
    func optionalMember(_ key: String) throws(ModelFileError) -> JSONCursor? {
        guard case .object = value else { throw fail("expected an object") }
        guard let v = value[key], v != .null else { return nil }
        return JSONCursor(value: v, path: path + "." + key, file: file)
    }

    func items(maximumCount: Int) throws(ModelFileError) -> [JSONCursor] {
        guard case let .array(items) = value else { throw fail("expected an array") }
        guard items.count <= maximumCount else { throw fail("\(items.count) entries, more than the limit of \(maximumCount)") }
        return items.enumerated().map { JSONCursor(value: $1, path: path + "[\($0)]", file: file) }
    }

    func double() throws(ModelFileError) -> Double {
        guard case let .number(x) = value else { throw fail("expected a number") }
        return x
    }

    /// A double where `null` stands for +∞ (a "best so far" that has not been set).
    func doubleOrInfinity() throws(ModelFileError) -> Double {
        if value == .null { return .infinity }
        return try double()
    }

    func integer(in range: ClosedRange<Int>) throws(ModelFileError) -> Int {
        guard case let .number(x) = value, x == x.rounded(), x >= Double(range.lowerBound), x <= Double(range.upperBound) else {
            throw fail("expected a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        return Int(x)
    }

    func string() throws(ModelFileError) -> String {
        guard case let .string(s) = value else { throw fail("expected a string") }
        return s
    }

    func bool() throws(ModelFileError) -> Bool {
        guard case let .bool(b) = value else { throw fail("expected true or false") }
        return b
    }

    func doubles(count expected: Int? = nil, maximumCount: Int) throws(ModelFileError) -> [Double] {
        guard case let .array(items) = value else { throw fail("expected an array of numbers") }
        guard items.count <= maximumCount else { throw fail("\(items.count) numbers, more than the limit of \(maximumCount)") }
        if let expected, items.count != expected { throw fail("expected \(expected) numbers, found \(items.count)") }
        var out: [Double] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard case let .number(x) = item else {
                throw ModelFileError.invalid(path: file, field: path + "[\(i)]", message: "expected a number")
            }
            out.append(x)
        }
        return out
    }

    func strings(count expected: Int, maximumLength: Int = 1000) throws(ModelFileError) -> [String] {
        let items = try self.items(maximumCount: expected)
        guard items.count == expected else { throw fail("expected \(expected) names, found \(items.count)") }
        var out: [String] = []
        for item in items {
            let s = try item.string()
            guard s.count <= maximumLength else { throw item.fail("a name longer than \(maximumLength) characters") }
            out.append(s)
        }
        return out
    }
}
