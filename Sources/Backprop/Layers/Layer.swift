/// A dense layer with its numbers: `W` (out × in), `b` (or none) and `g`.
///
/// Use it to build a network with weights you choose (`Network(layers:)`) and to read a
/// trained one (`network.layer(k)`). Training works on the network's flat parameter vector;
/// this value is a copy.
public struct Layer<Scalar: NetworkScalar>: Equatable, Sendable {
    /// `W_k`, **out × in**: `weight[i, j]` connects input j to neuron i (the lecture's `w_ij`).
    public var weight: Matrix<Scalar>
    /// `b_k`, one per neuron; `nil` when the layer has no bias unit.
    public var bias: [Scalar]?
    /// The nonlinear part `g`.
    public var activation: Activation

    /// A layer from its weights (out × in), optional bias and activation.
    public init(weight: Matrix<Scalar>, bias: [Scalar]? = nil, activation: Activation) {
        self.weight = weight
        self.bias = bias
        self.activation = activation
    }

    /// The linear part for one sample, `z = W a_prev (+ b)`, written as the formula reads:
    /// a plain reference for the batched kernel in ``Dense/forward(parameters:aPrev:z:a:batch:)``.
    public func z(_ aPrev: [Scalar]) -> [Scalar] {
        precondition(aPrev.count == weight.columns,
                     "Layer expects \(weight.columns) inputs, got \(aPrev.count)")
        return (0..<weight.rows).map { i in
            var zi = bias?[i] ?? 0
            for j in 0..<weight.columns { zi += weight[i, j] * aPrev[j] }
            return zi
        }
    }
}
