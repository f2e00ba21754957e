/// J and ‖∂J/∂w‖ of a network over a whole data set, computed in chunks so that memory stays
/// bounded however many samples there are:
///
///     J = (1/N) Σ_n ½‖ŷ_n − y_n‖²,   ∂J/∂w = (1/N) Σ_n ∂J_n/∂w
struct Evaluation<Scalar: NetworkScalar>: Sendable {
    /// Samples per chunk: as many as a prediction takes at a time.
    static var chunk: Int { Network<Scalar>.predictChunkRows }
    var trace: Trace<Scalar>
    var gradient: Gradient<Scalar>

    init(network: Network<Scalar>) {
        trace = Trace(for: network, batchSize: 1)
        gradient = Gradient(for: network)
    }

    /// J over `data` and the norm of its full-batch gradient.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    mutating func costAndGradientNorm(_ network: Network<Scalar>, _ data: Dataset<Scalar>) -> (Double, Double) {
        var sum: Scalar = 0
        forEachChunk(network, data) { rows, y, trace, gradient in
            sum += network.backward(targets: y, rows: rows, trace: &trace, into: &gradient,
                                    reduction: .sum, inputGradient: false, accumulate: rows.lowerBound > 0)
        }
        let n = Double(data.count)
        return (Double(sum) / n, Double(gradient.norm) / n)
    }

    /// J over `data` (forward passes only).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    mutating func cost(_ network: Network<Scalar>, _ data: Dataset<Scalar>) -> Double {
        let out = network.outputWidth
        var sum: Scalar = 0
        forEachChunk(network, data) { rows, y, trace, _ in
            sum += trace.sumOfSquaredErrors(targets: y + rows.lowerBound * out)
        }
        return Double(sum) / 2 / Double(data.count)
    }

    /// The forward pass of each chunk of rows of `data` into the trace, then `body(rows, y,
    /// &trace, &gradient)` with y the whole target matrix (row-major).
    @inline(__always)
    private mutating func forEachChunk(
        _ network: Network<Scalar>, _ data: Dataset<Scalar>,
        _ body: (Range<Int>, UnsafePointer<Scalar>, inout Trace<Scalar>, inout Gradient<Scalar>) -> Void
    ) {
        let n = data.count
        data.x.elements.withUnsafeBufferPointer { x in
            data.y.elements.withUnsafeBufferPointer { y in
                var start = 0
                while start < n {
                    let end = min(start + Self.chunk, n)
                    trace.resize(batchSize: end - start)
                    trace.setInput(from: x.baseAddress!, rows: start..<end)
                    network.forwardFromInput(&trace)
                    body(start..<end, y.baseAddress!, &trace, &gradient)
                    start = end
                }
            }
        }
    }
}
