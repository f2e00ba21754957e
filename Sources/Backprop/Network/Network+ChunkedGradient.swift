extension Network {
    /// Rows per forward and backward pass when a gradient over many rows is computed in chunks:
    /// a multiple of the blocked product's depth (256), so that summing ∂J/∂W_k chunk after
    /// chunk adds the same partial sums, in the same order, as one pass over every row.
    public static var gradientChunkRows: Int { 4096 }

    /// J, every ∂J/∂w and ∂J/∂x over all rows of x, computed ``gradientChunkRows`` rows at a time,
    /// so that memory holds one chunk's trace instead of N rows' `a_k, z_k, e_k, δ_k`.
    ///
    /// The same quantities as ``gradient(x:y:reduction:)``: `e_L = s (ŷ − y)` for every row with
    /// the whole data set's `s` (1/N for the mean), ∂J/∂W_k and ∂J/∂b_k summed over the chunks,
    /// and ∂J/∂x row by row. Equal to it to round-off (bit for bit where no product takes the
    /// direct small-matrix path).
    ///
    /// - Throws: ``BackpropError`` when x or y has the wrong shape or a non-finite value.
    public func gradientInChunks(
        x: Matrix<Scalar>, y: Matrix<Scalar>, reduction: Reduction = .mean
    ) throws(BackpropError) -> (cost: Scalar, gradient: Gradient<Scalar>, inputGradient: Matrix<Scalar>) {
        try validate(x: x)
        try validate(y: y, rows: x.rows)
        let s: Scalar = reduction.scale(batchSize: x.rows)
        var sumSquares: Scalar = 0
        let (gradient, inputGradient) = y.elements.withUnsafeBufferPointer { ys in
            backwardInChunks(x: x) { rows, trace in
                setOutputError(targets: ys.baseAddress!, rows: rows, scale: s, trace: &trace, sumSquares: &sumSquares)
            }
        }
        return (s * sumSquares / 2, gradient, inputGradient)
    }

    /// Forward and backward passes over the rows of x, ``gradientChunkRows`` at a time, for any
    /// cost: `outputGradient(rows, &trace)` is given the rows of x in the chunk and the trace of
    /// their forward pass (ŷ is `trace.yHat`) and sets `e_L = ∂J/∂ŷ` in it
    /// (``Trace/setOutputGradient(_:)``). Returns ∂J/∂w summed over the chunks and ∂J/∂x
    /// (N × inputs). x is not validated here.
    public func backwardInChunks(
        x: Matrix<Scalar>, outputGradient: (Range<Int>, inout Trace<Scalar>) -> Void
    ) -> (gradient: Gradient<Scalar>, inputGradient: Matrix<Scalar>) {
        precondition(x.columns == inputWidth,
                     "Network.backwardInChunks: x has \(x.columns) columns, layer 1 expects \(inputWidth) inputs")
        let n = x.rows, chunk = Self.gradientChunkRows, inputs = inputWidth
        var trace = Trace(for: self, batchSize: max(1, min(chunk, n)))
        var gradient = Gradient(for: self)
        var inputGradient = Matrix<Scalar>(rows: n, columns: inputs)
        x.elements.withUnsafeBufferPointer { xs in
            var start = 0
            while start < n {
                let end = min(start + chunk, n), count = end - start
                trace.resize(batchSize: count)
                trace.setInput(from: xs.baseAddress!, rows: start..<end)
                forwardFromInput(&trace)
                outputGradient(start..<end, &trace)
                backwardFromOutput(trace: &trace, into: &gradient, inputGradient: true, accumulate: start > 0)
                // e_0 = ∂J/∂x of these rows: the first block of the trace's e storage.
                inputGradient.elements.replaceSubrange(
                    (start * inputs)..<(end * inputs), with: trace.eStorage[0..<(count * inputs)])
                start = end
            }
        }
        return (gradient, inputGradient)
    }
}
