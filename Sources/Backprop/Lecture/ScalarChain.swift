/// The lecture's scalar chain: a network of L layers with one neuron each and no bias units.
///
///     a_0 = x,   z_k = w_k a_(k−1),   a_k = g(z_k),   ŷ = a_L,   e = ŷ − y,   J = ½ e²
///
/// Backprop runs the chain in reverse, "g′ then linear", once:
///
///     e_L = ∂J/∂a_L = ŷ − y
///     δ_k = g′(z_k) e_k            (k = L … 1)
///     e_(k−1) = w_k δ_k
///     ∂J/∂w_k = a_(k−1) δ_k        (the delta rule)
///
/// Written with scalars, exactly as on the slides, so that students can follow each number; the
/// general ``Network`` computes the same quantities with matrices (a test holds them equal).
public struct ScalarChain<Scalar: NetworkScalar>: Sendable, Equatable {
    /// `w_1 … w_L`; `weights[k − 1]` is `w_k`.
    public var weights: [Scalar]
    /// The nonlinear part `g` of every neuron.
    public var activation: Activation

    /// A chain with the given weights (at least one) and activation.
    public init(weights: [Scalar], activation: Activation = .sigmoid) {
        precondition(!weights.isEmpty, "ScalarChain needs at least one weight")
        self.weights = weights
        self.activation = activation
    }

    /// Every quantity of one forward and one backward pass, indexed as in the lecture:
    /// `a[k]` is `a_k` for k = 0…L; `z[k]`, `delta[k]` and `gradient[k]` are `z_k`, `δ_k` and
    /// `∂J/∂w_k` for k = 1…L (index 0 holds 0 and is not used); `e[k]` is `e_k` for k = 0…L.
    public struct Pass: Sendable, Equatable {
        public var a: [Scalar], z: [Scalar], e: [Scalar], delta: [Scalar], gradient: [Scalar]
        /// `J = ½ (ŷ − y)²`.
        public var cost: Scalar
        /// `ŷ = a_L`.
        public var yHat: Scalar { a[a.count - 1] }
    }

    /// One forward pass with the current weights, then one backward pass.
    public func backprop(x: Scalar, y: Scalar) -> Pass {
        let L = weights.count
        var a = [x], z: [Scalar] = [0]
        for k in 1...L {
            z.append(weights[k - 1] * a[k - 1])      // z_k = w_k a_(k−1)
            a.append(activation.g(z[k]))              // a_k = g(z_k)
        }
        var e = Array(repeating: Scalar.zero, count: L + 1)
        var delta = e, gradient = e
        e[L] = a[L] - y                               // e_L = ŷ − y
        for k in stride(from: L, through: 1, by: -1) {
            delta[k] = activation.gPrime(z: z[k], a: a[k]) * e[k]   // δ_k = g′(z_k) e_k
            e[k - 1] = weights[k - 1] * delta[k]                     // e_(k−1) = w_k δ_k
            gradient[k] = a[k - 1] * delta[k]                        // ∂J/∂w_k = a_(k−1) δ_k
        }
        return Pass(a: a, z: z, e: e, delta: delta, gradient: gradient, cost: e[L] * e[L] / 2)
    }

    /// The same chain as a ``Network`` of widths 1, 1, …, 1 without bias units.
    public var network: Network<Scalar> {
        try! Network(layers: weights.map {
            Layer(weight: Matrix(row: [$0]), bias: nil, activation: activation)
        })
    }
}
