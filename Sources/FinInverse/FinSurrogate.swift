import Backprop
import FinHeatTransfer
import Foundation

/// How the surrogate of route 1 is trained.
public struct FinSurrogateConfiguration: Equatable, Sendable {
    /// The range of h [W/(m²·K)] the surrogate learns; estimates are confined to it.
    public var heatTransferRange: ClosedRange<Double> = 10...100
    /// Training points (x, h) (the course's ~1000): a grid of n × n, n = ⌈√trainingPoints⌉, over
    /// [0, L] × range, ends included (1000 gives 32 × 32 = 1024).
    public var trainingPoints = 1000
    /// Held-out points (x, h), drawn with another seed, for the test error.
    public var testPoints = 500
    /// Hidden layer widths (default 2 → 20 → 20 → 1: 501 weights and biases).
    public var hiddenWidths = [20, 20]
    /// g of the hidden layers.
    public var activation: Activation = .tanh
    /// Epochs of mini-batch Adam (1000 take ≈ 3 s in a release build on 2 cores).
    public var epochs = 1000
    /// Samples per update.
    public var batchSize = 32
    /// Adam's α at the first epoch.
    public var learningRate = 0.02
    /// Adam's α at the last epoch: α decays exponentially from `learningRate` to this.
    public var finalLearningRate = 0.0001
    /// σ [K] of Gaussian noise added to the training temperatures (0: exact profiles).
    public var noiseStandardDeviation = 0.0
    /// Seed of the data, the noise, the initial weights and the shuffles.
    public var seed: UInt64 = 42

    /// The defaults above.
    public init() {}

    /// Throws naming the first setting out of range.
    public func validate() throws(FinInverseError) {
        guard heatTransferRange.lowerBound > 0, heatTransferRange.upperBound.isFinite,
              heatTransferRange.lowerBound < heatTransferRange.upperBound else {
            throw .invalidSetting(name: "surrogate h range", value: "\(heatTransferRange)",
                                  expected: "0 < h_min < h_max < ∞ W/(m²·K)")
        }
        try FinInverseError.require(trainingPoints, "surrogate training points", in: 10...1_000_000)
        try FinInverseError.require(testPoints, "surrogate test points", in: 1...1_000_000)
        guard !hiddenWidths.isEmpty, hiddenWidths.allSatisfy({ (1...10_000).contains($0) }) else {
            throw .invalidSetting(name: "surrogate hidden widths", value: "\(hiddenWidths)",
                                  expected: "at least one hidden layer, each 1 … 10000 wide")
        }
        try FinInverseError.require(epochs, "surrogate epochs", in: 1...1_000_000)
        try FinInverseError.require(batchSize, "surrogate batch size", in: 1...1_000_000)
        try FinInverseError.requirePositive(learningRate, "surrogate learning rate")
        try FinInverseError.requirePositive(finalLearningRate, "surrogate final learning rate")
        try FinInverseError.requireNonNegative(noiseStandardDeviation, "surrogate training noise σ")
    }
}

/// Route 1, the forward network: a surrogate of the fin's temperature profile for one fin shape
/// (material k, geometry and tip condition fixed; h varies).
///
///     inputs (x [m], h [W/(m²·K)])  →  scaled  →  2 → 20 → 20 → 1 tanh  →  φ̂ = θ̂/θ_b
///     T̂(x, h) = T∞ + θ_b φ̂(x, h),   θ_b = T_b − T∞
///
/// The network learns the dimensionless profile φ = θ/θ_b, which the fin equation makes
/// independent of T_b and T∞ (it is linear in θ): one trained surrogate serves specimens with
/// any base and ambient temperature (``withTemperatures(base:ambient:)``), and T∞ or T_b can be
/// estimated through it, since ∂T̂/∂T∞ = 1 − φ̂ and ∂T̂/∂T_b = φ̂ need no network pass.
///
/// Trained on the analytic profile `AnalyticFin` on an n × n grid over [0, L] × [h_min, h_max],
/// ends included (`gridSamples`), and tested on points drawn uniformly at random. Once trained
/// its weights are frozen, and route 3 (``SurrogateInversion``) differentiates it with respect to
/// its input h.
public struct FinSurrogate: Sendable {
    /// Everything but h (its own h is ignored); its T_b and T∞ are the ones ``temperatures(at:heatTransferCoefficient:)`` uses.
    public let fin: FinProperties
    /// The tip condition of the profiles it learned.
    public let tip: FinTipCondition
    /// The h it was trained on; outside it the surrogate extrapolates.
    public let heatTransferRange: ClosedRange<Double>
    /// The network and its scalers: inputs (x [m], h [W/(m²·K)]), output φ = θ/θ_b, raw units.
    public let model: Model<Double>
    /// RMS error of φ̂ against the analytic φ on held-out points (dimensionless; × |θ_b| is kelvin).
    public let testRMS: Double

