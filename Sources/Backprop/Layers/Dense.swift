/// One dense layer of the network: its shape, its activation, and where its weights live.
///
/// Layer k computes, for the previous layer's output `a_(k−1)`,
///
///     z_k = W_k a_(k−1) + b_k        (the linear part)
///     a_k = g(z_k)                   (the nonlinear part)
///
/// with `W_k` stored row-major as **out × in** (`outputWidth × inputWidth`) and `b_k` of
/// length `outputWidth`, or no bias unit at all (the lecture's networks). The numbers themselves
/// live in the network's flat parameter vector at ``weightOffset`` (then the bias), so that an
/// optimiser, a finite-difference check or a model file sees all parameters as one vector.
public struct Dense: Hashable, Sendable, CustomStringConvertible {
    /// Width of `a_(k−1)`.
    public let inputWidth: Int
    /// Width of `z_k` and `a_k`.
    public let outputWidth: Int
    /// The nonlinear part `g`.
    public let activation: Activation
    /// Whether the layer has a bias unit `b_k`.
    public let hasBias: Bool
    /// Index of `W_k[0, 0]` in the flat parameter vector; `b_k` follows `W_k`.
    public let weightOffset: Int
    /// `n_0 + … + n_(k−2)`: where `a_(k−1)` starts in a trace's buffers, per sample of the
    /// batch (a batch of N starts it at `N · inputPrefix`); `a_k` starts at `N · outputPrefix`.
    public let inputPrefix: Int
    /// `n_0 + … + n_(k−1)`.
    @inlinable public var outputPrefix: Int { inputPrefix + inputWidth }

    /// Number of weights, `out · in`.
    @inlinable public var weightCount: Int { outputWidth * inputWidth }
    /// Index of `b_k[0]` in the flat parameter vector (meaningful when ``hasBias``).
    @inlinable public var biasOffset: Int { weightOffset + weightCount }
    /// Weights plus biases.
    @inlinable public var parameterCount: Int { weightCount + (hasBias ? outputWidth : 0) }
    /// Where `W_k` lies in the flat parameter vector (or a gradient in the same layout).
    @inlinable public var weightRange: Range<Int> { weightOffset..<biasOffset }
    /// Where `b_k` lies in the flat parameter vector (empty without a bias unit).
    @inlinable public var biasRange: Range<Int> { biasOffset..<(weightOffset + parameterCount) }

    /// `W_k` (out × in) read from a flat vector in this layout: the parameters or a gradient.
    public func weight<Scalar: NetworkScalar>(in flat: [Scalar]) -> Matrix<Scalar> {
        try! Matrix(rows: outputWidth, columns: inputWidth, elements: Array(flat[weightRange]))
    }

    /// `b_k` read from a flat vector in this layout, or `nil` without a bias unit.
    public func bias<Scalar: NetworkScalar>(in flat: [Scalar]) -> [Scalar]? {
        hasBias ? Array(flat[biasRange]) : nil
    }

    /// `Dense(5 => 2, tanh)`, as Flux prints it; `, no bias` when the layer has none.
    public var description: String {
        "Dense(\(inputWidth) => \(outputWidth), \(activation)\(hasBias ? "" : ", no bias"))"
    }
}

extension Dense {
    /// Forward pass of this layer over a batch of `n` samples (one per row).
    ///
    ///     z_k = a_(k−1) W_kᵀ + 1 b_kᵀ   (n × out: row by row, z = W a + b)
    ///     a_k = g(z_k)
    ///
    /// - Parameters:
    ///   - parameters: the network's flat parameter vector.
    ///   - aPrev: `a_(k−1)`, n × in, row-major.
    ///   - z: receives `z_k`, n × out.
    ///   - a: receives `a_k`, n × out.
    @inlinable
    public func forward<Scalar: NetworkScalar>(
        parameters: UnsafePointer<Scalar>, aPrev: UnsafePointer<Scalar>,
        z: UnsafeMutablePointer<Scalar>, a: UnsafeMutablePointer<Scalar>, batch n: Int
    ) {
        let out = outputWidth, inp = inputWidth
        if n == 1 {
            forwardOneSample(parameters: parameters, aPrev: aPrev, z: z, a: a)
            return
        }
        // z = a_prev · Wᵀ
        Scalar.gemm(
            transposeA: false, transposeB: true, m: n, n: out, k: inp, alpha: 1,
            a: aPrev, lda: inp, b: parameters + weightOffset, ldb: inp, beta: 0, c: z, ldc: out)
        // Rows split over the processors when the batch is wide (WorkerPool.elementsPerPart).
        WorkerPool.forEachRange(count: n, minimum: max(1, WorkerPool.elementsPerPart / out), alignment: 1) { rows in
            let z = z + rows.lowerBound * out, a = a + rows.lowerBound * out
            if hasBias {
                let b = parameters + biasOffset
                for row in 0..<rows.count {
                    let zr = z + row * out
                    for j in 0..<out { zr[j] += b[j] }      // + b_k
                }
            }
            activation.apply(z: z, a: a, count: rows.count * out)   // a_k = g(z_k)
        }
    }

