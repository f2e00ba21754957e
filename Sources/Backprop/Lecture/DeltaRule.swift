/// The delta rule for a single output neuron, as the lecture derives it before any network.
///
/// Inputs `a_1 … a_n` reach one neuron through weights `w_j` (no bias):
///
///     z = Σ_j w_j a_j,   ŷ = g(z),   e = ŷ − y,   J = ½ e²
///     ∂J/∂w_j = ∂J/∂e · ∂e/∂ŷ · ∂ŷ/∂z · ∂z/∂w_j = e · 1 · g′(z) · a_j
///
/// For a linear neuron (`g(z) = z`, g′ = 1) this is `∂J/∂w_j = a_j e` — "the input to the weight
/// times the error in the output" — the rule already used for linear regression. For a nonlinear
/// neuron the factor `g′(z)` appears: `∂J/∂w_j = a_j e g′(z)`.
public enum DeltaRule {
    /// One neuron's forward pass and its delta-rule gradient.
    public struct Result<Scalar: NetworkScalar>: Sendable, Equatable {
        /// The linear part `z = Σ w_j a_j`.
        public let z: Scalar
        /// The prediction `ŷ = g(z)`.
        public let yHat: Scalar
        /// The error `e = ŷ − y`.
        public let e: Scalar
        /// The cost `J = ½ e²`.
        public let cost: Scalar
        /// `δ = ∂J/∂z = e g′(z)`.
        public let delta: Scalar
        /// `∂J/∂w_j = a_j δ = a_j e g′(z)`, one per input.
        public let gradient: [Scalar]
    }

    /// The delta rule for weights `w` and inputs `a` against target `y`.
    ///
    /// - Precondition: `w` and `a` have the same length.
    public static func apply<Scalar: NetworkScalar>(
        weights w: [Scalar], inputs a: [Scalar], target y: Scalar, activation g: Activation = .identity
    ) -> Result<Scalar> {
        precondition(w.count == a.count, "DeltaRule: \(w.count) weights for \(a.count) inputs")
        var z: Scalar = 0
        for j in w.indices { z += w[j] * a[j] }
        let yHat = g.g(z)
        let e = yHat - y
        let delta = e * g.gPrime(z: z, a: yHat)
        return Result(z: z, yHat: yHat, e: e, cost: e * e / 2, delta: delta, gradient: a.map { $0 * delta })
    }
}
