import Backprop
import FinInverse
import Testing

@Suite("Model: input derivatives in raw units")
struct ModelInputJacobianTests {
    /// 2 → 5 → 1 tanh with inputs around (0.05 m, 50 W/(m²·K)) and outputs around 80 °C.
    static func model() throws -> Model<Double> {
        var network = try Network<Double>(widths: [2, 5, 1], activation: .tanh, seed: 3)
        var generator = SeededGenerator(seed: 5)
        try network.setParameters(network.parameters.map { $0 + 0.3 * (generator.uniform() - 0.5) })
        return Model(
            network: network,
            inputScaler: try Scaler(kind: .standard, shift: [0.05, 50], scale: [0.03, 25]),
            outputScaler: try Scaler(kind: .standard, shift: [80], scale: [12]))
    }

    static let x = try! Matrix<Double>([[0.01, 30], [0.05, 70], [0.09, 45]])
    static let y = try! Matrix<Double>([[95], [70], [75]])

    @Test("the engine's ∂J/∂x in raw units matches central differences of J (what route 3 descends)")
    func inputGradient() throws {
        let model = try Self.model()
        let (_, gradient) = try model.costAndInputGradient(x: Self.x, y: Self.y)
        for i in 0..<Self.x.rows {
            for j in 0..<2 {
                let step = j == 0 ? 1e-6 : 1e-4
                var plus = Self.x, minus = Self.x
                plus[i, j] += step
                minus[i, j] -= step
                let difference = (try model.costAndInputGradient(x: plus, y: Self.y).cost
                                  - model.costAndInputGradient(x: minus, y: Self.y).cost) / (2 * step)
                #expect(abs(gradient[i, j] - difference) <= 1e-6 * max(1, abs(difference)), "row \(i), column \(j)")
            }
        }
    }

    @Test("the Jacobian rows from one backward pass with e_L = 1 match central differences of ŷ")
    func jacobianRows() throws {
        let model = try Self.model()
        let (yHat, jacobian) = try model.outputAndInputJacobian(Self.x)
        #expect(yHat == (try model.predict(Self.x)).elements)
        for i in 0..<Self.x.rows {
            for j in 0..<2 {
                let step = j == 0 ? 1e-6 : 1e-4
                var plus = Self.x, minus = Self.x
                plus[i, j] += step
                minus[i, j] -= step
                let difference = (try model.predict(plus)[i, 0] - model.predict(minus)[i, 0]) / (2 * step)
                #expect(abs(jacobian[i, j] - difference) <= 1e-6 * max(1, abs(difference)), "row \(i), column \(j)")
            }
        }
    }

    @Test("the Jacobian rejects a non-finite input")
    func rejectsNaN() throws {
        let model = try Self.model()
        #expect(throws: BackpropError.self) { try model.outputAndInputJacobian(Matrix(row: [.nan, 30])) }
    }
}