    /// Backward pass of this layer over a batch of `n` samples.
    ///
    ///     δ_k       = g′(z_k) ⊙ e_k        (e_k = ∂J/∂a_k, δ_k = ∂J/∂z_k)
    ///     ∂J/∂W_k   = δ_kᵀ a_(k−1)          (the delta rule, summed over the batch)
    ///     ∂J/∂b_k   = Σ_rows δ_k
    ///     e_(k−1)   = δ_k W_k               (row by row, e_(k−1) = W_kᵀ δ_k)
    ///
    /// - Parameters:
    ///   - e: `e_k`, n × out.
    ///   - delta: receives `δ_k`, n × out.
    ///   - gradient: the flat gradient vector (same layout as the parameters).
    ///   - ePrev: receives `e_(k−1)`, n × in; `nil` skips it (for layer 1 when ∂J/∂x is not needed).
    ///   - accumulate: add into `gradient` instead of overwriting it.
    @inlinable
    public func backward<Scalar: NetworkScalar>(
        parameters: UnsafePointer<Scalar>, aPrev: UnsafePointer<Scalar>,
        z: UnsafePointer<Scalar>, a: UnsafePointer<Scalar>, e: UnsafePointer<Scalar>,
        delta: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>,
        ePrev: UnsafeMutablePointer<Scalar>?, batch n: Int, accumulate: Bool
    ) {
        let out = outputWidth, inp = inputWidth
        if n == 1 {
            activation.delta(z: z, a: a, e: e, delta: delta, count: out)    // δ_k = g′(z_k) ⊙ e_k
            backwardOneSample(parameters: parameters, aPrev: aPrev, delta: delta, gradient: gradient,
                              ePrev: ePrev, accumulate: accumulate)
            return
        }
        // Columns (neurons) split over the processors when the batch is wide: each part owns
        // its δ columns and their bias sums, which it adds up over the rows in order.
        WorkerPool.forEachRange(count: out, minimum: max(16, WorkerPool.elementsPerPart / n)) { columns in
            let width = columns.count, first = columns.lowerBound
            for row in 0..<n {
                let at = row * out + first
                activation.delta(z: z + at, a: a + at, e: e + at, delta: delta + at, count: width)   // δ_k = g′(z_k) ⊙ e_k
            }
            if hasBias {
                // ∂J/∂b_k = Σ over the batch of δ_k
                let gb = gradient + biasOffset + first
                if !accumulate { for j in 0..<width { gb[j] = 0 } }
                for row in 0..<n {
                    let dr = delta + row * out + first
                    for j in 0..<width { gb[j] += dr[j] }
                }
            }
        }
        // ∂J/∂W_k = δ_kᵀ a_(k−1)
        Scalar.gemm(
            transposeA: true, transposeB: false, m: out, n: inp, k: n, alpha: 1,
            a: UnsafePointer(delta), lda: out, b: aPrev, ldb: inp, beta: accumulate ? 1 : 0,
            c: gradient + weightOffset, ldc: inp)
        // e_(k−1) = δ_k W_k
        if let ePrev {
            Scalar.gemm(
                transposeA: false, transposeB: false, m: n, n: inp, k: out, alpha: 1,
                a: UnsafePointer(delta), lda: out, b: parameters + weightOffset, ldb: inp, beta: 0,
                c: ePrev, ldc: inp)
        }
    }
}

extension Dense {
    /// One sample (the lecture's per-sample SGD): the same formulas as plain matrix–vector loops,
    /// which for the small widths of per-sample training cost less than a matrix-product call.
    ///
    ///     z_i = Σ_j w_ij a_j + b_i,   a_i = g(z_i)
    @inlinable
    func forwardOneSample<Scalar: NetworkScalar>(
        parameters: UnsafePointer<Scalar>, aPrev: UnsafePointer<Scalar>,
        z: UnsafeMutablePointer<Scalar>, a: UnsafeMutablePointer<Scalar>
    ) {
        let out = outputWidth, inp = inputWidth
        let w = parameters + weightOffset
        for i in 0..<out {
            let row = w + i * inp
            var zi: Scalar = 0
            for j in 0..<inp { zi += row[j] * aPrev[j] }
            z[i] = zi
        }
        if hasBias {
            let b = parameters + biasOffset
            for i in 0..<out { z[i] += b[i] }
        }
        activation.apply(z: z, a: a, count: out)
    }

    /// One sample, after `δ` is known:
    ///
    ///     ∂J/∂w_ij = δ_i a_j,   ∂J/∂b_i = δ_i,   e_j = Σ_i w_ij δ_i
    @inlinable
    func backwardOneSample<Scalar: NetworkScalar>(
        parameters: UnsafePointer<Scalar>, aPrev: UnsafePointer<Scalar>, delta: UnsafePointer<Scalar>,
        gradient: UnsafeMutablePointer<Scalar>, ePrev: UnsafeMutablePointer<Scalar>?, accumulate: Bool
    ) {
        let out = outputWidth, inp = inputWidth
        let gw = gradient + weightOffset
        for i in 0..<out {
            let di = delta[i], row = gw + i * inp
            if accumulate {
                for j in 0..<inp { row[j] += di * aPrev[j] }
            } else {
                for j in 0..<inp { row[j] = di * aPrev[j] }
            }
        }
        if hasBias {
            let gb = gradient + biasOffset
            for i in 0..<out { gb[i] = accumulate ? gb[i] + delta[i] : delta[i] }
        }
        if let ePrev { propagateOneSample(parameters: parameters, delta: delta, ePrev: ePrev) }
    }

    /// One sample's error passed back, `e_j = Σ_i w_ij δ_i` (`e_(k−1) = W_kᵀ δ_k`), with the
    /// weights as they are now (the fused SGD step calls it before updating them).
    @inlinable
    func propagateOneSample<Scalar: NetworkScalar>(
        parameters: UnsafePointer<Scalar>, delta: UnsafePointer<Scalar>, ePrev: UnsafeMutablePointer<Scalar>
    ) {
        let out = outputWidth, inp = inputWidth
        let w = parameters + weightOffset
        for j in 0..<inp { ePrev[j] = 0 }
        for i in 0..<out {
            let di = delta[i], row = w + i * inp
            for j in 0..<inp { ePrev[j] += row[j] * di }
        }
    }
}
