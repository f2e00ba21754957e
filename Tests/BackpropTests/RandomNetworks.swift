@testable import Backprop

/// Random architectures for property tests: depth 1–5, hidden widths 1–16, 1–4 outputs, a random
/// activation per layer, bias units on or off per layer, batches of 1–8 samples, all from a seed.
struct RandomCase: CustomStringConvertible {
    var network: Network<Double>
    var x: Matrix<Double>
    var y: Matrix<Double>

    var description: String {
        network.layers.map(\.description).joined(separator: " → ") + ", batch \(x.rows)"
    }

    static func make(_ rng: inout SeededGenerator, index: Int) -> RandomCase {
        let depth = 1 + rng.bounded(5)
        var widths = (0..<depth).map { _ in 1 + rng.bounded(16) }
        widths.append(1 + rng.bounded(4))
        let layers = (0..<depth).map { k -> Layer<Double> in
            let inputs = widths[k], outputs = widths[k + 1]
            let scale = (3.0 / Double(inputs)).squareRoot()
            let weight = try! Matrix(rows: outputs, columns: inputs,
                                     elements: (0..<(outputs * inputs)).map { _ in scale * (2 * rng.uniform() - 1) })
            let bias: [Double]? = rng.bounded(2) == 0 ? nil : (0..<outputs).map { _ in 2 * rng.uniform() - 1 }
            // Every activation appears, in every position, across the cases.
            let activation = Activation.all[(index + k) % Activation.all.count]
            return Layer(weight: weight, bias: bias, activation: activation)
        }
        let network = try! Network(layers: layers)
        let n = 1 + rng.bounded(8)
        let y = try! Matrix(rows: n, columns: widths[depth],
                            elements: (0..<(n * widths[depth])).map { _ in 2 * rng.uniform() - 1 })
        var x = Matrix<Double>(rows: n, columns: widths[0])
        // Stay clear of the kinks of ReLU, leaky ReLU and ELU (z = 0), where the derivative jumps
        // and a finite difference straddling the kink measures neither side (steps move z by ≲ 2e-3).
        for _ in 0..<200 {
            x = try! Matrix(rows: n, columns: widths[0],
                            elements: (0..<(n * widths[0])).map { _ in 4 * rng.uniform() - 2 })
            if clearOfKinks(network, x) { break }
        }
        return RandomCase(network: network, x: x, y: y)
    }

    static func clearOfKinks(_ network: Network<Double>, _ x: Matrix<Double>) -> Bool {
        let trace = try! network.forward(x)
        for (index, layer) in network.layers.enumerated() {
            switch layer.activation {
            case .relu, .leakyReLU, .elu:
                if trace.z(index + 1).elements.contains(where: { abs($0) < 5e-3 }) { return false }
            default: continue
            }
        }
        return true
    }
}
