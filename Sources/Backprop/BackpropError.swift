/// Everything the library rejects from outside the program: data handed to the public API,
/// model files, and arguments. Each message names the place at fault, what was expected and
/// what arrived, and — where it helps — what to do.
public enum BackpropError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A width, count or shape does not fit: `what` names it (e.g. "input x", "layer 2 weight").
    case dimensionMismatch(what: String, expected: String, actual: String)
    /// A NaN or infinity where only finite numbers make sense.
    case nonFinite(what: String, index: String, value: Double)
    /// An architecture that cannot be built (no layers, a width of 0, …).
    case invalidArchitecture(String)
    /// An argument outside its allowed range.
    case invalidArgument(name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .dimensionMismatch(what, expected, actual):
            return "\(what): expected \(expected), got \(actual)"
        case let .nonFinite(what, index, value):
            return "\(what) at \(index) is \(value); only finite numbers are accepted"
        case let .invalidArchitecture(message):
            return "invalid architecture: \(message)"
        case let .invalidArgument(name, value, expected):
            return "\(name) = \(value) is invalid: expected \(expected)"
        }
    }
}
