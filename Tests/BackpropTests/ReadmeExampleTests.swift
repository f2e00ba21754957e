import Foundation
import Testing
import Backprop

/// The README's "library in ten lines", verbatim, so the example stays runnable.
@Suite("README examples")
struct ReadmeExampleTests {
    @Test("The ten-line library example runs and its gradient check passes")
    func tenLines() throws {
        let network = try Network<Double>(widths: [1, 10, 10, 1], activation: .sigmoid, seed: 42)
        let x = Matrix<Double>(column: [0.0, 0.25, 0.5, 0.75, 1.0])
        let y = Matrix<Double>(column: [1.0, 0.72, 0.52, 0.41, 0.37])
        let (cost, gradient, trace) = try network.gradient(x: x, y: y)   // one forward + one backward pass
        print("J =", cost, " ∂J/∂W_1 =", gradient.weight(ofLayer: 1).elements)
        print("δ_2 =", trace.delta(2).elements, " ∂J/∂x =", trace.inputGradient.elements)
        let check = try network.gradientCheck(x: x, y: y)                 // against finite differences
        print(check)                                                      // per layer: max relative error
        precondition(check.maxRelativeError < 1e-6)
        #expect(check.maxRelativeError < 1e-6)
        #expect(cost > 0)

        // The training example (saving to a temporary directory instead of the working one).
        let data = try Dataset(x: x, y: y)
        var trainer = try Trainer(network: network, configuration: .init(learningRate: 0.1, batchSize: 1))
        let reason = try trainer.train(on: data, epochs: 500)             // per-sample SGD, as the lecture runs it
        print(reason, trainer.state.history.csv)                          // J against epoch
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString).json").path
        try Model(network: trainer.network).save(to: path)
        #expect(reason == .maximumEpochs)
        #expect(trainer.state.history.records.last!.trainingCost < trainer.state.history.records.first!.trainingCost)
        #expect(try Model<Double>.load(from: path).network == trainer.network)
    }
}
