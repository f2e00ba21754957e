/// Everything one forward and one backward pass compute for a batch of N samples.
///
/// Forward fills, for `k = 0…L`, `a_k` (with `a_0 = x`, `a_L = ŷ`) and, for `k = 1…L`, the
/// linear parts `z_k`. Backward fills `e_k = ∂J/∂a_k` (with `e_L = ∂J/∂ŷ` and `e_0 = ∂J/∂x`, the
/// input gradient) and `δ_k = ∂J/∂z_k`. Each is an N × `width_k` matrix, one sample per row.
///
/// The four families live in four flat buffers (llm.c's "activations memory"), allocated once per
/// batch size and reused by every pass: a training step allocates nothing.
public struct Trace<Scalar: NetworkScalar>: Sendable {
    /// Rows (samples) in this trace.
    public private(set) var batchSize: Int
    /// `n_0 … n_L`.
    public let widths: [Int]
    /// Start of layer k's block in each buffer: `N · (n_0 + … + n_(k−1))`.
    @usableFromInline var offsets: [Int]
    @usableFromInline var aStorage: [Scalar]
    @usableFromInline var zStorage: [Scalar]
    @usableFromInline var eStorage: [Scalar]
    @usableFromInline var deltaStorage: [Scalar]

    /// An empty trace for `batchSize` samples through layers of the given widths.
    public init(widths: [Int], batchSize: Int) {
        self.widths = widths
        self.batchSize = batchSize
        self.offsets = []
        self.aStorage = []
        self.zStorage = []
        self.eStorage = []
        self.deltaStorage = []
        resize(batchSize: batchSize)
    }

    /// An empty trace sized for `network` and `batchSize` samples.
    public init(for network: Network<Scalar>, batchSize: Int) {
        self.init(widths: network.widths, batchSize: batchSize)
    }

    /// Re-sizes the trace for a new batch size. The buffers only ever grow, so alternating
    /// between a full mini-batch and a smaller last one allocates nothing.
    public mutating func resize(batchSize n: Int) {
        precondition(n >= 0, "Trace: negative batch size \(n)")
        if n == batchSize && !offsets.isEmpty { return }
        batchSize = n
        if offsets.count != widths.count + 1 { offsets = Array(repeating: 0, count: widths.count + 1) }
        var total = 0
        for (k, width) in widths.enumerated() {
            offsets[k] = total
            total += n * width
        }
        offsets[widths.count] = total
        if total > aStorage.count {
            aStorage = Array(repeating: 0, count: total)
            zStorage = Array(repeating: 0, count: total)
            eStorage = Array(repeating: 0, count: total)
            deltaStorage = Array(repeating: 0, count: total)
        }
    }

    /// Number of layers L.
    public var depth: Int { widths.count - 1 }

    private func block(_ storage: [Scalar], _ k: Int) -> Matrix<Scalar> {
        precondition(k >= 0 && k < widths.count, "Trace: layer \(k) is outside 0…\(depth)")
        return try! Matrix(rows: batchSize, columns: widths[k],
                           elements: Array(storage[offsets[k]..<offsets[k + 1]]))
    }

    /// `a_k`, N × n_k: `a(0)` is the input x, `a(L)` the prediction ŷ.
    public func a(_ k: Int) -> Matrix<Scalar> { block(aStorage, k) }
    /// `z_k = W_k a_(k−1) + b_k`, N × n_k, for `k = 1…L`.
    public func z(_ k: Int) -> Matrix<Scalar> {
        precondition(k >= 1, "Trace: z_k exists for k = 1…L (the input layer has no z), asked for \(k)")
        return block(zStorage, k)
    }
    /// `e_k = ∂J/∂a_k`, N × n_k: `e(L)` is ∂J/∂ŷ, `e(0)` is ∂J/∂x. Filled by backward.
    public func e(_ k: Int) -> Matrix<Scalar> { block(eStorage, k) }
    /// `δ_k = ∂J/∂z_k = g′(z_k) ⊙ e_k`, N × n_k, for `k = 1…L`. Filled by backward.
    public func delta(_ k: Int) -> Matrix<Scalar> {
        precondition(k >= 1, "Trace: δ_k exists for k = 1…L, asked for \(k)")
        return block(deltaStorage, k)
    }
    /// Sets `e_L = ∂J/∂ŷ` (N × outputs), where a backward pass from the output starts.
    public mutating func setOutputGradient(_ eL: Matrix<Scalar>) {
        precondition(eL.rows == batchSize && eL.columns == widths[depth],
                     "Trace: ∂J/∂ŷ is \(eL.shape), expected \(batchSize) × \(widths[depth])")
        eStorage.replaceSubrange(offsets[depth]..<offsets[depth + 1], with: eL.elements)
    }

    /// The prediction ŷ = a_L.
    public var yHat: Matrix<Scalar> { a(depth) }
    /// The input gradient ∂J/∂x = e_0 (after a backward pass that computed it).
    public var inputGradient: Matrix<Scalar> { e(0) }

    /// `J = s Σ ½‖ŷ − y‖²` of the predictions in the trace against `y` (N × outputs), without
    /// allocating; `s` is 1/N for the mean.
    @inlinable
    public func cost(_ y: Matrix<Scalar>, reduction: Reduction = .mean) -> Scalar {
        precondition(y.elements.count == batchSize * widths[depth],
                     "Trace.cost: y has \(y.elements.count) values, ŷ \(batchSize * widths[depth])")
        let sum = y.elements.withUnsafeBufferPointer { y in sumOfSquaredErrors(targets: y.baseAddress!) }
        return reduction.scale(batchSize: batchSize) * sum / 2
    }

    /// `Σ ‖ŷ − y‖²` over the batch, with the targets read row-major from `targets` (N × outputs).
    @inlinable
    public func sumOfSquaredErrors(targets y: UnsafePointer<Scalar>) -> Scalar {
        let start = offsets[depth], count = batchSize * widths[depth]
        var sum: Scalar = 0
        aStorage.withUnsafeBufferPointer { a in
            for i in 0..<count {
                let e = a[start + i] - y[i]
                sum += e * e
            }
        }
        return sum
    }

    /// Writes sample rows into `a_0` (the input block): row `r` of the batch receives row
    /// `rows[r]` of `x` (for shuffled mini-batches without copying the data set).
    @inlinable
    public mutating func setInput(from x: UnsafePointer<Scalar>, rows: some Collection<Int>) {
        let width = widths[0]
        aStorage.withUnsafeMutableBufferPointer { a in
            var r = 0
            for row in rows {
                (a.baseAddress! + r * width).update(from: x + row * width, count: width)
                r += 1
            }
        }
    }
}
