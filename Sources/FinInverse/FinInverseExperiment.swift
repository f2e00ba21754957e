import Backprop
import FinHeatTransfer
import Foundation

/// Everything `backprop fin` runs, with its defaults.
public struct FinInverseExperimentConfiguration: Sendable {
    /// The fin, with the true h that the routes must recover (default
    /// `FinProperties.aluminiumPinFinInAir`: k = 200 W/(m·K), h = 25 W/(m²·K), D = 5 mm,
    /// L = 10 cm, T_b = 100 °C, T∞ = 25 °C).
    public var fin: FinProperties = .aluminiumPinFinInAir
    /// The tip condition of the model and the data.
    public var tip: FinTipCondition = .insulated
    /// σ [K] of the thermocouple noise (default 1 % of θ_b = 0.75 K).
    public var noiseStandardDeviation = 0.75
    /// Seed of the measured readings; every network and resampling derives its seed from it.
    public var seed: UInt64 = 42
    /// Route 1's settings; its h range is replaced by ``heatTransferRange``.
    public var surrogate = FinSurrogateConfiguration()
    /// Route 2's settings; its noise is replaced by ``noiseStandardDeviation``.
    public var directInverse = DirectInverseConfiguration()
    /// Training-set sizes of route 2's first table.
    public var studySampleCounts = [10, 25, 50, 100, 200, 400]
    /// Noise levels (fractions of θ_b) of route 2's second table.
    public var studyNoiseFractions = [0, 0.005, 0.01, 0.02]
    /// B of route 3's bootstrap.
    public var bootstrapResamples = 200
    /// Samples of the gradient check of the trained surrogate.
    public var gradientCheckSamples = 5
    /// Noise levels (fractions of θ_b) at which route 3 and the baseline are re-run on readings
    /// with the same draws z_i scaled to σ (the estimate-against-noise picture).
    public var sweepNoiseFractions = [0, 0.0025, 0.005, 0.01, 0.02, 0.04]
    /// Route 4, the PINN (nil: not run).
    public var pinn: FinPINNConfiguration? = FinPINNConfiguration()
    /// The nonlinear fin of route 2's G estimate (`nil`: skip it). Default N = mL of the fin,
    /// ε_c = 0.2, ε_G = 0.1, true G = 0.4, learned over 0 … 1, at 1 % noise.
    public var nonlinearFin: NonlinearFinSetting? = NonlinearFinSetting()

    /// Route 2 on the nonlinear fin: estimate G from 9 readings of θ/θ_b.
    public struct NonlinearFinSetting: Sendable, Equatable {
        /// ε_c of k = k∞(1 + ε_c θ).
        public var conductivityCoefficient = 0.2
        /// ε_G of q̇ = q̇∞(1 + ε_G θ).
        public var generationCoefficient = 0.1
        /// The G to recover.
        public var heatGeneration = 0.4
        /// G range of the training samples.
        public var heatGenerationRange: ClosedRange<Double> = 0...1
        /// σ of the noise on θ/θ_b.
        public var noiseFraction = 0.01

        public init() {}
    }

    /// The defaults above.
    public init() {}

    /// The true h.
    public var heatTransferCoefficient: Double { fin.heatTransferCoefficient }

    /// The h range the networks learn: [0.4 h, 4 h] (a decade; 10 … 100 W/(m²·K) for the
    /// default h = 25), capped at the physics library's 10⁶. Estimates start from its middle.
    public var heatTransferRange: ClosedRange<Double> {
        let h = heatTransferCoefficient
        return (0.4 * h)...Swift.min(4 * h, FinProperties.maximumHeatTransferCoefficient)
    }
}

/// Route 3 and the Levenberg–Marquardt baseline on readings of one noise level.
public struct NoiseSweepPoint: Sendable {
    /// σ / θ_b.
    public let noiseFraction: Double
    /// σ [K].
    public let noiseStandardDeviation: Double
    /// Gauss–Newton through the surrogate.
    public let gaussNewton: SurrogateEstimate
    /// Levenberg–Marquardt on the analytic fin.
    public let levenbergMarquardt: LeastSquaresFit
}

