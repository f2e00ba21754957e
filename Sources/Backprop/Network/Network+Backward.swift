extension Network {
    /// One forward and one backward pass: the cost J, every ∂J/∂w, and ∂J/∂x.
    ///
    /// This is the lecture's whole point — one forward plus one backward pass gives the
    /// gradient with respect to every weight, where finite differences need one forward pass
    /// per weight.
    ///
    /// - Parameters:
    ///   - x: N × (inputs).
    ///   - y: N × (outputs), the ground truth.
    ///   - reduction: `J = (1/N) Σ ½‖ŷ − y‖²` (mean, the default) or the plain sum.
    /// - Returns: J, the gradient, and the trace holding every `z_k, a_k, e_k, δ_k`
    ///   (`trace.inputGradient` is ∂J/∂x).
    /// - Throws: ``BackpropError`` when x or y has the wrong shape or a non-finite value.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func gradient(
        x: Matrix<Scalar>, y: Matrix<Scalar>, reduction: Reduction = .mean
    ) throws(BackpropError) -> (cost: Scalar, gradient: Gradient<Scalar>, trace: Trace<Scalar>) {
        try validate(x: x)
        try validate(y: y, rows: x.rows)
        var trace = Trace(for: self, batchSize: x.rows)
        var gradient = Gradient(for: self)
        forward(x, into: &trace)
        let j = backward(y, trace: &trace, into: &gradient, reduction: reduction)
        return (j, gradient, trace)
    }

    /// The backward pass after ``forward(_:into:)``: starts from `e_L = ∂J/∂ŷ` and, for
    /// k = L…1, computes `δ_k = g′(z_k) ⊙ e_k`, `∂J/∂W_k = δ_k a_(k−1)ᵀ`, `∂J/∂b_k = δ_k`,
    /// `e_(k−1) = W_kᵀ δ_k` — ending with `e_0 = ∂J/∂x`.
    ///
    /// - Parameters:
    ///   - y: the targets, N × (outputs), for the samples in the trace.
    ///   - trace: a trace filled by a forward pass; receives every `e_k` and `δ_k`.
    ///   - gradient: receives ∂J/∂w (overwritten, or added to when `accumulate`).
    ///   - reduction: mean or sum over the batch.
    ///   - inputGradient: whether to compute `e_0 = ∂J/∂x` (training does not need it).
    ///   - accumulate: add into `gradient` instead of overwriting it.
    /// - Returns: the cost J of the batch.
    @inlinable
    @discardableResult
    public func backward(
        _ y: Matrix<Scalar>, trace: inout Trace<Scalar>, into gradient: inout Gradient<Scalar>,
        reduction: Reduction = .mean, inputGradient: Bool = true, accumulate: Bool = false
    ) -> Scalar {
        precondition(y.rows == trace.batchSize && y.columns == outputWidth,
                     "Network.backward: y is \(y.shape), expected \(trace.batchSize) × \(outputWidth)")
        return y.elements.withUnsafeBufferPointer { ys in
            backward(targets: ys.baseAddress!, rows: 0..<trace.batchSize, trace: &trace, into: &gradient,
                     reduction: reduction, inputGradient: inputGradient, accumulate: accumulate)
        }
    }

    /// The backward pass with targets taken from rows `rows` of the matrix at `targets`
    /// (N × outputs, row-major): row r of the batch is compared with `targets` row `rows[r]`.
    ///
    ///     e_L = ∂J/∂ŷ = s (ŷ − y),   s = 1/N (mean) or 1 (sum)
    ///     J   = s Σ ½‖ŷ − y‖²
    @inlinable
    @discardableResult
    public func backward(
        targets: UnsafePointer<Scalar>, rows: some Collection<Int>, trace: inout Trace<Scalar>,
        into gradient: inout Gradient<Scalar>, reduction: Reduction = .mean,
        inputGradient: Bool = true, accumulate: Bool = false
    ) -> Scalar {
        let s: Scalar = reduction.scale(batchSize: trace.batchSize)
        var sumSquares: Scalar = 0
        setOutputError(targets: targets, rows: rows, scale: s, trace: &trace, sumSquares: &sumSquares)
        backwardFromOutput(trace: &trace, into: &gradient, inputGradient: inputGradient, accumulate: accumulate)
        return s * sumSquares / 2
    }

    /// `e_L = s (ŷ − y)` for the samples in the trace (sample r against `targets` row `rows[r]`),
    /// adding each `(ŷ − y)²` to `sumSquares` in order.
    @inlinable
    func setOutputError(
        targets: UnsafePointer<Scalar>, rows: some Collection<Int>, scale s: Scalar,
        trace: inout Trace<Scalar>, sumSquares: inout Scalar
    ) {
        let out = outputWidth
        let offsetL = trace.batchSize * layers[layers.count - 1].outputPrefix
        trace.aStorage.withUnsafeBufferPointer { a in
            trace.eStorage.withUnsafeMutableBufferPointer { e in
                let yHat = a.baseAddress! + offsetL, eL = e.baseAddress! + offsetL
                var r = 0
                for row in rows {
                    let y = targets + row * out
                    for j in 0..<out {
                        let ej = yHat[r * out + j] - y[j]
                        sumSquares += ej * ej
                        eL[r * out + j] = s * ej
                    }
                    r += 1
                }
            }
        }
    }

    /// The backward pass from a given `e_L = ∂J/∂ŷ` (N × outputs), for any cost J: a
    /// vector–Jacobian product. With `e_L` a unit vector it gives one row of the Jacobian
    /// ∂ŷ/∂w and ∂ŷ/∂x (what Gauss–Newton needs); with the derivative of a physics residual it
    /// backpropagates a physics-informed loss.
    public func backward(
        outputGradient eL: Matrix<Scalar>, trace: inout Trace<Scalar>, into gradient: inout Gradient<Scalar>,
        inputGradient: Bool = true, accumulate: Bool = false
    ) {
        trace.setOutputGradient(eL)                    // checks ∂J/∂ŷ is N × outputs
        backwardFromOutput(trace: &trace, into: &gradient, inputGradient: inputGradient, accumulate: accumulate)
    }

    /// For k = L…1: `δ_k = g′(z_k) ⊙ e_k`, `∂J/∂W_k = δ_k a_(k−1)ᵀ`, `∂J/∂b_k = δ_k`,
    /// `e_(k−1) = W_kᵀ δ_k`, starting from the `e_L` already in the trace.
    @inlinable
    public func backwardFromOutput(
        trace: inout Trace<Scalar>, into gradient: inout Gradient<Scalar>, inputGradient: Bool, accumulate: Bool
    ) {
        precondition(gradient.parameters.count == parameters.count,
                     "Network.backward: gradient has \(gradient.parameters.count) entries, network \(parameters.count)")
        let n = trace.batchSize
        layers.withUnsafeBufferPointer { layers in
        parameters.withUnsafeBufferPointer { w in
        trace.aStorage.withUnsafeBufferPointer { a in
        trace.zStorage.withUnsafeBufferPointer { z in
        trace.eStorage.withUnsafeMutableBufferPointer { e in
        trace.deltaStorage.withUnsafeMutableBufferPointer { delta in
        gradient.parameters.withUnsafeMutableBufferPointer { grad in
            let a = a.baseAddress!, z = z.baseAddress!, e = e.baseAddress!, delta = delta.baseAddress!
            for index in stride(from: layers.count - 1, through: 0, by: -1) {
                let layer = layers[index]                       // layer k = index + 1
                let input = n * layer.inputPrefix, output = n * layer.outputPrefix
                layer.backward(
                    parameters: w.baseAddress!, aPrev: a + input, z: z + output, a: a + output,
                    e: UnsafePointer(e + output), delta: delta + output, gradient: grad.baseAddress!,
                    ePrev: index > 0 || inputGradient ? e + input : nil, batch: n, accumulate: accumulate)
            }
        }}}}}}}
    }

    /// Throws unless y has N rows, one column per output, and finite values.
    func validate(y: Matrix<Scalar>, rows: Int) throws(BackpropError) {
        guard y.rows == rows, y.columns == outputWidth else {
            throw .dimensionMismatch(what: "target y (N × outputs)",
                                     expected: "\(rows) × \(outputWidth) (one row per sample of x, one column per output)",
                                     actual: y.shape)
        }
        try y.validateFinite("target y")
    }
}
