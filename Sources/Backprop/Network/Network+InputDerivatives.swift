/// The outputs of a network and their first and second derivatives with respect to one input
/// column, for a batch, with every layer's (z, z′, z″) and (a, a′, a″) kept for the backward
/// pass (see `Dense+InputDerivatives` for the formulas).
public struct InputDerivativeTrace<Scalar: NetworkScalar>: Sendable {
    /// The input column c that ′ differentiates by.
    public let column: Int
    /// Samples n.
    public let batchSize: Int
    /// Per layer k = 0…L, the stacked (a, a′, a″): 3n × n_k, row-major.
    var a: [[Scalar]]
    /// Per layer k = 1…L (index k − 1), the stacked (z, z′, z″): 3n × n_k.
    var z: [[Scalar]]

    /// ŷ = a_L, n × outputs.
    public var yHat: Matrix<Scalar> { block(0) }
    /// ŷ′ = ∂ŷ/∂x_c, n × outputs.
    public var yHatPrime: Matrix<Scalar> { block(1) }
    /// ŷ″ = ∂²ŷ/∂x_c², n × outputs.
    public var yHatDoublePrime: Matrix<Scalar> { block(2) }

    func block(_ b: Int) -> Matrix<Scalar> {
        let last = a[a.count - 1], width = last.count / (3 * batchSize)
        let rows = (b * batchSize * width)..<((b + 1) * batchSize * width)
        return try! Matrix(rows: batchSize, columns: width, elements: Array(last[rows]))
    }
}

/// What the backward pass of ``InputDerivativeTrace`` gives: ∂C/∂w for every parameter and
/// ∂C/∂x for a cost C(ŷ, ŷ′, ŷ″).
public struct InputDerivativeGradient<Scalar: NetworkScalar>: Sendable {
    /// ∂C/∂w, in the network's layout.
    public let gradient: Gradient<Scalar>
    /// ∂C/∂x, n × inputs (a′_0 and a″_0 are constants, so this is ē_0).
    public let inputGradient: Matrix<Scalar>
}