    /// The name of the network's output column.
    public static let outputName = "theta/theta_b"

    /// Wraps a trained model (inputs x, h; output φ = θ/θ_b).
    public init(
        fin: FinProperties, tip: FinTipCondition, heatTransferRange: ClosedRange<Double>, model: Model<Double>,
        testRMS: Double
    ) {
        precondition(model.network.inputWidth == 2 && model.network.outputWidth == 1,
                     "FinSurrogate: the network must map (x, h) to θ/θ_b, got \(model.network.widths)")
        self.fin = fin
        self.tip = tip
        self.heatTransferRange = heatTransferRange
        self.model = model
        self.testRMS = testRMS
    }

    /// The same network for a specimen with other base and ambient temperatures [fin's scale].
    ///
    /// - Throws: ``FinInverseError/physics(_:)`` for temperatures the fin model rejects.
    public func withTemperatures(base: Double, ambient: Double) throws(FinInverseError) -> FinSurrogate {
        do {
            let properties = try FinProperties(
                conductivity: fin.conductivity, heatTransferCoefficient: fin.heatTransferCoefficient,
                geometry: fin.geometry, baseTemperature: base, ambientTemperature: ambient,
                temperatureScale: fin.temperatureScale)
            return FinSurrogate(fin: properties, tip: tip, heatTransferRange: heatTransferRange, model: model, testRMS: testRMS)
        } catch {
            throw FinInverseError.fromPhysics(error)
        }
    }

    /// RMS test error in kelvin for this surrogate's θ_b: |θ_b| × ``testRMS``.
    public var testRMSKelvin: Double { abs(fin.baseExcessTemperature) * testRMS }

    /// The network's input rows (x_i, h), raw units.
    public static func inputs(positions: [Double], heatTransferCoefficient h: Double) -> Matrix<Double> {
        var x = Matrix<Double>(rows: positions.count, columns: 2)
        for (i, position) in positions.enumerated() {
            x[i, 0] = position
            x[i, 1] = h
        }
        return x
    }

    /// T̂(x_i, h) = T∞ + θ_b φ̂(x_i, h) at each position, on the fin's temperature scale.
    ///
    /// - Throws: ``FinInverseError/invalidMeasurements(_:)`` for no positions or a non-finite value.
    public func temperatures(at positions: [Double], heatTransferCoefficient h: Double) throws(FinInverseError) -> [Double] {
        try profile(at: positions, heatTransferCoefficient: h).map { fin.ambientTemperature + fin.baseExcessTemperature * $0 }
    }

    /// φ̂(x_i, h) = θ̂/θ_b at each position.
    ///
    /// - Throws: ``FinInverseError/invalidMeasurements(_:)`` for no positions or a non-finite value.
    public func profile(at positions: [Double], heatTransferCoefficient h: Double) throws(FinInverseError) -> [Double] {
        do {
            return try model.predict(Self.inputs(positions: positions, heatTransferCoefficient: h)).elements
        } catch {
            throw .invalidMeasurements(error.description)
        }
    }

