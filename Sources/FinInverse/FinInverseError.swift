/// What the inverse routes (the fin's, and ``ModelInversion`` on any model) reject: settings or
/// measurements outside what they can use.
///
/// Each message names the setting, what was expected and what arrived.
public enum FinInverseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A setting outside its range: `name`, the value that arrived, what is accepted.
    case invalidSetting(name: String, value: String, expected: String)
    /// Measurements that do not fit: e.g. 8 temperatures for 9 positions, a NaN, a sensor off the fin.
    case invalidMeasurements(String)
    /// The fin model refused a value (the physics library's message).
    case physics(String)
    /// The network engine refused to build or train (the engine's message).
    case engine(String)
    /// A trained estimate that is not at a minimum, or an unknown the data leave free (the message says which).
    case notConverged(String)

    public var description: String {
        switch self {
        case let .invalidSetting(name, value, expected):
            return "\(name) = \(value) is invalid: expected \(expected)"
        case let .invalidMeasurements(message):
            return "measurements: \(message)"
        case let .physics(message):
            return message
        case let .engine(message):
            return "network: \(message)"
        case let .notConverged(message):
            return message
        }
    }

    /// Throws `.invalidSetting` unless `value` is a whole number in `range`.
    static func require(_ value: Int, _ name: String, in range: ClosedRange<Int>) throws(FinInverseError) {
        guard range.contains(value) else {
            throw .invalidSetting(name: name, value: "\(value)", expected: "\(range.lowerBound) … \(range.upperBound)")
        }
    }

    /// Throws `.invalidSetting` unless `value` is finite and `value > 0`.
    static func requirePositive(_ value: Double, _ name: String) throws(FinInverseError) {
        guard value.isFinite, value > 0 else {
            throw .invalidSetting(name: name, value: "\(value)", expected: "a finite number > 0")
        }
    }

    /// Throws `.invalidSetting` unless `value` is finite and `value ≥ 0`.
    static func requireNonNegative(_ value: Double, _ name: String) throws(FinInverseError) {
        guard value.isFinite, value >= 0 else {
            throw .invalidSetting(name: name, value: "\(value)", expected: "a finite number ≥ 0")
        }
    }

    /// Wraps whatever the physics library threw (`FinParameterError`, solver errors).
    static func fromPhysics(_ error: any Error) -> FinInverseError {
        if let error = error as? FinInverseError { return error }
        return .physics(String(describing: error))
    }
}