extension Network {
    /// The forward-mode pass: ŷ, ŷ′ = ∂ŷ/∂x_c and ŷ″ = ∂²ŷ/∂x_c² for every row of x, from
    /// a_0 = x, a′_0 = e_c, a″_0 = 0 through z′ = W a′, a′ = g′(z) z′, z″ = W a″,
    /// a″ = g″(z) z′² + g′(z) z″ at each layer.
    ///
    /// - Parameters:
    ///   - x: n × inputs.
    ///   - column: c, the input to differentiate by (0-based).
    /// - Throws: ``BackpropError`` for x of the wrong width or not finite, or c out of range.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func inputDerivatives(_ x: Matrix<Scalar>, column c: Int) throws(BackpropError) -> InputDerivativeTrace<Scalar> {
        try validate(x: x)
        guard (0..<inputWidth).contains(c) else {
            throw .invalidArgument(name: "input column", value: "\(c)", expected: "0 … \(inputWidth - 1) (the network has \(inputWidth) inputs)")
        }
        let n = x.rows
        var a0 = [Scalar](repeating: 0, count: 3 * n * inputWidth)
        a0.replaceSubrange(0..<(n * inputWidth), with: x.elements)
        for row in 0..<n { a0[(n + row) * inputWidth + c] = 1 }                // a′_0 = e_c; a″_0 = 0
        var a = [a0], z: [[Scalar]] = []
        parameters.withUnsafeBufferPointer { w in
            for layer in layers {
                var zk = [Scalar](repeating: 0, count: 3 * n * layer.outputWidth)
                var ak = zk
                a[a.count - 1].withUnsafeBufferPointer { aPrev in
                    zk.withUnsafeMutableBufferPointer { zp in
                        ak.withUnsafeMutableBufferPointer { ap in
                            layer.forwardInputDerivatives(parameters: w.baseAddress!, aPrev: aPrev.baseAddress!,
                                                          z: zp.baseAddress!, a: ap.baseAddress!, batch: n)
                        }
                    }
                }
                z.append(zk)
                a.append(ak)
            }
        }
        return InputDerivativeTrace(column: c, batchSize: n, a: a, z: z)
    }

    /// The backward pass of ``inputDerivatives(_:column:)``: for a cost C(ŷ, ŷ′, ŷ″), given its
    /// derivatives ē_L = ∂C/∂ŷ, ē′_L = ∂C/∂ŷ′, ē″_L = ∂C/∂ŷ″ (each n × outputs), every ∂C/∂w and
    /// ∂C/∂x — one pass back through the layers, as the lecture's backward pass is for J(ŷ).
    ///
    /// - Throws: ``BackpropError/dimensionMismatch(what:expected:actual:)`` for adjoints of the
    ///   wrong shape, ``BackpropError/nonFinite(what:index:value:)`` for a non-finite one.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func backward(
        _ trace: InputDerivativeTrace<Scalar>, e: Matrix<Scalar>, ePrime: Matrix<Scalar>, eDoublePrime: Matrix<Scalar>
    ) throws(BackpropError) -> InputDerivativeGradient<Scalar> {
        let n = trace.batchSize
        guard trace.a.count == layers.count + 1, trace.a[0].count == 3 * n * inputWidth else {
            throw .dimensionMismatch(what: "input-derivative trace", expected: "one of this network (\(widths))",
                                     actual: "\(trace.a.count - 1) layers")
        }
        for (name, m) in [("∂C/∂ŷ", e), ("∂C/∂ŷ′", ePrime), ("∂C/∂ŷ″", eDoublePrime)] {
            guard m.rows == n, m.columns == outputWidth else {
                throw .dimensionMismatch(what: name, expected: "\(n) × \(outputWidth)", actual: m.shape)
            }
            try m.validateFinite(name)
        }
        var gradient = Gradient(for: self)
        // Scratch for every layer at once: δ, and (ē, ē′, ē″) of the layer and of the one below
        // (swapped as the pass goes down), each sized for the widest layer.
        let widest = 3 * n * widths.max()!
        var delta = [Scalar](repeating: 0, count: widest)
        var ek = [Scalar](repeating: 0, count: widest), ePrev = ek
        let block = n * outputWidth                                            // stacked (ē, ē′, ē″)_L
        ek.replaceSubrange(0..<block, with: e.elements)
        ek.replaceSubrange(block..<(2 * block), with: ePrime.elements)
        ek.replaceSubrange((2 * block)..<(3 * block), with: eDoublePrime.elements)
        parameters.withUnsafeBufferPointer { w in
            gradient.parameters.withUnsafeMutableBufferPointer { g in
                delta.withUnsafeMutableBufferPointer { dp in
                    for k in stride(from: layers.count, through: 1, by: -1) {
                        let layer = layers[k - 1]
                        trace.a[k - 1].withUnsafeBufferPointer { aPrev in
                            trace.z[k - 1].withUnsafeBufferPointer { zk in
                                trace.a[k].withUnsafeBufferPointer { ak in
                                    ek.withUnsafeBufferPointer { ep in
                                        ePrev.withUnsafeMutableBufferPointer { pp in
                                            layer.backwardInputDerivatives(
                                                parameters: w.baseAddress!, aPrev: aPrev.baseAddress!, z: zk.baseAddress!,
                                                a: ak.baseAddress!, e: ep.baseAddress!, delta: dp.baseAddress!,
                                                gradient: g.baseAddress!, ePrev: pp.baseAddress!, batch: n)
                                        }
                                    }
                                }
                            }
                        }
                        swap(&ek, &ePrev)
                    }
                }
            }
        }
        let inputGradient = try! Matrix(rows: n, columns: inputWidth, elements: Array(ek[0..<(n * inputWidth)]))
        return InputDerivativeGradient(gradient: gradient, inputGradient: inputGradient)
    }
}
