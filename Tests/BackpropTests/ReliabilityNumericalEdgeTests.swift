import Foundation
import RealModule
import Testing

@testable import Backprop

/// A scaled training run as the `train` command makes one: scalers fitted on the raw data, the
/// network trained on scaled data, the model holding both.
struct ScaledRun {
    var model: Model<Double>
    var trainer: Trainer<Double>

    /// Training J of every epoch, in scaled units.
    var costs: [Double] { trainer.state.history.records.map(\.trainingCost) }

    init(
        x: Matrix<Double>, y: Matrix<Double>, scaling: Scaler.Kind = .standard, hidden: [Int] = [6],
        activation: Activation = .tanh, epochs: Int = 60, batchSize: Int? = 4, learningRate: Double = 0.05
    ) throws {
        let inputScaler = Scaler.fit(scaling, to: x), outputScaler = Scaler.fit(scaling, to: y)
        let data = try Dataset(x: inputScaler.transform(x), y: outputScaler.transform(y))
        let network = try Network<Double>(widths: [x.columns] + hidden + [y.columns], activation: activation, seed: 8)
        let configuration = TrainingConfiguration(learningRate: learningRate, batchSize: batchSize, seed: 2, optimizer: .adam())
        trainer = try Trainer(network: network, configuration: configuration)
        try trainer.train(on: data, epochs: epochs)
        model = Model(network: trainer.network, inputScaler: inputScaler, outputScaler: outputScaler)
    }

    /// Never a silent NaN: every weight, scaler entry and recorded J is finite.
    func expectFinite(sourceLocation: SourceLocation = #_sourceLocation) {
        let scalers = model.inputScaler.shift + model.inputScaler.scale + model.outputScaler.shift + model.outputScaler.scale
        let weightsFinite = model.network.parameters.allSatisfy { $0.isFinite }
        let scalersFinite = scalers.allSatisfy { $0.isFinite }
        let costsFinite = costs.allSatisfy { $0.isFinite }
        #expect(weightsFinite, "a weight is not finite", sourceLocation: sourceLocation)
        #expect(scalersFinite, "a scaler entry is not finite", sourceLocation: sourceLocation)
        #expect(costsFinite, "a J is not finite: \(costs)", sourceLocation: sourceLocation)
    }
}

/// n rows of x in [-2, 2] (one column) and y = sin x, both multiplied by the given magnitudes.
func sineTable(rows n: Int, xMagnitude: Double = 1, yMagnitude: Double = 1) -> (x: Matrix<Double>, y: Matrix<Double>) {
    let xs = (0..<n).map { -2 + 4 * Double($0) / Double(max(n - 1, 1)) }
    return (Matrix(column: xs.map { $0 * xMagnitude }), Matrix(column: xs.map { Double.sin($0) * yMagnitude }))
}

@Suite("Reliability: numerical edge cases either train or fail clearly, never with a silent NaN")
struct ReliabilityNumericalEdgeTests {
    @Test("A constant input column is shifted to exactly 0 (scale 1) and the other column still trains")
    func constantInputColumn() throws {
        let (x1, y) = sineTable(rows: 32)
        // 0.1 three times does not average to 0.1: the old scaler divided 1e-17 by 1e-17.
        let x = try Matrix(rows: 32, columns: 2, elements: x1.elements.flatMap { [$0, 0.1] })
        let run = try ScaledRun(x: x, y: y)
        run.expectFinite()
        #expect(run.model.inputScaler.scale[1] == 1 && run.model.inputScaler.shift[1] == 0.1)
        #expect(run.model.inputScaler.transform(x).elements.enumerated().allSatisfy { $0.offset % 2 == 0 || $0.element == 0 })
        #expect(run.costs.last! < run.costs.first! / 4, "J \(run.costs.first!) → \(run.costs.last!)")
    }

