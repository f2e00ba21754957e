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
        let n = data.count
        var sum: Scalar = 0
        data.x.elements.withUnsafeBufferPointer { x in
            data.y.elements.withUnsafeBufferPointer { y in
                var start = 0
                while start < n {
                    let end = min(start + Self.chunk, n)
                    trace.resize(batchSize: end - start)
                    trace.setInput(from: x.baseAddress!, rows: start..<end)
                    network.forwardFromInput(&trace)
                    sum += network.backward(targets: y.baseAddress!, rows: start..<end, trace: &trace, into: &gradient,
                                            reduction: .sum, inputGradient: false, accumulate: start > 0)
                    start = end
                }
            }
        }
        let cost = Double(sum) / Double(n)
        return (cost, Double(gradient.norm) / Double(n))
    }

    /// J over `data` (forward passes only).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    mutating func cost(_ network: Network<Scalar>, _ data: Dataset<Scalar>) -> Double {
        let n = data.count, out = network.outputWidth
        var sum: Scalar = 0
        data.x.elements.withUnsafeBufferPointer { x in
            data.y.elements.withUnsafeBufferPointer { y in
                var start = 0
                while start < n {
                    let end = min(start + Self.chunk, n)
                    trace.resize(batchSize: end - start)
                    trace.setInput(from: x.baseAddress!, rows: start..<end)
                    network.forwardFromInput(&trace)
                    sum += trace.sumOfSquaredErrors(targets: y.baseAddress! + start * out)
                    start = end
                }
            }
        }
        return Double(sum) / 2 / Double(n)
    }
}
