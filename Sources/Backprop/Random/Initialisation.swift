import RealModule

/// How a network's weights are drawn before training (biases start at zero).
///
/// The lecture: "initialize all these weights randomly". Each scheme draws every weight, layer
/// by layer, row-major within `W_k` (out × in), from one ``SeededGenerator``, so a seed fixes the
/// network bit for bit.
public enum Initialisation: Hashable, Sendable, CustomStringConvertible {
    /// The lecture's: uniform in `[lower, upper)`.
    case uniform(lower: Double, upper: Double)
    /// Xavier/Glorot uniform: `U(−l, l)` with `l = √(6 / (in + out))`; suits sigmoid and tanh.
    case xavier
    /// He (Kaiming) uniform: `U(−l, l)` with `l = √(6 / in)`; suits ReLU-like activations.
    case he

    /// The bounds `(lower, upper)` this scheme draws layer weights from.
    public func bounds(inputWidth: Int, outputWidth: Int) -> (lower: Double, upper: Double) {
        switch self {
        case let .uniform(lower, upper): return (lower, upper)
        case .xavier:
            let l = (6 / Double(inputWidth + outputWidth)).squareRoot()
            return (-l, l)
        case .he:
            let l = (6 / Double(inputWidth)).squareRoot()
            return (-l, l)
        }
    }

    /// `uniform:-0.5:0.5`, `xavier`, `he`.
    public var description: String {
        switch self {
        case let .uniform(lower, upper): return "uniform:\(lower):\(upper)"
        case .xavier: return "xavier"
        case .he: return "he"
        }
    }

    /// Parses `xavier`, `glorot`, `he`, `kaiming`, or `uniform:LOWER:UPPER` (default ±0.5).
    public init(name: String) throws(BackpropError) {
        let parts = name.lowercased().split(separator: ":").map(String.init)
        switch parts.first ?? "" {
        case "xavier" where parts.count == 1, "glorot" where parts.count == 1: self = .xavier
        case "he" where parts.count == 1, "kaiming" where parts.count == 1: self = .he
        case "uniform" where parts.count == 1: self = .uniform(lower: -0.5, upper: 0.5)
        case "uniform" where parts.count == 3:
            guard let lower = Double(parts[1]), let upper = Double(parts[2]),
                  lower.isFinite, upper.isFinite, lower < upper
            else {
                throw .invalidArgument(name: "initialisation", value: name,
                                       expected: "uniform:LOWER:UPPER with finite LOWER < UPPER")
            }
            self = .uniform(lower: lower, upper: upper)
        default:
            throw .invalidArgument(name: "initialisation", value: name,
                                   expected: "xavier, he, or uniform:LOWER:UPPER")
        }
    }
}
