/// ∂J/∂w for every parameter of a network, in the network's own flat layout.
///
/// `parameters[i]` is ∂J/∂`network.parameters[i]`; per layer, ``weight(ofLayer:)`` is
/// `∂J/∂W_k = δ_kᵀ a_(k−1)` summed over the batch (out × in, the delta rule) and
/// ``bias(ofLayer:)`` is `∂J/∂b_k = Σ δ_k`.
public struct Gradient<Scalar: NetworkScalar>: Equatable, Sendable {
    /// The layers this gradient belongs to (same layout as the network).
    public let layers: [Dense]
    /// ∂J/∂w for every parameter, in the network's layout (keep its count).
    public var parameters: [Scalar]

    /// A zero gradient for `network`.
    public init(for network: Network<Scalar>) {
        self.layers = network.layers
        self.parameters = Array(repeating: 0, count: network.parameterCount)
    }

    /// `∂J/∂W_k` (out × in) of layer `k` (1-based).
    public func weight(ofLayer k: Int) -> Matrix<Scalar> { layers[k - 1].weight(in: parameters) }

    /// `∂J/∂b_k` of layer `k` (1-based), or `nil` when it has no bias unit.
    public func bias(ofLayer k: Int) -> [Scalar]? { layers[k - 1].bias(in: parameters) }

    /// The Euclidean norm `‖∂J/∂w‖₂` over all parameters.
    public var norm: Scalar {
        var sum: Scalar = 0
        for g in parameters { sum += g * g }
        return sum.squareRoot()
    }
}