    /// φ̂(x_i, h) and ∂φ̂(x_i, h)/∂h [per W/(m²·K)], from one forward and one backward pass with
    /// `e_L = 1` (see `Model.outputAndInputJacobian(_:)`): column 1 of the input Jacobian.
    ///
    /// - Throws: ``FinInverseError/invalidMeasurements(_:)`` for no positions or a non-finite value.
    public func profileAndSensitivities(at positions: [Double], heatTransferCoefficient h: Double)
        throws(FinInverseError) -> (profile: [Double], sensitivities: [Double])
    {
        do {
            let (yHat, jacobian) = try model.outputAndInputJacobian(Self.inputs(positions: positions, heatTransferCoefficient: h))
            return (yHat, (0..<positions.count).map { jacobian[$0, 1] })
        } catch {
            throw .invalidMeasurements(error.description)
        }
    }

    /// T̂(x_i, h) and the sensitivities ∂T̂(x_i, h)/∂h = θ_b ∂φ̂/∂h [K per W/(m²·K)].
    ///
    /// - Throws: ``FinInverseError/invalidMeasurements(_:)`` for no positions or a non-finite value.
    public func temperaturesAndSensitivities(at positions: [Double], heatTransferCoefficient h: Double)
        throws(FinInverseError) -> (temperatures: [Double], sensitivities: [Double])
    {
        let (phi, dPhi) = try profileAndSensitivities(at: positions, heatTransferCoefficient: h)
        let thetaB = fin.baseExcessTemperature
        return (phi.map { fin.ambientTemperature + thetaB * $0 }, dPhi.map { thetaB * $0 })
    }

    /// Trains a surrogate of `fin` on exact (or noisy) analytic profiles and measures it on
    /// held-out points.
    ///
    /// Data: a grid of (x, h) over [0, L] × [h_min, h_max] with φ = θ(x; h)/θ_b of `AnalyticFin`
    /// + (σ/|θ_b|) z from `SeededRandom(seed)`; the test points are drawn uniformly from `seed + 1`
    /// and are exact, so the test error is against the analytic profile itself. Training is
    /// mini-batch Adam with α decaying exponentially from `learningRate` to `finalLearningRate`.
    ///
    /// - Parameters:
    ///   - fin: material, geometry and temperatures (its h is ignored).
    ///   - tip: the tip condition (default insulated).
    ///   - configuration: data, network and training settings.
    /// - Returns: the surrogate, its J-versus-epoch history, and its test error in K (for the fin's θ_b).
    /// - Throws: ``FinInverseError`` for settings out of range or a training failure.
    public static func train(
        fin: FinProperties, tip: FinTipCondition = .insulated,
        configuration: FinSurrogateConfiguration = FinSurrogateConfiguration()
    ) throws(FinInverseError) -> FinSurrogateTraining {
        try configuration.validate()
        let c = configuration
        let start = ContinuousClock.now
        let training = try gridSamples(fin: fin, tip: tip, range: c.heatTransferRange, count: c.trainingPoints,
                                       noise: c.noiseStandardDeviation, seed: c.seed)
        let test = try randomSamples(fin: fin, tip: tip, range: c.heatTransferRange, count: c.testPoints,
                                     seed: c.seed &+ 1)
        let decay = Foundation.pow(c.finalLearningRate / c.learningRate, 1 / Double(c.epochs))
        let settings = TrainingConfiguration(
            learningRate: c.learningRate, batchSize: c.batchSize, shuffle: true, seed: c.seed,
            optimizer: .adam(), schedule: .exponential(factor: Swift.min(decay, 1)))
        let (model, history) = try ModelTraining.train(
            x: training.x, y: training.y, inputNames: ["x", "h"], outputNames: [outputName], hiddenWidths: c.hiddenWidths,
            activation: c.activation, configuration: settings, epochs: c.epochs, seed: c.seed)
        let seconds = (ContinuousClock.now - start).seconds
        let predictions: [Double]
        do {
            predictions = try model.predict(test.x).elements
        } catch {
            throw .engine(error.description)
        }
        let thetaB = abs(fin.baseExcessTemperature)
        let phiError = PredictionError(predictions: predictions, truths: test.y.elements)
        let surrogate = FinSurrogate(fin: fin, tip: tip, heatTransferRange: c.heatTransferRange, model: model,
                                     testRMS: phiError.rms)
        let testError = PredictionError(predictions: predictions.map { thetaB * $0 }, truths: test.y.elements.map { thetaB * $0 })
        return FinSurrogateTraining(
            surrogate: surrogate, history: history, testError: testError, trainingSeconds: seconds,
            trainingSet: training.x, trainingTargets: training.y)
    }