/// Every route of the fin's inverse problem run once on the same measured readings, with the
/// numbers `backprop fin` prints.
public struct FinInverseExperiment: Sendable {
    /// What was run.
    public let configuration: FinInverseExperimentConfiguration
    /// The thermocouple readings every route estimates h from (9 sensors, L/10 … 9L/10).
    public let readings: FinSensorReadings

    /// Route 1: the surrogate, its history and test error.
    public let surrogate: FinSurrogateTraining
    /// Backprop against finite differences on a few training samples of the trained surrogate.
    public let gradientCheck: GradientCheck
    /// Route 2: the network trained at the experiment's noise on 400 samples.
    public let directInverse: DirectInverseTraining
    /// Route 2's ĥ from the readings.
    public let directEstimate: Double
    /// Route 2's tables: test error against samples and against noise.
    public let directStudy: DirectInverseStudy
    /// Route 2 on the nonlinear fin: the network, true G and Ĝ (if configured).
    public let nonlinear: (training: DirectInverseTraining, truth: Double, estimate: Double)?
    /// Route 3 by gradient descent.
    public let gradientDescent: SurrogateEstimate
    /// Route 3 by Gauss–Newton.
    public let gaussNewton: SurrogateEstimate
    /// Route 3's bootstrap around the Gauss–Newton estimate.
    public let bootstrap: BootstrapInterval
    /// The baseline: Levenberg–Marquardt on the analytic model itself.
    public let levenbergMarquardt: LeastSquaresFit
    /// Route 4: the PINN on the same readings (T_b known, σ estimated), if configured and it
    /// converged.
    public let pinn: FinPINNEstimate?
    /// Why route 4 gave no estimate (it did not converge in its steps), if it did not.
    public let pinnFailure: String?
    /// The slab's linear neuron.
    public let slab: SlabNeuronFit
    /// Route 3 (Gauss–Newton) and the baseline against noise.
    public let noiseSweep: [NoiseSweepPoint]
    /// Wall time of each stage [s], in the order run.
    public let timings: [(stage: String, seconds: Double)]

    /// The true h.
    public var truth: Double { configuration.heatTransferCoefficient }

    /// Route 2's 95 % interval, ĥ ± 1.96 × (its RMS test error at this noise).
    public var directInterval: ClosedRange<Double> {
        let halfWidth = 1.96 * directInverse.testError.rms
        return (directEstimate - halfWidth)...(directEstimate + halfWidth)
    }

