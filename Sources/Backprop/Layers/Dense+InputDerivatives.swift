/// One layer's forward-mode pass for the derivatives of the network with respect to one input,
/// and its backward pass: what a physics-informed cost on ŷ′ and ŷ″ needs (Raissi et al. 2019).
///
/// With ′ = ∂/∂x_c for the chosen input column c, differentiating z = W a + b and a = g(z):
///
///     z′ = W a′_(k−1)                 a′ = g′(z) ⊙ z′
///     z″ = W a″_(k−1)                 a″ = g″(z) ⊙ z′² + g′(z) ⊙ z″
///
/// starting from a_0 = x, a′_0 = 1 in column c (0 elsewhere), a″_0 = 0. The bias drops out of
/// z′ and z″. Backward, with ē, ē′, ē″ the cost's derivatives with respect to a, a′, a″ of this
/// layer (the lecture's e_k, now three of them), the chain rule through those four formulas gives
///
///     δ″ = ∂C/∂z″ = g′ ⊙ ē″
///     δ′ = ∂C/∂z′ = g′ ⊙ ē′ + 2 g″ ⊙ z′ ⊙ ē″
///     δ  = ∂C/∂z  = g′ ⊙ ē  + g″ ⊙ z′ ⊙ ē′ + (g‴ ⊙ z′² + g″ ⊙ z″) ⊙ ē″
///
///     ∂C/∂W = δ a_(k−1)ᵀ + δ′ a′_(k−1)ᵀ + δ″ a″_(k−1)ᵀ      ∂C/∂b = δ
///     (ē, ē′, ē″)_(k−1) = Wᵀ (δ, δ′, δ″)
///
/// — the delta rule three times over. For a batch of n samples the three are stacked as one
/// 3n-row matrix (rows 0..<n the values, n..<2n the first derivatives, 2n..<3n the second), so
/// that each of z = A Wᵀ, ∂C/∂W = Dᵀ A and Ē = D W is a single matrix product.
extension Dense {
    /// Forward: from the stacked (a, a′, a″) of layer k − 1 (3n × in) to the stacked (z, z′, z″)
    /// and (a, a′, a″) of layer k (3n × out each).
    @inlinable
    func forwardInputDerivatives<Scalar: NetworkScalar>(
        parameters: UnsafePointer<Scalar>, aPrev: UnsafePointer<Scalar>,
        z: UnsafeMutablePointer<Scalar>, a: UnsafeMutablePointer<Scalar>, batch n: Int
    ) {
        let out = outputWidth, inp = inputWidth
        // (z, z′, z″) = (a, a′, a″)_(k−1) Wᵀ, then + b on z only.
        Scalar.gemm(
            transposeA: false, transposeB: true, m: 3 * n, n: out, k: inp, alpha: 1,
            a: aPrev, lda: inp, b: parameters + weightOffset, ldb: inp, beta: 0, c: z, ldc: out)
        if hasBias {
            let b = parameters + biasOffset
            for row in 0..<n { for j in 0..<out { z[row * out + j] += b[j] } }
        }
        let first = n * out, second = 2 * n * out
        activation.apply(z: z, a: a, count: n * out)    // a = g(z), vectorised for wide blocks
        for i in 0..<(n * out) {
            let zi = z[i], z1 = z[first + i], z2 = z[second + i]
            let ai = a[i]
            let g1 = activation.gPrime(z: zi, a: ai), g2 = activation.gDoublePrime(z: zi, a: ai)
            a[first + i] = g1 * z1                      // a′ = g′(z) z′
            a[second + i] = g2 * z1 * z1 + g1 * z2      // a″ = g″(z) z′² + g′(z) z″
        }
    }

    /// Backward: from the stacked (ē, ē′, ē″) of layer k (3n × out) to (δ, δ′, δ″), the
    /// gradient of W_k and b_k (added into `gradient`), and (ē, ē′, ē″) of layer k − 1 when
    /// `ePrev` is given.
    @inlinable
    func backwardInputDerivatives<Scalar: NetworkScalar>(
        parameters: UnsafePointer<Scalar>, aPrev: UnsafePointer<Scalar>,
        z: UnsafePointer<Scalar>, a: UnsafePointer<Scalar>, e: UnsafePointer<Scalar>,
        delta: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>,
        ePrev: UnsafeMutablePointer<Scalar>?, batch n: Int
    ) {
        let out = outputWidth, inp = inputWidth
        let first = n * out, second = 2 * n * out
        for i in 0..<(n * out) {
            let zi = z[i], z1 = z[first + i], z2 = z[second + i], ai = a[i]
            let g1 = activation.gPrime(z: zi, a: ai), g2 = activation.gDoublePrime(z: zi, a: ai)
            let g3 = activation.gTriplePrime(z: zi, a: ai)
            let e0 = e[i], e1 = e[first + i], e2 = e[second + i]
            delta[second + i] = g1 * e2                                        // δ″
            delta[first + i] = g1 * e1 + 2 * g2 * z1 * e2                      // δ′
            delta[i] = g1 * e0 + g2 * z1 * e1 + (g3 * z1 * z1 + g2 * z2) * e2  // δ
        }
        if hasBias {
            // ∂C/∂b = Σ over the batch of δ
            let gb = gradient + biasOffset
            for row in 0..<n { for j in 0..<out { gb[j] += delta[row * out + j] } }
        }
        // ∂C/∂W = δ a_(k−1)ᵀ + δ′ a′_(k−1)ᵀ + δ″ a″_(k−1)ᵀ = (stacked δ)ᵀ (stacked a_(k−1))
        Scalar.gemm(
            transposeA: true, transposeB: false, m: out, n: inp, k: 3 * n, alpha: 1,
            a: UnsafePointer(delta), lda: out, b: aPrev, ldb: inp, beta: 1,
            c: gradient + weightOffset, ldc: inp)
        // (ē, ē′, ē″)_(k−1) = (δ, δ′, δ″) W
        if let ePrev {
            Scalar.gemm(
                transposeA: false, transposeB: false, m: 3 * n, n: inp, k: out, alpha: 1,
                a: UnsafePointer(delta), lda: out, b: parameters + weightOffset, ldb: inp, beta: 0,
                c: ePrev, ldc: inp)
        }
    }
}
