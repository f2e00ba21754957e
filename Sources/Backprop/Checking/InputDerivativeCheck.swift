import Foundation

/// The forward-mode input derivatives and their backward pass beside finite differences.
///
/// Two checks, each in ``GradientCheck``'s floored relative error:
///
/// - **ŷ′ and ŷ″**: ŷ′ against the finite difference of ŷ in x_c, and ŷ″ against the finite
///   difference of the forward-mode ŷ′ (one order of differencing each, so both are checked to
///   the scheme's accuracy rather than to a second difference's).
/// - **∂C/∂w and ∂C/∂x** of the test cost
///
///       C = (1/2n) Σ [(ŷ − r)² + (ŷ′ − r′)² + (ŷ″ − r″)²]
///
///   with targets r, r′, r″ drawn from `seed`, whose adjoints ∂C/∂ŷ = (ŷ − r)/n, … seed the
///   backward pass; against finite differences of C over every parameter and every input.
public struct InputDerivativeCheck: Sendable, CustomStringConvertible {
    /// The input column differentiated by.
    public let column: Int
    /// ŷ′ and ŷ″ against finite differences.
    public let derivatives: [GradientCheck.Block]
    /// ∂C/∂w per layer and ∂C/∂x against finite differences.
    public let gradient: GradientCheck

    /// The worst error over both checks.
    public var maxRelativeError: Double { max(derivatives.map(\.maxRelativeError).max() ?? 0, gradient.maxRelativeError) }

    public var description: String {
        var lines = ["input column \(column): ŷ′ and ŷ″ by forward mode against \(gradient.scheme.rawValue) differences in x_\(column)"]
        for b in derivatives {
            lines.append("  \(b.name)  max rel. error \(String(format: "%.3e", b.maxRelativeError)) at (\(b.worst.row), \(b.worst.column)): \(b.backprop) vs \(b.finiteDifference)")
        }
        lines.append("∂C/∂w and ∂C/∂x of C = (1/2n) Σ [(ŷ − r)² + (ŷ′ − r′)² + (ŷ″ − r″)²] by the backward pass:")
        lines.append(gradient.description)
        return lines.joined(separator: "\n")
    }
}

