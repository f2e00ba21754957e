import Backprop
import FinHeatTransfer
import Foundation

/// How a direct inverse network is trained.
public struct DirectInverseConfiguration: Equatable, Sendable {
    /// Simulated training samples (p drawn uniformly on the problem's range).
    public var trainingSamples = 400
    /// Held-out samples (another seed, same noise) for the test error.
    public var testSamples = 200
    /// Hidden layer widths (default 9 → 16 → 1: 177 weights and biases).
    public var hiddenWidths = [16]
    /// g of the hidden layers.
    public var activation: Activation = .tanh
    /// Adam updates in all, whatever the number of samples (so that 10 and 400 samples get the
    /// same optimisation effort): epochs = ⌈updates / batches per epoch⌉. 20 000 updates of a
    /// 9 → 16 → 1 network take ≈ 0.5 s in a release build; 4000 left the noise-free error at 1.5 %.
    public var updates = 20_000
    /// Samples per update (fewer samples: one full batch).
    public var batchSize = 32
    /// Adam's α at the start.
    public var learningRate = 0.02
    /// Adam's α at the end (exponential decay).
    public var finalLearningRate = 0.00005
    /// σ of Gaussian noise on every reading, training and test alike, in reading units (K for
    /// the linear fin, θ/θ_b for the nonlinear one).
    public var noiseStandardDeviation = 0.0
    /// σ_0/θ_b of the reading that normalises the others, when the readings are φ_i =
    /// (T_i − T∞)/(T_0 − T∞) with T_0 itself a noisy reading at x = 0: every simulated
    /// sample is then divided by 1 + σ_0/θ_b · z_0, one z_0 per sample (0: T_b known exactly).
    public var baseNoise = 0.0
    /// Seed of the parameters, the noise, the initial weights and the shuffles.
    public var seed: UInt64 = 42

    /// The defaults above.
    public init() {}

    /// Throws naming the first setting out of range.
    public func validate() throws(FinInverseError) {
        try FinInverseError.require(trainingSamples, "direct-inverse training samples", in: 2...1_000_000)
        try FinInverseError.require(testSamples, "direct-inverse test samples", in: 1...1_000_000)
        guard !hiddenWidths.isEmpty, hiddenWidths.allSatisfy({ (1...10_000).contains($0) }) else {
            throw .invalidSetting(name: "direct-inverse hidden widths", value: "\(hiddenWidths)",
                                  expected: "at least one hidden layer, each 1 … 10000 wide")
        }
        try FinInverseError.require(updates, "direct-inverse updates", in: 1...100_000_000)
        try FinInverseError.require(batchSize, "direct-inverse batch size", in: 1...1_000_000)
        try FinInverseError.requirePositive(learningRate, "direct-inverse learning rate")
        try FinInverseError.requirePositive(finalLearningRate, "direct-inverse final learning rate")
        try FinInverseError.requireNonNegative(noiseStandardDeviation, "direct-inverse noise σ")
        guard baseNoise.isFinite, (0...0.5).contains(baseNoise) else {
            throw .invalidSetting(name: "direct-inverse base-reading noise σ_0/θ_b", value: "\(baseNoise)", expected: "0 … 0.5")
        }
    }
}

/// Route 2, the direct inverse network: readings in, parameter out.
///
///     (y_1 … y_9)  →  scaled  →  9 → 16 → 1 tanh  →  ln ĥ (or Ĝ)  →  ĥ
///
/// trained on simulated pairs (readings of p + noise, p) with p drawn uniformly over the range.
/// Once trained, an estimate is one forward pass — no iteration, no physics model at run time —
/// but it is only as good as the training set: the tables of ``DirectInverseStudy`` show its
/// error falling with the number of samples and rising with the noise.
public struct DirectInverseNetwork: Sendable {
    /// The forward model it inverts.
    public let problem: DirectInverseProblem
    /// The network and its scalers: readings → p (or ln p), in raw units.
    public let model: Model<Double>

    /// p̂ for one set of readings.
    ///
    /// - Parameter readings: one reading per sensor of the problem.
    /// - Throws: ``FinInverseError/invalidMeasurements(_:)`` for a wrong count or a non-finite value.
    public func estimate(readings: [Double]) throws(FinInverseError) -> Double {
        guard readings.count == problem.positions.count else {
            throw .invalidMeasurements("\(readings.count) readings; the network expects one per sensor, \(problem.positions.count)")
        }
        for (i, value) in readings.enumerated() where !value.isFinite {
            throw .invalidMeasurements("reading [\(i)] = \(value); expected a finite number")
        }
        return try estimates(Matrix(row: readings))[0]
    }

    /// p̂ for each row of readings (N × sensors).
    ///
    /// - Throws: ``FinInverseError/invalidMeasurements(_:)`` for a wrong width or a non-finite value.
    public func estimates(_ readings: Matrix<Double>) throws(FinInverseError) -> [Double] {
        let output: [Double]
        do {
            output = try model.predict(readings).elements
        } catch {
            throw .invalidMeasurements(error.description)
        }
        return problem.learnsLogarithm ? output.map { Foundation.exp($0) } : output       // ĥ = exp(ln ĥ)
    }

