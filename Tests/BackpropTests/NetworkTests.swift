import Testing
@testable import Backprop

@Suite("Network construction, layout and bad input")
struct NetworkTests {
    @Test("Widths, layer shapes and the flat layout W_1, b_1, W_2, b_2")
    func layout() throws {
        let network = try Network<Double>(widths: [3, 5, 2], bias: true)
        #expect(network.widths == [3, 5, 2])
        #expect(network.parameterCount == 3 * 5 + 5 + 5 * 2 + 2)
        #expect(network.layers[0].description == "Dense(3 => 5, sigmoid)")
        #expect(network.layers[1].description == "Dense(5 => 2, identity)")
        #expect(network.layers[1].weightOffset == 20)
        #expect(network.weight(ofLayer: 1).shape == "5 × 3")
        #expect(network.bias(ofLayer: 2) == [0, 0])
        let lecture = try Network<Double>(widths: [1, 1, 1, 1], bias: false)
        #expect(lecture.parameterCount == 3)
        #expect(lecture.bias(ofLayer: 1) == nil)
    }

    @Test("Explicit layers round-trip through the flat vector")
    func explicitLayers() throws {
        let w1 = try Matrix<Double>([[1, 2], [3, 4], [5, 6]])
        let w2 = try Matrix<Double>([[7, 8, 9]])
        let network = try Network(layers: [
            Layer(weight: w1, bias: [0.1, 0.2, 0.3], activation: .tanh),
            Layer(weight: w2, bias: nil, activation: .identity),
        ])
        #expect(network.parameters == [1, 2, 3, 4, 5, 6, 0.1, 0.2, 0.3, 7, 8, 9])
        #expect(network.layer(1).weight == w1)
        #expect(network.layer(2).bias == nil)
        // z = W a + b for one sample, by the plain reference and by the network.
        let trace = try network.forward(Matrix(row: [0.5, -1]))
        #expect(trace.z(1).elements == network.layer(1).z([0.5, -1]))
    }

    @Test("The batched forward pass (GEMM, blocked on wide layers) equals the plain Layer.z of each row", arguments: [3, 64, 300])
    func batchedForwardMatchesReference(rows: Int) throws {
        var rng = SeededGenerator(seed: UInt64(rows))
        let network = try Network<Double>(widths: [37, 70, 9], activation: .tanh, seed: 4)
        let x = try Matrix(rows: rows, columns: 37, elements: (0..<(rows * 37)).map { _ in 2 * rng.uniform() - 1 })
        let trace = try network.forward(x)
        var worst = 0.0
        for k in 1...network.depth {
            let layer = network.layer(k), aPrev = trace.a(k - 1), z = trace.z(k)
            for r in 0..<rows {
                let reference = layer.z(Array(aPrev.row(r)))
                for (fast, plain) in zip(z.row(r), reference) {
                    // Sums of ≤ 70 products in another order: a few ulps of the largest term.
                    worst = Swift.max(worst, Swift.abs(fast - plain) / Swift.max(1.0, Swift.abs(plain)))
                }
            }
        }
        #expect(worst < 1e-13, "largest relative difference \(worst)")
    }

    @Test("Layers that do not chain are rejected naming the layer and both shapes")
    func badChain() throws {
        let error = #expect(throws: BackpropError.self) {
            try Network<Double>(layers: [
                Layer(weight: Matrix(rows: 3, columns: 2), activation: .tanh),
                Layer(weight: Matrix(rows: 1, columns: 4), activation: .identity),
            ])
        }
        #expect(error?.description.contains("layer 2") == true)
        #expect(error?.description.contains("1 × 4") == true)
    }

    @Test("A bias of the wrong length, NaN weights, empty and zero-width architectures are rejected")
    func badArchitectures() {
        #expect(throws: BackpropError.self) {
            try Network<Double>(layers: [Layer(weight: Matrix(rows: 2, columns: 2), bias: [1], activation: .tanh)])
        }
        #expect(throws: BackpropError.self) {
            try Network<Double>(layers: [Layer(weight: Matrix(row: [1, .nan]), activation: .tanh)])
        }
        #expect(throws: BackpropError.self) { try Network<Double>(widths: [3]) }
        #expect(throws: BackpropError.self) { try Network<Double>(widths: [3, 0, 1]) }
        #expect(throws: BackpropError.self) { try Network<Double>(layers: []) }
        #expect(throws: BackpropError.self) { try Network<Double>(widths: [100_000, 100_000, 1]) }
    }

    @Test("Inputs and targets of the wrong shape, empty or non-finite, throw the documented errors")
    func badData() throws {
        let network = try Network<Double>(widths: [2, 3, 1])
        let x = try Matrix<Double>([[1, 2], [3, 4]])
        let y = try Matrix<Double>([[1], [2]])
        let wrongWidth = #expect(throws: BackpropError.self) { try network.forward(Matrix(row: [1, 2, 3])) }
        #expect(wrongWidth == .dimensionMismatch(what: "input x (N × inputs)", expected: "2 columns for layer 1", actual: "3 columns"))
        #expect(throws: BackpropError.self) { try network.forward(Matrix(rows: 0, columns: 2)) }
        let nan = #expect(throws: BackpropError.self) { try network.forward(Matrix(row: [1, .nan])) }
        #expect(nan?.description.contains("row 0, column 1") == true)
        #expect(throws: BackpropError.self) { try network.forward(Matrix(row: [.infinity, 1])) }
        #expect(throws: BackpropError.self) { try network.gradient(x: x, y: Matrix(column: [1])) }
        #expect(throws: BackpropError.self) { try network.gradient(x: x, y: Matrix([[1, 2], [3, 4]])) }
        #expect(throws: BackpropError.self) { try network.gradient(x: x, y: Matrix(column: [1, .nan])) }
        #expect(throws: BackpropError.self) { try network.gradientCheck(x: x, y: Matrix(column: [1])) }
        _ = try network.gradient(x: x, y: y)
    }

    @Test("Matrices reject element counts that do not fit their shape, and ragged rows")
    func badMatrices() {
        #expect(throws: BackpropError.self) { try Matrix<Double>(rows: 2, columns: 2, elements: [1, 2, 3]) }
        #expect(throws: BackpropError.self) { try Matrix<Double>(rows: -1, columns: 2, elements: []) }
        #expect(throws: BackpropError.self) { try Matrix<Double>([[1, 2], [3]]) }
    }

    @Test("setParameters validates count and finiteness")
    func setParameters() throws {
        var network = try Network<Double>(widths: [1, 2, 1])
        #expect(throws: BackpropError.self) { try network.setParameters([1, 2]) }
        #expect(throws: BackpropError.self) { try network.setParameters(Array(repeating: .nan, count: network.parameterCount)) }
        try network.setParameters(Array(repeating: 0.5, count: network.parameterCount))
        #expect(network.parameters.allSatisfy { $0 == 0.5 })
    }

    @Test("The same seed gives the same network; another seed another")
    func seeds() throws {
        let a = try Network<Double>(widths: [4, 8, 2], seed: 1)
        let b = try Network<Double>(widths: [4, 8, 2], seed: 1)
        let c = try Network<Double>(widths: [4, 8, 2], seed: 2)
        #expect(a == b)
        #expect(a != c)
        // Xavier bounds: |w| ≤ √(6 / (in + out)).
        #expect(a.weight(ofLayer: 1).elements.allSatisfy { abs($0) <= (6.0 / 12).squareRoot() })
    }
}