    @Test("Constant inputs only: the network learns the mean of y, J ends near half the variance")
    func allInputsConstant() throws {
        let (_, y) = sineTable(rows: 32)
        let run = try ScaledRun(x: Matrix(rows: 32, columns: 1, repeating: 300.15), y: y)
        run.expectFinite()
        // Scaled y has variance 1: the best constant prediction leaves J = ½.
        #expect(abs(run.costs.last! - 0.5) < 0.01, "J = \(run.costs.last!)")
        let prediction = try run.model.predict(Matrix(column: [300.15]))
        #expect(abs(prediction[0, 0] - y.elements.reduce(0, +) / 32) < 0.05)
    }

    @Test("A constant output: scale 1, and the model predicts the constant", arguments: [Scaler.Kind.standard, .minMax])
    func constantOutput(scaling: Scaler.Kind) throws {
        let (x, _) = sineTable(rows: 32)
        let run = try ScaledRun(x: x, y: Matrix(rows: 32, columns: 1, repeating: 373.15), scaling: scaling)
        run.expectFinite()
        #expect(run.model.outputScaler.scale == [1] && run.model.outputScaler.shift == [373.15])
        let prediction = try run.model.predict(Matrix(column: [-1, 0, 1.5]))
        #expect(prediction.elements.allSatisfy { abs($0 - 373.15) < 1e-2 }, "\(prediction.elements)")
    }