    /// Runs every route.
    ///
    /// Seeds: readings `seed`; surrogate `seed + 1`; direct networks `seed + 2`; nonlinear fin
    /// `seed + 3` (its readings `seed + 4`); bootstrap `seed + 5`; PINN `seed + 6`.
    ///
    /// - Throws: ``FinInverseError`` for settings the routes reject.
    public static func run(_ configuration: FinInverseExperimentConfiguration = FinInverseExperimentConfiguration())
        throws(FinInverseError) -> FinInverseExperiment
    {
        let c = configuration
        let fin = c.fin, range = c.heatTransferRange, h = c.heatTransferCoefficient
        let start = (range.lowerBound + range.upperBound) / 2
        var timings: [(String, Double)] = []
        let clock = ContinuousClock()
        func timed<T>(_ stage: String, _ body: () throws(FinInverseError) -> T) throws(FinInverseError) -> T {
            let t0 = clock.now
            let result = try body()
            timings.append((stage, (clock.now - t0).seconds))
            return result
        }
        try FinInverseError.requireNonNegative(c.noiseStandardDeviation, "noise σ")
        let readings: FinSensorReadings
        do {
            readings = try FinSensorReadings.linearFin(
                heatTransferCoefficient: h, fin: fin, tip: c.tip, noiseStandardDeviation: c.noiseStandardDeviation,
                seed: c.seed)
        } catch {
            throw FinInverseError.fromPhysics(error)
        }

        var surrogateSettings = c.surrogate
        surrogateSettings.heatTransferRange = range
        surrogateSettings.seed = c.seed &+ 1
        let surrogate = try timed("route 1: train the surrogate") { () throws(FinInverseError) in
            try FinSurrogate.train(fin: fin, tip: c.tip, configuration: surrogateSettings)
        }
        let check = try timed("gradient check of the surrogate") { () throws(FinInverseError) in
            try gradientCheck(surrogate, samples: c.gradientCheckSamples)
        }

        let problem = try DirectInverseProblem.linearFin(fin: fin, tip: c.tip, heatTransferRange: range)
        var directSettings = c.directInverse
        directSettings.noiseStandardDeviation = c.noiseStandardDeviation
        directSettings.seed = c.seed &+ 2
        let direct = try timed("route 2: train the direct inverse network") { () throws(FinInverseError) in
            try DirectInverseNetwork.train(problem: problem, configuration: directSettings)
        }
        let directEstimate = try direct.network.estimate(readings: readings.measured)
        let study = try timed("route 2: samples and noise tables (\(c.studySampleCounts.count + c.studyNoiseFractions.count) networks)") {
            () throws(FinInverseError) in
            try DirectInverseStudy.run(
                problem: problem, sampleCounts: c.studySampleCounts, noiseFractions: c.studyNoiseFractions,
                samplesNoiseFraction: c.noiseStandardDeviation / problem.readingScale,
                noiseSamples: directSettings.trainingSamples, configuration: directSettings)
        }
        let nonlinear = try timed("route 2: nonlinear fin, G") { () throws(FinInverseError) in
            try c.nonlinearFin.map { (setting) throws(FinInverseError) in
                try nonlinearEstimate(setting, fin: fin, configuration: directSettings, seed: c.seed &+ 3)
            }
        }

        let gd = try timed("route 3: gradient descent through the surrogate") { () throws(FinInverseError) in
            try SurrogateInversion.gradientDescent(
                surrogate: surrogate.surrogate, positions: readings.positions, temperatures: readings.measured,
                initialGuess: start)
        }
        let gn = try timed("route 3: Gauss–Newton through the surrogate") { () throws(FinInverseError) in
            try SurrogateInversion.gaussNewton(
                surrogate: surrogate.surrogate, positions: readings.positions, temperatures: readings.measured,
                initialGuess: start)
        }
        let bootstrap = try timed("route 3: bootstrap (B = \(c.bootstrapResamples))") { () throws(FinInverseError) in
            try SurrogateInversion.bootstrap(
                surrogate: surrogate.surrogate, positions: readings.positions, estimate: gn,
                resamples: c.bootstrapResamples, seed: c.seed &+ 5)
        }
        let lm = try timed("baseline: Levenberg–Marquardt on the analytic fin") { () throws(FinInverseError) in
            do {
                return try FinParameterEstimation.heatTransferCoefficient(
                    readings: readings, fin: fin, tip: c.tip, initialGuess: start)
            } catch {
                throw FinInverseError.fromPhysics(error)
            }
        }
        let sweep = try timed("route 3 and baseline against noise (\(c.sweepNoiseFractions.count) levels)") {
            () throws(FinInverseError) in
            try noiseSweep(c, surrogate: surrogate.surrogate, start: start)
        }
        var pinnFailure: String?
        let pinn = try timed("route 4: the PINN, trained and profiled") { () throws(FinInverseError) -> FinPINNEstimate? in
            guard var settings = c.pinn else { return nil }
            settings.seed = c.seed &+ 6
            let loss = try FinPINNLoss(
                readings: FinReadings(positions: readings.positions, temperatures: readings.measured),
                fin: fin, baseTemperature: fin.baseTemperature, tip: c.tip, collocationPoints: settings.collocationPoints,
                weights: settings.weights)
            do throws(FinInverseError) {
                return try FinPINNEstimate.estimate(loss, initialH: start, configuration: settings)
            } catch .notConverged(let why) {
                pinnFailure = why                  // the other routes stand; the report says why this one does not
                return nil
            } catch {
                throw error
            }
        }
        let slab = try timed("slab: linear neuron") { () throws(FinInverseError) in try SlabNeuron.fit() }
        return FinInverseExperiment(
            configuration: c, readings: readings, surrogate: surrogate, gradientCheck: check,
            directInverse: direct, directEstimate: directEstimate, directStudy: study, nonlinear: nonlinear,
            gradientDescent: gd, gaussNewton: gn, bootstrap: bootstrap, levenbergMarquardt: lm, pinn: pinn, pinnFailure: pinnFailure, slab: slab,
            noiseSweep: sweep, timings: timings)
    }