    /// The network's error near an estimate: the RMS of p̂ − p over `count` simulated readings
    /// with p drawn uniformly from [p̂/1.25, 1.25 p̂] (within the training range) and noise σ —
    /// the standard error of route 2 at this p̂ and this noise, bias included.
    ///
    /// - Throws: ``FinInverseError`` when the model rejects a sample.
    public func localError(
        near estimate: Double, noise: Double, baseNoise: Double = 0, count: Int = 200, seed: UInt64
    ) throws(FinInverseError) -> PredictionError {
        let range = problem.parameterRange
        let low = Swift.max(range.lowerBound, Swift.min(estimate / 1.25, estimate * 1.25))
        let high = Swift.min(range.upperBound, Swift.max(estimate / 1.25, estimate * 1.25))
        let local = low < high ? low...high : range
        let test = try Self.samples(problem, count: count, noise: noise, baseNoise: baseNoise, seed: seed, range: local)
        return PredictionError(predictions: try estimates(test.readings), truths: test.p)
    }

    /// Trains a direct inverse network on simulated samples and measures it on held-out ones.
    ///
    /// Training samples: p_n ~ U(range), y_n = readings(p_n) + σ z from `SeededRandom(seed)`;
    /// test samples the same from `seed + 1`. Mini-batch Adam, α decaying exponentially.
    ///
    /// - Parameters:
    ///   - problem: the forward model and sensors.
    ///   - configuration: samples, noise, network and training settings.
    /// - Returns: the network, its history and its test error (in the parameter's unit).
    /// - Throws: ``FinInverseError`` for settings out of range, a model that rejects a sample,
    ///   or a training failure.
    public static func train(
        problem: DirectInverseProblem, configuration: DirectInverseConfiguration = DirectInverseConfiguration()
    ) throws(FinInverseError) -> DirectInverseTraining {
        try configuration.validate()
        let c = configuration
        let start = ContinuousClock.now
        let training = try samples(problem, count: c.trainingSamples, noise: c.noiseStandardDeviation, baseNoise: c.baseNoise, seed: c.seed)
        let test = try samples(problem, count: c.testSamples, noise: c.noiseStandardDeviation, baseNoise: c.baseNoise, seed: c.seed &+ 1)
        let batchSize = Swift.min(c.batchSize, c.trainingSamples)
        let batchesPerEpoch = (c.trainingSamples + batchSize - 1) / batchSize
        let epochs = (c.updates + batchesPerEpoch - 1) / batchesPerEpoch
        let decay = Foundation.pow(c.finalLearningRate / c.learningRate, 1 / Double(epochs))
        let settings = TrainingConfiguration(
            learningRate: c.learningRate, batchSize: batchSize, shuffle: true, seed: c.seed,
            optimizer: .adam(), schedule: .exponential(factor: Swift.min(decay, 1)))
        let targets = Matrix(column: problem.learnsLogarithm ? training.p.map { Foundation.log($0) } : training.p)
        let (model, history) = try ModelTraining.train(
            x: training.readings, y: targets,
            inputNames: (1...problem.positions.count).map { "y\($0)" },
            outputNames: [problem.learnsLogarithm ? "ln \(problem.parameterName)" : problem.parameterName],
            hiddenWidths: c.hiddenWidths, activation: c.activation, configuration: settings, epochs: epochs, seed: c.seed)
        let seconds = (ContinuousClock.now - start).seconds
        let network = DirectInverseNetwork(problem: problem, model: model)
        let testError = PredictionError(predictions: try network.estimates(test.readings), truths: test.p)
        return DirectInverseTraining(
            network: network, history: history, testError: testError, trainingSeconds: seconds,
            trainingSamples: c.trainingSamples, noiseStandardDeviation: c.noiseStandardDeviation)
    }

    /// n pairs (readings + σ z, p) with p ~ U(range), from `SeededRandom(seed)`: first the n
    /// parameters, then the noise. With `baseNoise` s_0 > 0 each sample's readings are then
    /// divided by 1 + s_0 z_0, as φ_i = θ_i/θ̃_b is when θ̃_b comes from a noisy reading.
    static func samples(
        _ problem: DirectInverseProblem, count: Int, noise: Double, baseNoise: Double = 0, seed: UInt64,
        range: ClosedRange<Double>? = nil
    ) throws(FinInverseError) -> (readings: Matrix<Double>, p: [Double]) {
        var random = SeededRandom(seed: seed)
        let p = (0..<count).map { _ in random.uniform(in: range ?? problem.parameterRange) }
        let m = problem.positions.count
        var readings = Matrix<Double>(rows: count, columns: m)
        for n in 0..<count {
            let exact = try problem.readings(for: p[n])
            for i in 0..<m { readings[n, i] = exact[i] + noise * random.standardNormal() }
            if baseNoise > 0 {
                let base = Swift.max(1 + baseNoise * random.standardNormal(), 0.05)   // s_0 ≤ 0.5: never ≤ 0
                for i in 0..<m { readings[n, i] /= base }
            }
        }
        return (readings, p)
    }
}

/// What training a ``DirectInverseNetwork`` produced.
public struct DirectInverseTraining: Sendable {
    /// The trained network.
    public let network: DirectInverseNetwork
    /// Training J (scaled units) against epoch.
    public let history: TrainingHistory
    /// Error of p̂ against the true p on the held-out samples (noisy readings), in p's unit.
    public let testError: PredictionError
    /// Wall time of simulation and training [s].
    public let trainingSeconds: Double
    /// Training samples used.
    public let trainingSamples: Int
    /// σ of the reading noise (reading units).
    public let noiseStandardDeviation: Double
}
