import RealModule

/// The nonlinear part of a neuron, `a = g(z)`, with its derivatives `g′` and `g″`.
///
/// Each derivative takes both `z` and `a = g(z)` so that it can use whichever is exact and cheap:
/// the lecture's sigmoid′ is `a(1 − a)`, tanh′ is `1 − a²`. `g″` is there for physics-informed
/// training (∂²ŷ/∂x² through the network).
///
/// All are numerically safe over the whole floating-point range: sigmoid, softplus and ELU never
/// evaluate `exp` of a large positive number. At a kink (ReLU and leaky ReLU at `z = 0`) the
/// derivative taken is the left one, as PyTorch does.
public enum Activation: Hashable, Sendable, CustomStringConvertible {
    /// `g(z) = z`: the linear neuron of the delta rule.
    case identity
    /// The logistic function `g(z) = 1 / (1 + e^(−z))`, `g′ = a(1 − a)`.
    case sigmoid
    /// `g(z) = tanh z`, `g′ = 1 − a²`.
    case tanh
    /// `g(z) = max(0, z)`.
    case relu
    /// `g(z) = z` for `z > 0`, `slope · z` otherwise.
    case leakyReLU(slope: Double)
    /// `g(z) = log(1 + e^z)`, `g′ = sigmoid(z)`.
    case softplus
    /// `g(z) = z` for `z > 0`, `α (e^z − 1)` otherwise.
    case elu(alpha: Double)

    /// Every kind of activation once, with default parameters (for tests and `--help`).
    public static let all: [Activation] = [
        .identity, .sigmoid, .tanh, .relu, .leakyReLU(slope: 0.01), .softplus, .elu(alpha: 1),
    ]

    /// The nonlinear part `a = g(z)`.
    @inlinable
    public func g<Scalar: NetworkScalar>(_ z: Scalar) -> Scalar {
        switch self {
        case .identity: return z
        case .sigmoid: return Self.sigmoid(z)
        case .tanh: return Scalar.tanh(z)
        case .relu: return z > 0 ? z : 0
        case .leakyReLU(let slope): return z > 0 ? z : Scalar(slope) * z
        case .softplus:
            // log(1 + e^z) = max(z, 0) + log(1 + e^(−|z|)): no overflow for large z.
            return Swift.max(z, 0) + Scalar.log(onePlus: Scalar.exp(-z.magnitude))
        case .elu(let alpha): return z > 0 ? z : Scalar(alpha) * Scalar.expMinusOne(z)
        }
    }

    /// The derivative `g′(z)`, given `z` and `a = g(z)`.
    @inlinable
    public func gPrime<Scalar: NetworkScalar>(z: Scalar, a: Scalar) -> Scalar {
        switch self {
        case .identity: return 1
        case .sigmoid: return a * (1 - a)
        case .tanh: return 1 - a * a
        case .relu: return z > 0 ? 1 : 0
        case .leakyReLU(let slope): return z > 0 ? 1 : Scalar(slope)
        case .softplus: return Self.sigmoid(z)
        case .elu(let alpha): return z > 0 ? 1 : a + Scalar(alpha)
        }
    }

    /// The second derivative `g″(z)`, given `z` and `a = g(z)`.
    @inlinable
    public func gDoublePrime<Scalar: NetworkScalar>(z: Scalar, a: Scalar) -> Scalar {
        switch self {
        case .identity, .relu, .leakyReLU: return 0
        case .sigmoid: return a * (1 - a) * (1 - 2 * a)
        case .tanh: return -2 * a * (1 - a * a)
        case .softplus:
            let s = Self.sigmoid(z)
            return s * (1 - s)
        case .elu(let alpha): return z > 0 ? 0 : a + Scalar(alpha)
        }
    }

