extension Network {
    /// The lecture's per-sample gradient-descent step, fused: forward pass, `e = ŷ − y`, and for
    /// k = L…1 `δ_k = g′(z_k) ⊙ e_k`, `e_(k−1) = W_kᵀ δ_k` (with the old `W_k`), then at once
    /// `w_ij ← w_ij − α (δ_i a_j)` and `b_i ← b_i − α δ_i`.
    ///
    /// It computes exactly what ``backward(_:trace:into:reduction:inputGradient:accumulate:)``
    /// followed by ``Optimizer/gradientDescent`` computes — the same operations in the same order,
    /// so the weights agree bit for bit (a test holds them equal) — without writing the gradient
    /// to memory and reading it back. The trainer uses it for batch size 1 with plain gradient
    /// descent and no weight decay, the lecture's loop.
    ///
    /// - Parameters:
    ///   - x: the sample's inputs; y: its targets.
    ///   - alpha: the learning rate α.
    ///   - a, z, e, delta: a trace's buffers for one sample (see ``Trace``).
    /// - Returns: the sample's cost `J = ½‖ŷ − y‖²`.
    mutating func sgdStep(
        x: UnsafePointer<Scalar>, y: UnsafePointer<Scalar>, alpha: Scalar,
        a: UnsafeMutablePointer<Scalar>, z: UnsafeMutablePointer<Scalar>,
        e: UnsafeMutablePointer<Scalar>, delta: UnsafeMutablePointer<Scalar>
    ) -> Scalar {
        a.update(from: x, count: inputWidth)          // a_0 = x
        return layers.withUnsafeBufferPointer { layers in
            parameters.withUnsafeMutableBufferPointer { w in
                let w = w.baseAddress!
                for layer in layers {
                    layer.forwardOneSample(parameters: w, aPrev: a + layer.inputPrefix,
                                           z: z + layer.outputPrefix, a: a + layer.outputPrefix)
                }
                let last = layers[layers.count - 1]
                let yHat = a + last.outputPrefix, eL = e + last.outputPrefix
                var sumSquares: Scalar = 0
                for j in 0..<last.outputWidth {
                    let ej = yHat[j] - y[j]                  // e = ŷ − y
                    sumSquares += ej * ej
                    eL[j] = ej
                }
                for index in stride(from: layers.count - 1, through: 0, by: -1) {
                    let layer = layers[index]
                    let out = layer.outputWidth, inp = layer.inputWidth
                    let zk = z + layer.outputPrefix, ak = a + layer.outputPrefix
                    let ek = e + layer.outputPrefix, dk = delta + layer.outputPrefix
                    let aPrev = a + layer.inputPrefix, ePrev = e + layer.inputPrefix
                    layer.activation.delta(z: zk, a: ak, e: ek, delta: dk, count: out)   // δ_k = g′(z_k) ⊙ e_k
                    let wk = w + layer.weightOffset
                    if index > 0 {                                                       // e_(k−1) = W_kᵀ δ_k
                        layer.propagateOneSample(parameters: w, delta: dk, ePrev: ePrev)
                    }
                    for i in 0..<out {                                                   // w ← w − α δ a_prevᵀ
                        let di = dk[i], row = wk + i * inp
                        for j in 0..<inp { row[j] -= alpha * (di * aPrev[j]) }
                    }
                    if layer.hasBias {                                                   // b ← b − α δ
                        let b = w + layer.biasOffset
                        for i in 0..<out { b[i] -= alpha * dk[i] }
                    }
                }
                return sumSquares / 2
            }
        }
    }
}
