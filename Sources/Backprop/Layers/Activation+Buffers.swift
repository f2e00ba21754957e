import RealModule

extension Activation {
    /// Buffers at least this long take the vectorised `exp`/`tanh`/`sigmoid` of
    /// `Kernels/VectorMath.swift` (≤ 2.6 ulp from the exact value, 10–60× faster than libm on a
    /// 128 × 512 layer). Shorter ones — the lecture's per-sample steps on small layers — keep libm,
    /// whose results NumPy and PyTorch reproduce bit for bit in the side-by-side benchmarks.
    public static var vectorThreshold: Int { 64 }

    /// `a_i = g(z_i)` for `count` elements. The switch on the kind of activation is taken once,
    /// outside the loop, so each loop is a plain elementwise map.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func apply<Scalar: NetworkScalar>(z: UnsafePointer<Scalar>, a: UnsafeMutablePointer<Scalar>, count: Int) {
        switch self {
        case .identity: a.update(from: z, count: count)
        case .sigmoid:
            if count >= Self.vectorThreshold, vectorSigmoid(z, a, count) { return }
            for i in 0..<count { a[i] = Self.sigmoid(z[i]) }
        case .tanh:
            if count >= Self.vectorThreshold, vectorTanh(z, a, count) { return }
            for i in 0..<count { a[i] = Scalar.tanh(z[i]) }
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

/// The vectorised kernels for Float and Double; `false` for any other scalar type.
private func vectorTanh<Scalar>(_ z: UnsafePointer<Scalar>, _ a: UnsafeMutablePointer<Scalar>, _ count: Int) -> Bool {
    if Scalar.self == Float.self {
        vectorTanh(UnsafeRawPointer(z).assumingMemoryBound(to: Float.self),
                   UnsafeMutableRawPointer(a).assumingMemoryBound(to: Float.self), count: count)
        return true
    }
    if Scalar.self == Double.self {
        vectorTanh(UnsafeRawPointer(z).assumingMemoryBound(to: Double.self),
                   UnsafeMutableRawPointer(a).assumingMemoryBound(to: Double.self), count: count)
        return true
    }
    return false
}

private func vectorSigmoid<Scalar>(_ z: UnsafePointer<Scalar>, _ a: UnsafeMutablePointer<Scalar>, _ count: Int) -> Bool {
    if Scalar.self == Float.self {
        vectorSigmoid(UnsafeRawPointer(z).assumingMemoryBound(to: Float.self),
                      UnsafeMutableRawPointer(a).assumingMemoryBound(to: Float.self), count: count)
        return true
    }
    if Scalar.self == Double.self {
        vectorSigmoid(UnsafeRawPointer(z).assumingMemoryBound(to: Double.self),
                      UnsafeMutableRawPointer(a).assumingMemoryBound(to: Double.self), count: count)
        return true
    }
    return false
}
