import RealModule

/// How a gradient becomes a weight update.
///
/// Every rule starts from the lecture's gradient descent `w ← w − α ∂J/∂w`. With L2 weight decay
/// λ the gradient used is `g = ∂J/∂w + λ w` (applied to weights and biases, as PyTorch's
/// `weight_decay` does).
public enum Optimizer: Hashable, Sendable, CustomStringConvertible {
    /// `w ← w − α g`: the lecture's gradient descent.
    case gradientDescent
    /// Heavy-ball momentum (PyTorch's form): `v ← μ v + g`, `w ← w − α v`; with Nesterov,
    /// `w ← w − α (g + μ v)`.
    case momentum(mu: Double = 0.9, nesterov: Bool = false)
    /// Adam: `m ← β₁ m + (1 − β₁) g`, `v ← β₂ v + (1 − β₂) g²`,
    /// `w ← w − α m̂ / (√v̂ + ε)` with `m̂ = m / (1 − β₁ᵗ)`, `v̂ = v / (1 − β₂ᵗ)`.
    case adam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)

    public var description: String {
        switch self {
        case .gradientDescent: return "sgd"
        case let .momentum(mu, nesterov): return "\(nesterov ? "nesterov" : "momentum"):\(mu)"
        case let .adam(b1, b2, eps): return "adam:\(b1):\(b2):\(eps)"
        }
    }

    /// Parses `sgd`, `momentum[:MU]`, `nesterov[:MU]`, `adam[:BETA1:BETA2:EPSILON]`.
    public init(name: String) throws(BackpropError) {
        let parts = name.lowercased().split(separator: ":").map(String.init)
        let numbers = parts.dropFirst().compactMap { Double($0) }.filter(\.isFinite)
        guard numbers.count == parts.count - 1 else {
            throw .invalidArgument(name: "optimizer", value: name, expected: "numbers after the name, e.g. momentum:0.9")
        }
        switch (parts.first ?? "", numbers.count) {
        case ("sgd", 0), ("gd", 0): self = .gradientDescent
        case ("momentum", 0...1), ("nesterov", 0...1):
            let mu = numbers.first ?? 0.9
            guard mu >= 0, mu < 1 else { throw .invalidArgument(name: "momentum μ", value: "\(mu)", expected: "0 ≤ μ < 1") }
            self = .momentum(mu: mu, nesterov: parts[0] == "nesterov")
        case ("adam", 0), ("adam", 3):
            let b1 = numbers.count == 3 ? numbers[0] : 0.9, b2 = numbers.count == 3 ? numbers[1] : 0.999
            let eps = numbers.count == 3 ? numbers[2] : 1e-8
            guard b1 >= 0, b1 < 1, b2 >= 0, b2 < 1, eps > 0 else {
                throw .invalidArgument(name: "adam", value: name, expected: "0 ≤ β₁, β₂ < 1 and ε > 0")
            }
            self = .adam(beta1: b1, beta2: b2, epsilon: eps)
        default:
            throw .invalidArgument(name: "optimizer", value: name,
                                   expected: "sgd, momentum[:MU], nesterov[:MU], or adam[:BETA1:BETA2:EPSILON]")
        }
    }
}

/// The optimiser's memory between steps: momentum's `v`, Adam's `m`, `v` and step count `t`.
/// Saved in model files so that a resumed run continues bit for bit.
public struct OptimizerState<Scalar: NetworkScalar>: Sendable, Equatable {
    /// Updates taken so far (Adam's t).
    public var step: Int = 0
    /// Momentum's velocity, or Adam's first moment m (empty for plain gradient descent).
    public var first: [Scalar] = []
    /// Adam's second moment v (empty otherwise).
    public var second: [Scalar] = []

    public init(step: Int = 0, first: [Scalar] = [], second: [Scalar] = []) {
        self.step = step
        self.first = first
        self.second = second
    }

    /// A fresh state for `optimizer` over `count` parameters.
    public init(for optimizer: Optimizer, count: Int) {
        switch optimizer {
        case .gradientDescent: break
        case .momentum: first = Array(repeating: 0, count: count)
        case .adam:
            first = Array(repeating: 0, count: count)
            second = Array(repeating: 0, count: count)
        }
    }
}

extension Optimizer {
    /// One update of `w` from the gradient `g` at learning rate α (see the cases for formulas).
    ///
    /// Every rule is elementwise, so a long parameter vector is cut into ranges updated in
    /// parallel (at least `WorkerPool.elementsPerPart` elements each); every element sees the same
    /// operations whatever the number of threads.
    @inlinable
    public func update<Scalar: NetworkScalar>(
        _ w: inout [Scalar], gradient g: [Scalar], learningRate: Double, weightDecay: Double,
        state: inout OptimizerState<Scalar>
    ) {
        precondition(g.count == w.count, "Optimizer.update: gradient has \(g.count) entries, parameters \(w.count)")
        state.step += 1
        let step = state.step, count = w.count
        w.withUnsafeMutableBufferPointer { w in
        g.withUnsafeBufferPointer { g in
        state.first.withUnsafeMutableBufferPointer { first in
        state.second.withUnsafeMutableBufferPointer { second in
            WorkerPool.forEachRange(count: count, minimum: WorkerPool.elementsPerPart) { range in
                update(range, w: w.baseAddress!, g: g.baseAddress!, first: first.baseAddress,
                       second: second.baseAddress, learningRate: learningRate, weightDecay: weightDecay, step: step)
            }
        }}}}
    }

    /// The update of elements `range`; `first` and `second` are the state's vectors (nil when
    /// the rule keeps none), `step` the count of updates including this one (Adam's t).
    @inlinable
    func update<Scalar: NetworkScalar>(
        _ range: Range<Int>, w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>,
        first: UnsafeMutablePointer<Scalar>?, second: UnsafeMutablePointer<Scalar>?,
        learningRate: Double, weightDecay: Double, step: Int
    ) {
        let alpha = Scalar(learningRate), lambda = Scalar(weightDecay)
        switch self {
        case .gradientDescent:
            if lambda == 0 {
                for i in range { w[i] -= alpha * g[i] }                    // w ← w − α ∂J/∂w
            } else {
                for i in range { w[i] -= alpha * (g[i] + lambda * w[i]) }
            }
        case let .momentum(muValue, nesterov):
            let mu = Scalar(muValue), v = first!
            for i in range {
                let gi = g[i] + lambda * w[i]
                v[i] = mu * v[i] + gi                                      // v ← μ v + g
                w[i] -= alpha * (nesterov ? gi + mu * v[i] : v[i])
            }
        case let .adam(beta1Value, beta2Value, epsilonValue):
            let beta1 = Scalar(beta1Value), beta2 = Scalar(beta2Value), epsilon = Scalar(epsilonValue)
            let t = Scalar(step)
            let c1 = 1 - Scalar.pow(beta1, t), c2 = 1 - Scalar.pow(beta2, t)
            let m = first!, v = second!
            for i in range {
                let gi = g[i] + lambda * w[i]
                m[i] = beta1 * m[i] + (1 - beta1) * gi
                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi
                w[i] -= alpha * (m[i] / c1) / ((v[i] / c2).squareRoot() + epsilon)
            }
        }
    }
}