    @Test("A single data row trains to J ≈ 0; splitting it for validation is refused with the reason")
    func singleRow() throws {
        let x = Matrix<Double>(row: [0.3, -1.2]), y = Matrix<Double>(row: [5])
        let run = try ScaledRun(x: x, y: y, epochs: 200, batchSize: 1, learningRate: 0.01)
        run.expectFinite()
        #expect(run.model.inputScaler.scale == [1, 1], "one row has no spread")
        #expect(run.costs.last! < 1e-6, "J = \(run.costs.last!)")
        #expect(abs(try run.model.predict(x)[0, 0] - 5) < 1e-3)

        let data = try Dataset(x: x, y: y)
        #expect {
            _ = try data.split(validationFraction: 0.2, seed: 1)
        } throws: { error in
            (error as? BackpropError)?.description.contains("a fraction that leaves training samples (N = 1)") == true
        }
    }

    @Test("No rows at all is refused naming the data set")
    func noRows() {
        #expect(throws: BackpropError.dimensionMismatch(what: "data set", expected: "at least 1 sample", actual: "0 rows")) {
            try Dataset(x: Matrix<Double>(rows: 0, columns: 1), y: Matrix<Double>(rows: 0, columns: 1))
        }
    }

    @Test(
        "Inputs of 1e300 and outputs of 1e-300 (and the reverse) train exactly as the same problem at magnitude 1",
        arguments: [(1e300, 1e-300), (1e-300, 1e300), (1e-300, 1e-300)])
    func extremeMagnitudes(magnitudes: (x: Double, y: Double)) throws {
        let unit = sineTable(rows: 24)
        let extreme = sineTable(rows: 24, xMagnitude: magnitudes.x, yMagnitude: magnitudes.y)
        let reference = try ScaledRun(x: unit.x, y: unit.y, epochs: 20)
        let run = try ScaledRun(x: extreme.x, y: extreme.y, epochs: 20)
        run.expectFinite()
        // Scaled, the two problems agree to rounding: so do their training curves.
        let worst = zip(run.costs, reference.costs).map { abs($0 - $1) / $1 }.max() ?? .nan
        #expect(worst <= 1e-9, "J per epoch \(run.costs) against \(reference.costs) at magnitude 1")
        #expect(run.costs.last! < run.costs.first! / 4)
        // In raw units the prediction is the magnitude-1 model's, times the output magnitude.
        let prediction = try run.model.predict(Matrix(column: [magnitudes.x]))[0, 0]
        let expected = try reference.model.predict(Matrix(column: [1]))[0, 0] * magnitudes.y
        #expect(abs(prediction - expected) <= 1e-9 * abs(expected), "ŷ = \(prediction), expected \(expected)")
    }

    @Test("Values near the largest Double are scaled without overflow (their sum used to trap the scaler)")
    func nearLargestDouble() throws {
        let x = Matrix<Double>(column: [1e308, 1.5e308, 1.7e308, 1.2e308])
        let scaler = Scaler.fit(.standard, to: x)
        #expect(scaler.shift[0].isFinite && scaler.scale[0].isFinite && scaler.scale[0] > 1e307)
        let scaled = scaler.transform(x)
        #expect(scaled.elements.allSatisfy { $0.isFinite && abs($0) < 2 })
        #expect(Scaler.fit(.minMax, to: x).transform(x).elements.allSatisfy { (0...1).contains($0) })
    }

    @Test("Unscaled outputs of 1e300 overflow J = ½e²: training stops with the diverged error and finite weights")
    func unscaledHugeOutputs() throws {
        let (x, y) = sineTable(rows: 16, yMagnitude: 1e300)
        let network = try Network<Double>(widths: [1, 4, 1], activation: .tanh, seed: 1)
        var trainer = try Trainer(network: network, configuration: TrainingConfiguration(learningRate: 0.01, batchSize: 4))
        do {
            try trainer.train(on: Dataset(x: x, y: y), epochs: 5)
            Issue.record("training on J = inf did not stop")
        } catch {
            #expect("\(error)".contains("training diverged: J became NaN or infinite in epoch 1 (batch 1)"), "\(error)")
        }
        #expect(trainer.network == network, "the weights were rolled back to the initial ones")
    }

    @Test("Unscaled inputs of 1e300 saturate tanh and sigmoid: J stays finite, no NaN", arguments: [Activation.tanh, .sigmoid])
    func unscaledHugeInputs(activation: Activation) throws {
        let (x, y) = sineTable(rows: 16, xMagnitude: 1e300)
        let run = try ScaledRun(x: x, y: y, scaling: .none, activation: activation, epochs: 10)
        run.expectFinite()
    }

    @Test("Sigmoid saturation: |z| up to 1e4 in Double and Float gives g′ = 0 and finite J; scaled, the same data trains")
    func sigmoidSaturation() throws {
        let (x, y) = sineTable(rows: 32, xMagnitude: 5000)
        let saturated = try ScaledRun(x: x, y: y, scaling: .none, activation: .sigmoid, epochs: 20)
        saturated.expectFinite()
        let scaled = try ScaledRun(x: x, y: y, scaling: .standard, activation: .sigmoid, epochs: 60)
        scaled.expectFinite()
        #expect(scaled.costs.last! < scaled.costs.first! / 4, "J \(scaled.costs.first!) → \(scaled.costs.last!)")

        // Float: the same saturated network computes finite J and gradients.
        let network = try Network<Float>(widths: [1, 6, 1], activation: .sigmoid, outputActivation: .sigmoid, seed: 3)
        let (j, gradient, _) = try network.gradient(
            x: Matrix(column: [-1e4, -50, 0, 50, 1e4].map(Float.init)), y: Matrix(column: [0, 0.5, 1, 5, -5]))
        #expect(j.isFinite && gradient.parameters.allSatisfy(\.isFinite))
    }

    @Test("10⁵ rows: one epoch of a tiny network, finite, in bounded time (10⁶ rows: scripts/large-data.sh)")
    func manyRows() throws {
        let n = ProcessInfo.processInfo.environment["BACKPROP_LARGE_ROWS"].flatMap(Int.init) ?? 100_000
        let (x, y) = sineTable(rows: n)
        let clock = ContinuousClock()
        var run: ScaledRun?
        let elapsed = try clock.measure {
            run = try ScaledRun(x: x, y: y, hidden: [4], epochs: 1, batchSize: 64, learningRate: 0.01)
        }
        let result = try #require(run)
        result.expectFinite()
        #expect(result.trainer.state.optimizer.step == (n + 63) / 64)
        #expect(result.costs.count == 1 && result.costs[0] < 0.5)
        print("manyRows: \(n) rows, 1 epoch in \(elapsed)")
    }
}