    /// Gauss–Newton through the surrogate and LM on the analytic fin at each noise level, on
    /// readings drawn with the experiment's seed (so the same z_i, scaled to each σ).
    static func noiseSweep(
        _ c: FinInverseExperimentConfiguration, surrogate: FinSurrogate, start: Double
    ) throws(FinInverseError) -> [NoiseSweepPoint] {
        var points: [NoiseSweepPoint] = []
        for fraction in c.sweepNoiseFractions {
            try FinInverseError.requireNonNegative(fraction, "sweep noise fraction")
            let sigma = fraction * abs(c.fin.baseExcessTemperature)
            do {
                let readings = try FinSensorReadings.linearFin(
                    heatTransferCoefficient: c.heatTransferCoefficient, fin: c.fin, tip: c.tip,
                    noiseStandardDeviation: sigma, seed: c.seed)
                let gn = try SurrogateInversion.gaussNewton(
                    surrogate: surrogate, positions: readings.positions, temperatures: readings.measured,
                    initialGuess: start)
                let lm = try FinParameterEstimation.heatTransferCoefficient(
                    readings: readings, fin: c.fin, tip: c.tip, initialGuess: start)
                points.append(NoiseSweepPoint(noiseFraction: fraction, noiseStandardDeviation: sigma,
                                              gaussNewton: gn, levenbergMarquardt: lm))
            } catch let error as FinInverseError {
                throw error
            } catch {
                throw FinInverseError.fromPhysics(error)
            }
        }
        return points
    }

    /// The engine's gradient check on the first `samples` training points (scaled units).
    static func gradientCheck(_ training: FinSurrogateTraining, samples: Int) throws(FinInverseError) -> GradientCheck {
        try FinInverseError.require(samples, "gradient-check samples", in: 1...training.trainingSet.rows)
        let model = training.surrogate.model
        // Spread the samples over the grid rather than taking its first row.
        let stride = training.trainingSet.rows / samples
        let rows = (0..<samples).map { $0 * stride + stride / 2 }
        var x = Matrix<Double>(rows: samples, columns: 2), y = Matrix<Double>(rows: samples, columns: 1)
        for (r, row) in rows.enumerated() {
            x[r, 0] = training.trainingSet[row, 0]
            x[r, 1] = training.trainingSet[row, 1]
            y[r, 0] = training.trainingTargets[row, 0]
        }
        do {
            return try model.network.gradientCheck(x: model.inputScaler.transform(x), y: model.outputScaler.transform(y))
        } catch {
            throw .engine(error.description)
        }
    }

    /// Route 2 on the nonlinear fin: train at the setting's noise, estimate G from readings.
    static func nonlinearEstimate(
        _ setting: FinInverseExperimentConfiguration.NonlinearFinSetting, fin: FinProperties,
        configuration: DirectInverseConfiguration, seed: UInt64
    ) throws(FinInverseError) -> (training: DirectInverseTraining, truth: Double, estimate: Double) {
        let parameters: NonlinearFinParameters
        do {
            parameters = try NonlinearFinParameters(
                finParameter: fin.finParameter, conductivityCoefficient: setting.conductivityCoefficient,
                heatGeneration: setting.heatGeneration, generationCoefficient: setting.generationCoefficient)
        } catch {
            throw FinInverseError.fromPhysics(error)
        }
        let problem = try DirectInverseProblem.nonlinearFin(
            parameters: parameters, heatGenerationRange: setting.heatGenerationRange)
        var settings = configuration
        settings.noiseStandardDeviation = setting.noiseFraction
        settings.seed = seed
        let training = try DirectInverseNetwork.train(problem: problem, configuration: settings)
        var random = SeededRandom(seed: seed &+ 1)
        let measured = try problem.readings(for: setting.heatGeneration).map {
            $0 + setting.noiseFraction * random.standardNormal()
        }
        return (training, setting.heatGeneration, try training.network.estimate(readings: measured))
    }
}