    /// The third derivative `g‴(z)`, given `z` and `a = g(z)`: what the backward pass through a
    /// second input derivative needs (∂a″/∂z = g‴(z) z′² + g″(z) z″, see `Dense+InputDerivatives`).
    ///
    ///     sigmoid:  g‴ = a(1 − a)(1 − 6a + 6a²)
    ///     tanh:     g‴ = (1 − a²)(6a² − 2)
    ///     softplus: g‴ = s(1 − s)(1 − 2s),  s = sigmoid(z)
    ///     ELU:      g‴ = a + α for z ≤ 0, else 0
    @inlinable
    public func gTriplePrime<Scalar: NetworkScalar>(z: Scalar, a: Scalar) -> Scalar {
        switch self {
        case .identity, .relu, .leakyReLU: return 0
        case .sigmoid: return a * (1 - a) * (1 - 6 * a + 6 * a * a)
        case .tanh: return (1 - a * a) * (6 * a * a - 2)
        case .softplus:
            let s = Self.sigmoid(z)
            return s * (1 - s) * (1 - 2 * s)
        case .elu(let alpha): return z > 0 ? 0 : a + Scalar(alpha)
        }
    }

    /// Whether g is smooth everywhere (g′, g″ and g‴ continuous): what a physics-informed cost
    /// on ŷ″ needs. ReLU and leaky ReLU have g″ = 0 (a piecewise-linear ŷ has no curvature) and
    /// ELU's g″ jumps at z = 0.
    public var isSmooth: Bool {
        switch self {
        case .identity, .sigmoid, .tanh, .softplus: true
        case .relu, .leakyReLU, .elu: false
        }
    }

    /// The logistic function without overflow: for `z < 0` it is computed as `e^z / (1 + e^z)`.
    @inlinable
    static func sigmoid<Scalar: NetworkScalar>(_ z: Scalar) -> Scalar {
        if z >= 0 {
            return 1 / (1 + Scalar.exp(-z))
        } else {
            let ez = Scalar.exp(z)
            return ez / (1 + ez)
        }
    }

    /// The name used on the command line and in model files: `sigmoid`, `leaky-relu:0.01`, ….
    public var description: String {
        switch self {
        case .identity: return "identity"
        case .sigmoid: return "sigmoid"
        case .tanh: return "tanh"
        case .relu: return "relu"
        case .leakyReLU(let slope): return "leaky-relu:\(slope)"
        case .softplus: return "softplus"
        case .elu(let alpha): return "elu:\(alpha)"
        }
    }

    /// Parses a name as ``description`` prints it. `linear` and `logistic` are accepted as the
    /// lecture's synonyms; `leaky-relu` and `elu` take an optional `:parameter`.
    ///
    /// - Throws: ``BackpropError/invalidArgument(name:value:expected:)`` for an unknown name or a
    ///   parameter that is not a finite number (leaky slope must be in [0, 1), ELU α > 0).
    public init(name: String) throws(BackpropError) {
        let parts = name.lowercased().split(separator: ":", maxSplits: 1).map(String.init)
        let base = parts.first ?? ""
        let parameter: Double?
        if parts.count == 2 {
            guard let value = Double(parts[1]), value.isFinite else {
                throw .invalidArgument(
                    name: "activation parameter", value: parts[1], expected: "a finite number")
            }
            parameter = value
        } else {
            parameter = nil
        }
        switch (base, parameter) {
        case ("identity", nil), ("linear", nil): self = .identity
        case ("sigmoid", nil), ("logistic", nil): self = .sigmoid
        case ("tanh", nil): self = .tanh
        case ("relu", nil): self = .relu
        case ("softplus", nil): self = .softplus
        case ("leaky-relu", let slope), ("leakyrelu", let slope), ("leaky_relu", let slope):
            let slope = slope ?? 0.01
            guard slope >= 0, slope < 1 else {
                throw .invalidArgument(name: "leaky-relu slope", value: "\(slope)", expected: "0 ≤ slope < 1")
            }
            self = .leakyReLU(slope: slope)
        case ("elu", let alpha):
            let alpha = alpha ?? 1
            guard alpha > 0 else {
                throw .invalidArgument(name: "elu alpha", value: "\(alpha)", expected: "alpha > 0")
            }
            self = .elu(alpha: alpha)
        default:
            throw .invalidArgument(
                name: "activation", value: name,
                expected: "one of identity, sigmoid, tanh, relu, leaky-relu[:slope], softplus, elu[:alpha]")
        }
    }
}
