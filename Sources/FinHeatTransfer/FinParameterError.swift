import Foundation

/// A physical or numerical input to the fin model that lies outside the range the model accepts.
///
/// Thrown at construction time (geometry, properties, non-dimensional parameters, data-set
/// options) so that a bad value from a file or a command line is rejected where it enters, with
/// the field, the value that arrived and the range that was expected:
///
///     fin parameter conductivity k = -3.0 W/(m·K) is outside the allowed range 0 < k ≤ 5000 W/(m·K)
public struct FinParameterError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The field as a word, e.g. `"conductivity"`.
    public let field: String
    /// The symbol used in the formulas, e.g. `"k"`.
    public let symbol: String
    /// The value that arrived.
    public let value: Double
    /// The unit of `value` and of the range, e.g. `"W/(m·K)"`; empty when dimensionless.
    public let unit: String
    /// The allowed range, written with `symbol`, e.g. `"0 < k ≤ 5000 W/(m·K)"`.
    public let allowedRange: String
    /// What to do about it, when there is something more useful to say than the range.
    public let hint: String?

    /// Creates the error; `allowedRange` should repeat `symbol` and `unit` so it reads alone.
    public init(
        field: String, symbol: String, value: Double, unit: String, allowedRange: String,
        hint: String? = nil
    ) {
        self.field = field
        self.symbol = symbol
        self.value = value
        self.unit = unit
        self.allowedRange = allowedRange
        self.hint = hint
    }

    public var description: String {
        let valueWithUnit = unit.isEmpty ? "\(value)" : "\(value) \(unit)"
        var text =
            "fin parameter \(field) \(symbol) = \(valueWithUnit) is outside the allowed range \(allowedRange)"
        if let hint { text += "; \(hint)" }
        return text
    }
}

extension FinParameterError {
    /// Throws unless `0 < value ≤ upper` (and `value` is finite).
    static func requirePositive(
        _ value: Double, field: String, symbol: String, unit: String, atMost upper: Double,
        hint: String? = nil
    ) throws {
        guard value.isFinite, value > 0, value <= upper else {
            throw FinParameterError(
                field: field, symbol: symbol, value: value, unit: unit,
                allowedRange: "0 < \(symbol) ≤ \(formatted(upper))\(unit.isEmpty ? "" : " " + unit)",
                hint: hint)
        }
    }

    /// Throws unless `lower ≤ value ≤ upper` (and `value` is finite).
    static func requireWithin(
        _ value: Double, field: String, symbol: String, unit: String,
        _ range: ClosedRange<Double>, hint: String? = nil
    ) throws {
        guard value.isFinite, range.contains(value) else {
            throw FinParameterError(
                field: field, symbol: symbol, value: value, unit: unit,
                allowedRange:
                    "\(formatted(range.lowerBound)) ≤ \(symbol) ≤ \(formatted(range.upperBound))"
                    + (unit.isEmpty ? "" : " " + unit),
                hint: hint)
        }
    }

    /// Throws unless `value` is finite and `value ≥ 0`.
    static func requireNonNegative(_ value: Double, field: String, symbol: String, unit: String)
        throws
    {
        guard value.isFinite, value >= 0 else {
            throw FinParameterError(
                field: field, symbol: symbol, value: value, unit: unit,
                allowedRange: "\(symbol) ≥ 0 and finite" + (unit.isEmpty ? "" : " (\(unit))"))
        }
    }

    /// `5000.0` prints as `5000`, `1e6` as `1000000`, `0.25` as `0.25`: ranges read like the docs.
    static func formatted(_ bound: Double) -> String {
        if bound == bound.rounded(), abs(bound) < 1e15 { return String(Int64(bound)) }
        return "\(bound)"
    }
}
