import RealModule

extension Activation {
    /// `a_i = g(z_i)` for `count` elements. The switch on the kind of activation is taken once,
    /// outside the loop, so each loop is a plain elementwise map.
    @inlinable
    public func apply<Scalar: NetworkScalar>(z: UnsafePointer<Scalar>, a: UnsafeMutablePointer<Scalar>, count: Int) {
        switch self {
        case .identity: a.update(from: z, count: count)
        case .sigmoid: for i in 0..<count { a[i] = Self.sigmoid(z[i]) }
        case .tanh: for i in 0..<count { a[i] = Scalar.tanh(z[i]) }
        case .relu: for i in 0..<count { a[i] = z[i] > 0 ? z[i] : 0 }
        default: for i in 0..<count { a[i] = g(z[i]) }
        }
    }

    /// `δ_i = g′(z_i) e_i` for `count` elements (`δ_k = g′(z_k) ⊙ e_k`), switch outside the loop.
    @inlinable
    public func delta<Scalar: NetworkScalar>(
        z: UnsafePointer<Scalar>, a: UnsafePointer<Scalar>, e: UnsafePointer<Scalar>,
        delta: UnsafeMutablePointer<Scalar>, count: Int
    ) {
        switch self {
        case .identity: delta.update(from: e, count: count)
        case .sigmoid: for i in 0..<count { delta[i] = a[i] * (1 - a[i]) * e[i] }
        case .tanh: for i in 0..<count { delta[i] = (1 - a[i] * a[i]) * e[i] }
        case .relu: for i in 0..<count { delta[i] = z[i] > 0 ? e[i] : 0 }
        default: for i in 0..<count { delta[i] = gPrime(z: z[i], a: a[i]) * e[i] }
        }
    }
}