extension Network {
    /// Checks ``inputDerivatives(_:column:)`` and its ``backward(_:e:ePrime:eDoublePrime:)``
    /// against finite differences on `x` (see ``InputDerivativeCheck``).
    ///
    /// - Throws: ``BackpropError`` for x of the wrong shape or not finite, or c out of range.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func inputDerivativeCheck(
        x: Matrix<Scalar>, column c: Int, scheme: FiniteDifference = .richardson, seed: UInt64 = 1
    ) throws(BackpropError) -> InputDerivativeCheck {
        let clock = ContinuousClock()
        let trace = try inputDerivatives(x, column: c)
        let n = x.rows, out = outputWidth
        var random = SeededGenerator(seed: seed)
        let targets = (0..<3).map { _ in (0..<(n * out)).map { _ in Scalar(random.normal()) } }
        func cost(_ t: InputDerivativeTrace<Scalar>) -> Scalar {
            var sum: Scalar = 0
            for (block, m) in [t.yHat, t.yHatPrime, t.yHatDoublePrime].enumerated() {
                for i in 0..<(n * out) { let r = m.elements[i] - targets[block][i]; sum += r * r }
            }
            return sum / Scalar(2 * n)
        }
        func adjoint(_ m: Matrix<Scalar>, _ block: Int) -> Matrix<Scalar> {
            try! Matrix(rows: n, columns: out, elements: (0..<(n * out)).map { (m.elements[$0] - targets[block][$0]) / Scalar(n) })
        }

        // ŷ′ and ŷ″: one derivative in x_c of ŷ and of the forward-mode ŷ′, element by element.
        var probe = x
        var fdPrime = [Scalar](repeating: 0, count: n * out), fdSecond = fdPrime
        for row in 0..<n {
            let index = row * inputWidth + c, value = x.elements[index]
            for j in 0..<out {
                let at = row * out + j
                func along(_ evaluate: (InputDerivativeTrace<Scalar>) -> Matrix<Scalar>) -> Scalar {
                    scheme.derivative(at: value, atValue: evaluate(trace).elements[at]) { v in
                        probe.elements[index] = v
                        defer { probe.elements[index] = value }
                        return evaluate(try! inputDerivatives(probe, column: c)).elements[at]
                    }
                }
                fdPrime[at] = along(\.yHat)
                fdSecond[at] = along(\.yHatPrime)
            }
        }
        let yPrime = trace.yHatPrime.elements, ySecond = trace.yHatDoublePrime.elements
        let derivatives = [
            GradientCheck.block("ŷ′", layer: 0, backprop: yPrime[...], finiteDifference: fdPrime[...], columns: out,
                                floor: 1e-3 * Double(yPrime.map(\.magnitude).max() ?? 0)),
            GradientCheck.block("ŷ″", layer: 0, backprop: ySecond[...], finiteDifference: fdSecond[...], columns: out,
                                floor: 1e-3 * Double(ySecond.map(\.magnitude).max() ?? 0)),
        ]

        // ∂C/∂w and ∂C/∂x: the backward pass against C differenced.
        let start = clock.now
        let result = try backward(trace, e: adjoint(trace.yHat, 0), ePrime: adjoint(trace.yHatPrime, 1),
                                  eDoublePrime: adjoint(trace.yHatDoublePrime, 2))
        let backpropTime = clock.now - start
        let c0 = cost(trace)
        var network = self
        var fd = [Scalar](repeating: 0, count: parameterCount)
        for i in parameters.indices {
            let original = parameters[i]
            fd[i] = scheme.derivative(at: original, atValue: c0) { p in
                network.parameters[i] = p
                defer { network.parameters[i] = original }
                return cost(try! network.inputDerivatives(x, column: c))
            }
        }
        var fdx = [Scalar](repeating: 0, count: x.elements.count)
        for i in x.elements.indices {
            let value = x.elements[i]
            fdx[i] = scheme.derivative(at: value, atValue: c0) { v in
                probe.elements[i] = v
                defer { probe.elements[i] = value }
                return cost(try! inputDerivatives(probe, column: c))
            }
        }
        let fdTime = clock.now - start - backpropTime
        let g = result.gradient.parameters, gx = result.inputGradient.elements
        let tau = 1e-3 * Double(max(g.map(\.magnitude).max() ?? 0, gx.map(\.magnitude).max() ?? 0))
        var blocks: [GradientCheck.Block] = []
        for (index, layer) in layers.enumerated() {
            blocks.append(GradientCheck.block("W_\(index + 1)", layer: index + 1, backprop: g[layer.weightRange],
                                              finiteDifference: fd[layer.weightRange], columns: layer.inputWidth, floor: tau))
            if layer.hasBias {
                blocks.append(GradientCheck.block("b_\(index + 1)", layer: index + 1, backprop: g[layer.biasRange],
                                                  finiteDifference: fd[layer.biasRange], columns: layer.outputWidth, floor: tau))
            }
        }
        blocks.append(GradientCheck.block("∂C/∂x", layer: 0, backprop: gx[...], finiteDifference: fdx[...],
                                          columns: inputWidth, floor: tau))
        let gradient = GradientCheck(
            blocks: blocks, scheme: scheme, parameterCount: parameterCount,
            backpropForwardPasses: 1, backpropBackwardPasses: 1,
            finiteDifferenceForwardPasses: scheme.forwardPasses(parameters: parameterCount),
            backpropSeconds: backpropTime.seconds, finiteDifferenceSeconds: fdTime.seconds)
        return InputDerivativeCheck(column: c, derivatives: derivatives, gradient: gradient)
    }
}
