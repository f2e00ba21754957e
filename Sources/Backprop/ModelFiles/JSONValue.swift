/// A small, strict JSON reader and writer for model files.
///
/// Written here rather than borrowed so that a hostile file meets known limits (nesting depth,
/// number syntax, string length) and every error names its line and column, and so that
/// numbers round-trip exactly: they are printed with Swift's shortest round-trip form and parsed
/// with the correctly rounded `Double(_:)`.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Keys keep their order (the writer's output is deterministic).
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a.bitPattern == b.bitPattern
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The value under `key` of an object (the first, if repeated — the reader rejects repeats).
    public subscript(key: String) -> JSONValue? {
        if case let .object(pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }
}

/// A JSON syntax error with its position.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public let line: Int, column: Int
    public let message: String
    public var description: String { "line \(line), column \(column): \(message)" }
}

extension JSONValue {
    /// The deepest nesting the reader accepts.
    public static var maximumDepth: Int { 64 }

    /// Parses UTF-8 JSON text.
    ///
    /// - Throws: ``JSONSyntaxError`` with line and column for invalid syntax, repeated keys,
    ///   nesting deeper than ``maximumDepth``, or numbers that are not finite doubles.
    ///
    /// The tree costs tens of bytes per number; model files are read through the checked text
    /// instead (`JSONText`), which holds the bytes and little else.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, buildsValues: true)
        return try parser.document()
    }

    /// The value as JSON text: two-space indentation for objects, arrays of numbers on one
    /// line, keys in the stored order. Non-finite numbers are written as `null`.
    public func serialized() -> String {
        var out = ""
        write(to: &out, indent: 0)
        out.append("\n")
        return out
    }

    private func write(to out: inout String, indent: Int) {
        switch self {
        case .null: out.append("null")
        case let .bool(b): out.append(b ? "true" : "false")
        case let .number(x): out.append(Self.format(x))
        case let .string(s): Self.writeString(s, to: &out)
        case let .array(items):
            if items.allSatisfy({ if case .number = $0 { return true } else { return false } }) || items.isEmpty {
                out.append("[")
                for (i, item) in items.enumerated() {
                    if i > 0 { out.append(", ") }
                    item.write(to: &out, indent: indent)
                }
                out.append("]")
            } else {
                out.append("[\n")
                for (i, item) in items.enumerated() {
                    out.append(String(repeating: " ", count: indent + 2))
                    item.write(to: &out, indent: indent + 2)
                    out.append(i + 1 < items.count ? ",\n" : "\n")
                }
                out.append(String(repeating: " ", count: indent) + "]")
            }
        case let .object(pairs):
            if pairs.isEmpty { out.append("{}"); return }
            out.append("{\n")
            for (i, (key, value)) in pairs.enumerated() {
                out.append(String(repeating: " ", count: indent + 2))
                Self.writeString(key, to: &out)
                out.append(": ")
                value.write(to: &out, indent: indent + 2)
                out.append(i + 1 < pairs.count ? ",\n" : "\n")
            }
            out.append(String(repeating: " ", count: indent) + "}")
        }
    }

    /// Shortest text that parses back to the same double; integers without ".0".
    static func format(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == 0 && x.sign == .minus { return "-0.0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// `s` as a JSON string literal: quotes, backslashes and control characters escaped, the
    /// rest as is (what the writer writes, and what error messages quote).
    static func quoted(_ s: String) -> String {
        var out = ""
        writeString(s, to: &out)
        return out
    }

    private static func writeString(_ s: String, to out: inout String) {
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }
}

