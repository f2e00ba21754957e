import Backprop
import Foundation

/// Numbers and tables as the commands print them for people (JSON output uses ``JSONValue``).
enum Format {
    /// `1.234e-05`: three significant digits after the first, in scientific notation.
    static func scientific(_ x: Double) -> String {
        x.isFinite ? String(format: "%.3e", x) : "\(x)"
    }

    /// A rate or a ratio: three significant digits, no exponent below a million.
    static func rate(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        return x >= 100 ? String(format: "%.0f", x) : String(format: "%.3g", x)
    }

    /// `%.6g`: compact, for values of ordinary size.
    static func short(_ x: Double) -> String {
        x.isFinite ? String(format: "%.6g", x) : "\(x)"
    }

    /// A duration to three significant digits: `412 ns`, `8.51 µs`, `12.3 ms`, `4.56 s`,
    /// `2 min 05 s`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        if seconds < 1e-6 { return String(format: "%.3g ns", seconds * 1e9) }
        if seconds < 1e-3 { return String(format: "%.3g µs", seconds * 1e6) }
        if seconds < 1 { return String(format: "%.3g ms", seconds * 1e3) }
        if seconds < 60 { return String(format: "%.2f s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return String(format: "%d min %02d s", whole / 60, whole % 60) }
        return String(format: "%d h %02d min", whole / 3600, (whole % 3600) / 60)
    }

    /// Rows of cells as columns padded to their widest cell; a column whose cells are all
    /// numbers (or durations) is right-aligned.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in all.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        let numeric = (0..<columns).map { c in
            rows.allSatisfy { c >= $0.count || isNumber($0[c]) }
        }
        return all.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return numeric[c] ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    private static func isNumber(_ cell: String) -> Bool {
        Double(cell) != nil || ["s", "ms", "µs", "ns", "min"].contains { cell.hasSuffix(" " + $0) }
    }
}

extension String {
    /// The string without the spaces at its end.
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

extension JSONValue {
    /// An array of numbers (non-finite ones become `null`).
    static func numbers(_ values: some Sequence<Double>) -> JSONValue {
        .array(values.map { .number($0) })
    }

    /// A matrix as an array of rows.
    static func rows(_ matrix: Matrix<Double>) -> JSONValue {
        .array((0..<matrix.rows).map { numbers(matrix.row($0)) })
    }

    /// A number, or `null` when there is none.
    static func optional(_ value: Double?) -> JSONValue {
        value.map { .number($0) } ?? .null
    }

    /// A list of strings.
    static func strings(_ values: [String]) -> JSONValue {
        .array(values.map { .string($0) })
    }

    /// A report built as Foundation values — `[String: Any]` (keys sorted), arrays, `String`,
    /// `Bool`, integers, `Double`, `Float`, `NSNull` or `nil`, optionals of these — as a JSON value; non-finite
    /// numbers become `null` (Foundation's own writer would throw on them).
    init(report value: Any?) {
        guard let value else { self = .null; return }
        // The common types first, containers before any cast to a class or protocol: a failing
        // cast of a dictionary to NSNull or to a protocol bridges it to NSDictionary, subtree
        // and all (that made --json of 1000 readings sets take 1.3 s).
        switch value {
        case let v as Double: self = .number(v)
        case let v as String: self = .string(v)
        case let v as Bool: self = .bool(v)
        case let v as [String: Any]: self = .object(v.keys.sorted().map { ($0, JSONValue(report: v[$0])) })
        case let v as [Double]: self = .array(v.map { .number($0) })
        case let v as [Any]: self = .array(v.map { JSONValue(report: $0) })
        case let v as any BinaryInteger: self = .number(Double(v))
        case let v as Float: self = .number(Double(v))
        // An optional stored as `Any` (a `Double?` put in a dictionary) that is nil.
        case is any OptionalReportValue, is NSNull: self = .null
        default: preconditionFailure("JSONValue(report:): \(type(of: value)) is not a report value")
        }
    }
}

/// An `Optional` seen through `Any` (casts unwrap a `.some`; this tells a `.none` from a type
/// ``JSONValue/init(report:)`` does not know, without a `Mirror` per value).
protocol OptionalReportValue {}

extension Optional: OptionalReportValue {}
