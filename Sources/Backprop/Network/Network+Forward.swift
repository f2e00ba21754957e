extension Network {
    /// The forward pass for a batch: `a_0 = x`, then for k = 1…L `z_k = W_k a_(k−1) + b_k`,
    /// `a_k = g(z_k)`; `ŷ = a_L`.
    ///
    /// - Parameter x: N × (inputs), one sample per row.
    /// - Returns: the trace holding every `z_k` and `a_k`.
    /// - Throws: ``BackpropError`` when x has the wrong width or a non-finite value.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func forward(_ x: Matrix<Scalar>) throws(BackpropError) -> Trace<Scalar> {
        try validate(x: x)
        var trace = Trace(for: self, batchSize: x.rows)
        forward(x, into: &trace)
        return trace
    }

    /// Rows per forward pass in ``predict(_:)``.
    public static var predictChunkRows: Int { 1024 }

    /// The prediction ŷ = a_L for each row of x.
    ///
    /// Runs in chunks of ``predictChunkRows`` rows through one small trace, so memory stays at
    /// the size of the output however many rows there are.
    ///
    /// - Throws: ``BackpropError`` when x has the wrong width or a non-finite value.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func predict(_ x: Matrix<Scalar>) throws(BackpropError) -> Matrix<Scalar> {
        try validate(x: x)
        return predict(validated: x)
    }

    /// ``predict(_:)`` for x already validated (by a caller that checked it whole).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func predict(validated x: Matrix<Scalar>) -> Matrix<Scalar> {
        let chunk = Self.predictChunkRows, out = outputWidth
        var trace = Trace(for: self, batchSize: min(chunk, x.rows))
        var yHat = Matrix<Scalar>(rows: x.rows, columns: out)
        let offsetL = layers[layers.count - 1].outputPrefix
        x.elements.withUnsafeBufferPointer { xs in
            var start = 0
            while start < x.rows {
                let end = min(start + chunk, x.rows)
                trace.resize(batchSize: end - start)
                trace.setInput(from: xs.baseAddress!, rows: start..<end)
                forwardFromInput(&trace)
                let from = (end - start) * offsetL
                yHat.elements.replaceSubrange((start * out)..<(end * out),
                                              with: trace.aStorage[from..<(from + (end - start) * out)])
                start = end
            }
        }
        return yHat
    }

    /// The forward pass into a reusable trace (resized to x's rows if needed). Inputs are not
    /// validated here: use ``forward(_:)`` for data from outside.
    @inlinable
    public func forward(_ x: Matrix<Scalar>, into trace: inout Trace<Scalar>) {
        precondition(x.columns == inputWidth,
                     "Network.forward: x has \(x.columns) columns, layer 1 expects \(inputWidth) inputs")
        precondition(x.rows >= 1, "Network.forward: x has no rows")
        trace.resize(batchSize: x.rows)
        x.elements.withUnsafeBufferPointer { xs in
            trace.setInput(from: xs.baseAddress!, rows: 0..<x.rows)
        }
        forwardFromInput(&trace)
    }

    /// The forward pass from the `a_0` already in the trace: k = 1…L.
    @inlinable
    public func forwardFromInput(_ trace: inout Trace<Scalar>) {
        let n = trace.batchSize
        layers.withUnsafeBufferPointer { layers in
        parameters.withUnsafeBufferPointer { w in
        trace.aStorage.withUnsafeMutableBufferPointer { a in
        trace.zStorage.withUnsafeMutableBufferPointer { z in
            let a = a.baseAddress!, z = z.baseAddress!
            for layer in layers {
                layer.forward(
                    parameters: w.baseAddress!, aPrev: UnsafePointer(a + n * layer.inputPrefix),
                    z: z + n * layer.outputPrefix, a: a + n * layer.outputPrefix, batch: n)
            }
        }}}}
    }

    /// Throws unless x fits the network's input and is finite.
    func validate(x: Matrix<Scalar>) throws(BackpropError) {
        guard x.rows >= 1 else {
            throw .dimensionMismatch(what: "input x (N × inputs)", expected: "at least 1 row", actual: "0 rows")
        }
        guard x.columns == inputWidth else {
            throw .dimensionMismatch(what: "input x (N × inputs)", expected: "\(inputWidth) columns for layer 1",
                                     actual: "\(x.columns) columns")
        }
        try x.validateFinite("input x")
    }
}
