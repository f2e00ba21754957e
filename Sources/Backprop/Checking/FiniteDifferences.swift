import RealModule

/// How a derivative is approximated from cost evaluations.
///
/// The lecture's check: perturb one weight `p` by Δp, keep every other weight fixed, and see how
/// J moves. Each perturbed weight costs forward passes — which is why backprop exists.
public enum FiniteDifference: String, Hashable, Sendable, CaseIterable {
    /// `∂J/∂p ≈ [J(…, p + Δp, …) − J(…, p, …)] / Δp`, the lecture's formula: one extra forward
    /// pass per weight (N + 1 in all); error O(Δp). Step `Δp = √ε · max(1, |p|)`.
    case forward
    /// `∂J/∂p ≈ [J(p + Δp) − J(p − Δp)] / 2Δp`: two forward passes per weight (2N); error O(Δp²).
    /// Step `Δp = ε^(1/3) · max(1, |p|)`.
    case central
    /// Central differences at steps Δp and Δp/2, combined by Richardson extrapolation,
    /// `[4 D(Δp/2) − D(Δp)] / 3` with `D(h) = [J(p + h) − J(p − h)] / 2h`: four forward passes
    /// per weight (4N); error O(Δp⁴). Step `Δp = ε^(1/5) · max(1, |p|)`, so round-off
    /// (≈ ε J / Δp) stays near 10⁻¹³ J in Double. The most accurate check; the default.
    case richardson

    /// The step for a parameter of value `p`, rounded so that `p ± Δp` is exactly representable
    /// (then the divisor is the step actually taken).
    @inlinable
    public func step<Scalar: NetworkScalar>(at p: Scalar) -> Scalar {
        let base: Scalar = switch self {
        case .forward: Scalar.ulpOfOne.squareRoot()
        case .central: Scalar.pow(Scalar.ulpOfOne, Scalar(1) / 3)
        case .richardson: Scalar.pow(Scalar.ulpOfOne, Scalar(1) / 5)
        }
        let h = base * Swift.max(1, p.magnitude)
        return (p + h) - p
    }

    /// df/dp at `value` by this scheme, from evaluations of f; `atValue` is f(value), which the
    /// forward scheme needs (the others ignore it).
    @inlinable
    public func derivative<Scalar: NetworkScalar>(at value: Scalar, atValue f0: Scalar, _ evaluate: (Scalar) -> Scalar) -> Scalar {
        let h = step(at: value)
        switch self {
        case .forward: return (evaluate(value + h) - f0) / h
        case .central: return (evaluate(value + h) - evaluate(value - h)) / (2 * h)
        case .richardson:
            let half = h / 2   // exact: h is a float, halving it only changes the exponent
            let d1 = (evaluate(value + h) - evaluate(value - h)) / (2 * h)
            let d2 = (evaluate(value + half) - evaluate(value - half)) / h
            return (4 * d2 - d1) / 3
        }
    }

    /// Forward passes needed for the whole gradient of `n` parameters.
    public func forwardPasses(parameters n: Int) -> Int {
        switch self {
        case .forward: n + 1
        case .central: 2 * n
        case .richardson: 4 * n
        }
    }
}

/// A gradient estimated by finite differences, with what it cost.
public struct FiniteDifferenceGradient<Scalar: NetworkScalar>: Sendable {
    /// ∂J/∂w for every parameter, in the network's layout.
    public let gradient: Gradient<Scalar>
    /// ∂J/∂x, N × (inputs).
    public let inputGradient: Matrix<Scalar>
    /// Forward passes used for ∂J/∂w (the input gradient's passes are counted apart).
    public let forwardPasses: Int
}

extension Network {
    /// ∂J/∂w for every parameter, and ∂J/∂x, by finite differences: one (forward),
    /// two (central) or four (Richardson) forward passes per parameter and per input element.
    ///
    /// - Parameters:
    ///   - x: N × (inputs); y: N × (outputs).
    ///   - scheme: ``FiniteDifference/forward`` (the lecture's), ``FiniteDifference/central``, or
    ///     ``FiniteDifference/richardson`` (the default, most accurate).
    ///   - reduction: mean or sum of ½‖ŷ − y‖² over the batch, as in ``gradient(x:y:reduction:)``.
    /// - Throws: ``BackpropError`` for data of the wrong shape or non-finite values.
    /// - Complexity: `forwardPasses(parameters: P)` forward passes for P parameters.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func finiteDifferenceGradient(
        x: Matrix<Scalar>, y: Matrix<Scalar>, scheme: FiniteDifference = .richardson,
        reduction: Reduction = .mean
    ) throws(BackpropError) -> FiniteDifferenceGradient<Scalar> {
        try validate(x: x)
        try validate(y: y, rows: x.rows)
        var trace = Trace(for: self, batchSize: x.rows)
        var probe = self
        func cost(_ network: Network, _ x: Matrix<Scalar>) -> Scalar {
            network.forward(x, into: &trace)
            return trace.cost(y, reduction: reduction)
        }
        let j0 = scheme == .forward ? cost(self, x) : 0
        func derivative(_ value: Scalar, _ evaluate: (Scalar) -> Scalar) -> Scalar {
            scheme.derivative(at: value, atValue: j0, evaluate)
        }
        var gradient = Gradient(for: self)
        for i in parameters.indices {
            let original = parameters[i]
            gradient.parameters[i] = derivative(original) { p in
                probe.parameters[i] = p
                return cost(probe, x)
            }
            probe.parameters[i] = original
        }
        var xProbe = x
        var inputGradient = Matrix<Scalar>(rows: x.rows, columns: x.columns)
        for i in x.elements.indices {
            inputGradient.elements[i] = derivative(x.elements[i]) { value in
                xProbe.elements[i] = value
                return cost(self, xProbe)
            }
            xProbe.elements[i] = x.elements[i]
        }
        return FiniteDifferenceGradient(
            gradient: gradient, inputGradient: inputGradient,
            forwardPasses: scheme.forwardPasses(parameters: parameterCount))
    }
}
