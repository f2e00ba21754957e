import Testing
@testable import Backprop

@Suite("Backprop against finite differences on random networks")
struct BackpropPropertyTests {
    @Test("300 random networks: every ∂J/∂w and ∂J/∂x equals Richardson central differences to 1e-6 (Double)")
    func randomNetworksDouble() throws {
        var rng = SeededGenerator(seed: 2026)
        var worst = 0.0
        for index in 0..<300 {
            let c = RandomCase.make(&rng, index: index)
            let check = try c.network.gradientCheck(x: c.x, y: c.y, scheme: .richardson)
            worst = max(worst, check.maxRelativeError)
            #expect(check.maxRelativeError < 1e-6, "case \(index): \(c)\n\(check)")
            #expect(check.finiteDifferenceForwardPasses == 4 * c.network.parameterCount)
        }
        #expect(worst > 0, "a check that never differs is not checking")
    }

    @Test("Plain central differences agree to 1e-4 on 100 random networks (their error is ≈ ε^(2/3))")
    func randomNetworksPlainCentral() throws {
        var rng = SeededGenerator(seed: 4)
        for index in 0..<100 {
            let c = RandomCase.make(&rng, index: index)
            let check = try c.network.gradientCheck(x: c.x, y: c.y, scheme: .central)
            #expect(check.maxRelativeError < 1e-4, "case \(index): \(c)\n\(check)")
            #expect(check.finiteDifferenceForwardPasses == 2 * c.network.parameterCount)
        }
    }

    @Test("Mean and sum reductions differ by exactly the batch size")
    func reductions() throws {
        var rng = SeededGenerator(seed: 7)
        for index in 0..<50 {
            let c = RandomCase.make(&rng, index: index)
            let mean = try c.network.gradient(x: c.x, y: c.y, reduction: .mean)
            let sum = try c.network.gradient(x: c.x, y: c.y, reduction: .sum)
            let n = Double(c.x.rows)
            #expect(abs(sum.cost - n * mean.cost) <= 1e-12 * max(1, sum.cost))
            for (s, m) in zip(sum.gradient.parameters, mean.gradient.parameters) {
                #expect(abs(s - n * m) <= 1e-12 * max(1, abs(s)))
            }
        }
    }

    @Test("A batch's gradient is the mean of its samples' gradients")
    func batchIsMeanOfSamples() throws {
        var rng = SeededGenerator(seed: 11)
        for index in 0..<50 {
            let c = RandomCase.make(&rng, index: index)
            let batch = try c.network.gradient(x: c.x, y: c.y)
            var mean = Array(repeating: 0.0, count: c.network.parameterCount)
            for r in 0..<c.x.rows {
                let one = try c.network.gradient(x: Matrix(row: Array(c.x.row(r))), y: Matrix(row: Array(c.y.row(r))))
                for i in mean.indices { mean[i] += one.gradient.parameters[i] / Double(c.x.rows) }
            }
            for (b, m) in zip(batch.gradient.parameters, mean) {
                #expect(abs(b - m) <= 1e-12 * max(1, abs(b)))
            }
        }
    }

    @Test("Float backprop matches Double backprop on the same random networks")
    func floatMatchesDouble() throws {
        var rng = SeededGenerator(seed: 99)
        for index in 0..<100 {
            let c = RandomCase.make(&rng, index: index)
            let floatNetwork = try Network<Float>(layers: (1...c.network.depth).map { k in
                let layer = c.network.layer(k)
                return Layer(weight: try Matrix(rows: layer.weight.rows, columns: layer.weight.columns,
                                                elements: layer.weight.elements.map(Float.init)),
                             bias: layer.bias?.map(Float.init), activation: layer.activation)
            })
            let xf = try Matrix(rows: c.x.rows, columns: c.x.columns, elements: c.x.elements.map(Float.init))
            let yf = try Matrix(rows: c.y.rows, columns: c.y.columns, elements: c.y.elements.map(Float.init))
            let single = try floatNetwork.gradient(x: xf, y: yf)
            let double = try c.network.gradient(x: c.x, y: c.y)
            let scale = double.gradient.parameters.map(abs).max() ?? 0
            for (f, d) in zip(single.gradient.parameters, double.gradient.parameters) {
                // Float carries ~7 digits; allow 1e-4 of the gradient's scale.
                #expect(abs(Double(f) - d) <= 1e-4 * max(scale, 1e-3), "case \(index): \(c)")
            }
        }
    }

    @Test("Float gradient check passes at Float's precision", arguments: [Activation.sigmoid, .tanh, .softplus])
    func floatGradientCheck(activation: Activation) throws {
        let network = try Network<Float>(widths: [3, 5, 2], activation: activation, seed: 5)
        let x = try Matrix<Float>([[0.3, -0.7, 1.2], [0.1, 0.4, -0.2]])
        let y = try Matrix<Float>([[0.5, -0.5], [0.2, 0.1]])
        let check = try network.gradientCheck(x: x, y: y)
        // Richardson-extrapolated central differences (the default) in Float: rounding error
        // ε/Δp grows as Δp shrinks, so the bound is loose; Float's ε alone is 1.2e-7.
        #expect(check.maxRelativeError < 1e-2, "\(check)")
    }
}
