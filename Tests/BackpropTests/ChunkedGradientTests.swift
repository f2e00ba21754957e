import Testing

@testable import Backprop

/// The gradient over many rows in chunks (memory of one chunk's trace) against one pass over
/// every row.
@Suite("Gradient in chunks of rows equals the one-pass gradient")
struct ChunkedGradientTests {
    /// |a − b| ≤ 1e-12 · (1 + max |b|), element by element.
    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        let scale = 1 + (b.map(abs).max() ?? 0)
        return a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * scale }
    }

    /// Rows spanning several chunks, with a partial last one.
    static func rows(_ case: RandomCase, _ rng: inout SeededGenerator) -> (Matrix<Double>, Matrix<Double>) {
        let n = 2 * Network<Double>.gradientChunkRows + 1 + rng.bounded(300)
        let inputs = `case`.network.inputWidth, outputs = `case`.network.outputWidth
        let x = try! Matrix(rows: n, columns: inputs, elements: (0..<(n * inputs)).map { _ in 4 * rng.uniform() - 2 })
        let y = try! Matrix(rows: n, columns: outputs, elements: (0..<(n * outputs)).map { _ in 2 * rng.uniform() - 1 })
        return (x, y)
    }

    @Test("30 random networks, 8 000+ rows: J, ∂J/∂w and ∂J/∂x agree to 1e-12, mean and sum")
    func randomNetworks() throws {
        var rng = SeededGenerator(seed: 2024)
        for index in 0..<30 {
            let random = RandomCase.make(&rng, index: index)
            let (x, y) = Self.rows(random, &rng)
            for reduction in [Reduction.mean, .sum] {
                let whole = try random.network.gradient(x: x, y: y, reduction: reduction)
                let chunked = try random.network.gradientInChunks(x: x, y: y, reduction: reduction)
                #expect(Self.close([chunked.cost], [whole.cost]), "\(random), \(reduction)")
                #expect(Self.close(chunked.gradient.parameters, whole.gradient.parameters), "\(random), \(reduction)")
                #expect(Self.close(chunked.inputGradient.elements, whole.trace.inputGradient.elements), "\(random)")
            }
        }
    }

    @Test("a wide layer (products on the blocked path): ∂J/∂W equal bit for bit")
    func blockedProductsBitForBit() throws {
        var rng = SeededGenerator(seed: 7)
        let network = try Network<Double>(widths: [12, 40, 24], activation: .tanh, seed: 3)
        let n = 3 * Network<Double>.gradientChunkRows + 100
        let x = try Matrix(rows: n, columns: 12, elements: (0..<(n * 12)).map { _ in 2 * rng.uniform() - 1 })
        let y = try Matrix(rows: n, columns: 24, elements: (0..<(n * 24)).map { _ in rng.uniform() })
        let whole = try network.gradient(x: x, y: y)
        let chunked = try network.gradientInChunks(x: x, y: y)
        #expect(chunked.gradient.parameters.map(\.bitPattern) == whole.gradient.parameters.map(\.bitPattern))
        #expect(chunked.inputGradient.elements.map(\.bitPattern) == whole.trace.inputGradient.elements.map(\.bitPattern))
        #expect(chunked.cost.bitPattern == whole.cost.bitPattern)
    }

    @Test("raw-unit J and ∂J/∂x of a model equal one full pass with the scalers applied by hand")
    func modelInputGradient() throws {
        var rng = SeededGenerator(seed: 11)
        let network = try Network<Double>(widths: [3, 9, 2], activation: .sigmoid, seed: 5)
        let n = Network<Double>.gradientChunkRows + 777
        let x = try Matrix(rows: n, columns: 3, elements: (0..<(n * 3)).map { _ in 300 + 50 * rng.uniform() })
        let y = try Matrix(rows: n, columns: 2, elements: (0..<(n * 2)).map { _ in 20 * rng.uniform() })
        let model = Model(network: network, inputScaler: Scaler.fit(.standard, to: x), outputScaler: Scaler.fit(.standard, to: y))
        let (cost, gx) = try model.costAndInputGradient(x: x, y: y)

        // One pass over all rows: ∂J/∂ŷ̃ = c_y (ŷ − y)/N, backprop, then ∂J/∂x = ∂J/∂x̃ / c_x.
        var trace = Trace(for: network, batchSize: n)
        network.forward(model.inputScaler.transform(x), into: &trace)
        let yHat = model.outputScaler.inverse(trace.yHat)
        var eL = Matrix<Double>(rows: n, columns: 2)
        var sum = 0.0
        for i in eL.elements.indices {
            let e = yHat.elements[i] - y.elements[i]
            sum += e * e
            eL.elements[i] = model.outputScaler.scale[i % 2] * e / Double(n)
        }
        var gradient = Gradient(for: network)
        network.backward(outputGradient: eL, trace: &trace, into: &gradient)
        let expected = trace.inputGradient.elements.indices.map { i in
            trace.inputGradient.elements[i] / model.inputScaler.scale[i % 3]
        }
        #expect(Self.close([cost], [sum / (2 * Double(n))]))
        #expect(Self.close(gx.elements, expected))
    }

    @Test("a model predicts 4096 rows at a time the same bits as scaling all of x at once")
    func modelPredictInChunks() throws {
        var rng = SeededGenerator(seed: 13)
        let network = try Network<Double>(widths: [3, 16, 16, 2], activation: .tanh, seed: 8)
        let n = 2 * 4096 + 1027
        let x = try Matrix(rows: n, columns: 3, elements: (0..<(n * 3)).map { _ in 300 + 50 * rng.uniform() })
        let model = Model(network: network, inputScaler: Scaler.fit(.standard, to: x),
                          outputScaler: try Scaler(kind: .standard, shift: [20, -3], scale: [4, 0.5]))
        let whole = model.outputScaler.inverse(try network.predict(model.inputScaler.transform(x)))
        #expect(try model.predict(x).elements.map(\.bitPattern) == whole.elements.map(\.bitPattern))
    }
}