    /// The training grid: n × n points (x_i, h_j) with n = ⌈√count⌉, both ends of both ranges
    /// included, and φ(x_i; h_j) = θ/θ_b + (σ/|θ_b|) z from `SeededRandom(seed)`.
    ///
    /// A grid rather than random points, because the surrogate's worst errors sit at the corners
    /// of [0, L] × [h_min, h_max] (x = 0 and h at either end, where the profile is steepest),
    /// which random points rarely visit: on the default fin a grid cut the largest test error
    /// from ≈ 0.6 K to ≈ 0.1 K for the same training time.
    static func gridSamples(
        fin: FinProperties, tip: FinTipCondition, range: ClosedRange<Double>, count: Int, noise: Double, seed: UInt64
    ) throws(FinInverseError) -> (x: Matrix<Double>, y: Matrix<Double>) {
        let side = Int(Double(count).squareRoot().rounded(.up))
        var random = SeededRandom(seed: seed)
        var x = Matrix<Double>(rows: side * side, columns: 2), y = Matrix<Double>(rows: side * side, columns: 1)
        let thetaB = fin.baseExcessTemperature
        do {
            for j in 0..<side {
                let h = j == side - 1
                    ? range.upperBound : range.lowerBound + (range.upperBound - range.lowerBound) * Double(j) / Double(side - 1)
                let model = try AnalyticFin(properties: fin.withHeatTransferCoefficient(h), tip: tip)
                for i in 0..<side {
                    // Ends exact: L · i/(n − 1) can round past L.
                    let position = i == side - 1 ? fin.geometry.length : fin.geometry.length * Double(i) / Double(side - 1)
                    let row = j * side + i
                    x[row, 0] = position
                    x[row, 1] = h
                    y[row, 0] = model.excessTemperature(at: position) / thetaB + noise / abs(thetaB) * random.standardNormal()
                }
            }
        } catch {
            throw FinInverseError.fromPhysics(error)
        }
        return (x, y)
    }

    /// `count` exact points (x, h) → φ = θ/θ_b drawn uniformly on [0, L] × range from `SeededRandom(seed)`.
    static func randomSamples(
        fin: FinProperties, tip: FinTipCondition, range: ClosedRange<Double>, count: Int, seed: UInt64
    ) throws(FinInverseError) -> (x: Matrix<Double>, y: Matrix<Double>) {
        var random = SeededRandom(seed: seed)
        var x = Matrix<Double>(rows: count, columns: 2), y = Matrix<Double>(rows: count, columns: 1)
        do {
            for i in 0..<count {
                let position = random.uniform(in: 0...fin.geometry.length)
                let h = random.uniform(in: range)
                let model = try AnalyticFin(properties: fin.withHeatTransferCoefficient(h), tip: tip)
                x[i, 0] = position
                x[i, 1] = h
                y[i, 0] = model.excessTemperature(at: position) / fin.baseExcessTemperature
            }
        } catch {
            throw FinInverseError.fromPhysics(error)
        }
        return (x, y)
    }
}

/// What training a ``FinSurrogate`` produced.
public struct FinSurrogateTraining: Sendable {
    /// The trained surrogate (weights frozen from here on).
    public let surrogate: FinSurrogate
    /// Training J (scaled units) against epoch.
    public let history: TrainingHistory
    /// Error of T̂ against the exact analytic T on the held-out points [K].
    public let testError: PredictionError
    /// Wall time of data generation and training [s].
    public let trainingSeconds: Double
    /// The training inputs (x, h), raw units, N × 2.
    public let trainingSet: Matrix<Double>
    /// The training targets φ = θ/θ_b, N × 1.
    public let trainingTargets: Matrix<Double>
}
