import Foundation
import Testing
@testable import Backprop

@Suite("Input derivatives ŷ′, ŷ″ by forward mode, and backprop through them")
struct InputDerivativeTests {
    @Test("hand-worked: ŷ = w₂ tanh(w₁x + b₁) gives ŷ′ = w₂ g′ w₁ and ŷ″ = w₂ g″ w₁², g′ = 1 − a², g″ = −2a(1 − a²)")
    func handWorked() throws {
        let w1 = 0.7, b1 = -0.2, w2 = 1.3, x = 0.4
        let network = try Network<Double>(layers: [
            Layer(weight: try Matrix([[w1]]), bias: [b1], activation: .tanh),
            Layer(weight: try Matrix([[w2]]), bias: nil, activation: .identity),
        ])
        let trace = try network.inputDerivatives(try Matrix([[x]]), column: 0)
        let a = tanh(w1 * x + b1)
        #expect(abs(trace.yHat.elements[0] - w2 * a) < 1e-15)
        #expect(abs(trace.yHatPrime.elements[0] - w2 * (1 - a * a) * w1) < 1e-15)
        #expect(abs(trace.yHatDoublePrime.elements[0] - w2 * (-2 * a * (1 - a * a)) * w1 * w1) < 1e-15)
        // C = ŷ″ alone (ē = ē′ = 0, ē″ = 1): ∂C/∂w₂ = g″ w₁², and ∂C/∂b₁ = w₂ g‴ w₁² (z′ = w₁, z″ = 0).
        let zero = try Matrix([[0.0]]), one = try Matrix([[1.0]])
        let g = try network.backward(trace, e: zero, ePrime: zero, eDoublePrime: one).gradient
        let g3 = (1 - a * a) * (6 * a * a - 2)
        #expect(abs(g.weight(ofLayer: 2).elements[0] - (-2 * a * (1 - a * a)) * w1 * w1) < 1e-14)
        #expect(abs(g.bias(ofLayer: 1)![0] - w2 * g3 * w1 * w1) < 1e-14)
    }

    @Test("g‴ of every activation is the derivative of its g″ (Richardson differences, away from kinks)")
    func thirdDerivatives() {
        for activation in Activation.all {
            for z in stride(from: -3.0, through: 3.0, by: 0.37) where abs(z) > 0.05 {
                let fd = FiniteDifference.richardson.derivative(at: z, atValue: 0) { v in
                    activation.gDoublePrime(z: v, a: activation.g(v))
                }
                let exact = activation.gTriplePrime(z: z, a: activation.g(z))
                #expect(abs(exact - fd) <= 1e-8 * max(1, abs(exact)), "\(activation) at z = \(z): \(exact) vs \(fd)")
            }
        }
    }

    @Test("property: 60 random networks (1–5 layers, widths 1–16, every activation, with and without bias), a random input column: ŷ′, ŷ″, ∂C/∂w and ∂C/∂x agree with finite differences to ≤ 1e-6")
    func randomNetworks() throws {
        var rng = SeededGenerator(seed: 14)
        var worst = 0.0
        for index in 0..<60 {
            let c = RandomCase.make(&rng, index: index)
            let column = rng.bounded(c.network.inputWidth)
            let check = try c.network.inputDerivativeCheck(x: c.x, column: column, seed: UInt64(index))
            worst = max(worst, check.maxRelativeError)
            #expect(check.maxRelativeError <= 1e-6, "\(c), column \(column):\n\(check)")
        }
        #expect(worst > 0)      // the comparison ran; 7.2e-8 measured
    }

    @Test("Float gives Double's ŷ′ and ŷ″ to Float's precision")
    func float() throws {
        var rng = SeededGenerator(seed: 3)
        let c = RandomCase.make(&rng, index: 2)
        let double = try c.network.inputDerivatives(c.x, column: 0)
        let network = try Network<Float>(layers: c.network.layers.enumerated().map { k, layer in
            Layer(weight: try Matrix(rows: layer.outputWidth, columns: layer.inputWidth,
                                     elements: c.network.weight(ofLayer: k + 1).elements.map(Float.init)),
                  bias: c.network.bias(ofLayer: k + 1)?.map(Float.init), activation: layer.activation)
        })
        let single = try network.inputDerivatives(try Matrix(rows: c.x.rows, columns: c.x.columns, elements: c.x.elements.map(Float.init)), column: 0)
        for (d, f) in [(double.yHatPrime, single.yHatPrime), (double.yHatDoublePrime, single.yHatDoublePrime)] {
            let scale = d.elements.map(abs).max() ?? 1
            for (a, b) in zip(d.elements, f.elements) { #expect(abs(a - Double(b)) <= 1e-4 * max(scale, 1e-3)) }
        }
    }

    @Test("bad input: a column out of range, adjoints of the wrong shape or not finite, another network's trace")
    func badInput() throws {
        let network = try Network<Double>(widths: [2, 3, 1], activation: .tanh)
        let x = try Matrix([[0.1, 0.2], [0.3, -0.4]])
        #expect(throws: BackpropError.self) { try network.inputDerivatives(x, column: 2) }
        #expect(throws: BackpropError.self) { try network.inputDerivatives(x, column: -1) }
        let trace = try network.inputDerivatives(x, column: 1)
        let good = Matrix<Double>(rows: 2, columns: 1), wrong = Matrix<Double>(rows: 1, columns: 1)
        #expect(throws: BackpropError.self) { try network.backward(trace, e: good, ePrime: wrong, eDoublePrime: good) }
        let nan = try Matrix([[Double.nan], [0]])
        #expect(throws: BackpropError.self) { try network.backward(trace, e: good, ePrime: good, eDoublePrime: nan) }
        let other = try Network<Double>(widths: [2, 4, 4, 1], activation: .tanh)
        #expect(throws: BackpropError.self) { try other.backward(trace, e: good, ePrime: good, eDoublePrime: good) }
    }
}
