/// One trained direct inverse network of a study: how many samples, how much noise, how good.
public struct DirectInverseStudyRow: Equatable, Sendable {
    /// Training samples.
    public let trainingSamples: Int
    /// σ of the reading noise, in reading units (K for the linear fin).
    public let noiseStandardDeviation: Double
    /// σ as a fraction of the reading scale (θ_b for the linear fin).
    public let noiseFraction: Double
    /// Error on the held-out samples, in the parameter's unit.
    public let testError: PredictionError
    /// Wall time of simulation and training [s].
    public let seconds: Double
}

/// How the direct inverse network's test error depends on the data it is trained on: one table
/// over the number of training samples (at fixed noise), one over the noise (at a fixed number
/// of samples). Every network has the same architecture, the same number of updates and the
/// same seed, so the tables differ only in the data.
public struct DirectInverseStudy: Equatable, Sendable {
    /// The parameter's symbol, "h" or "G".
    public let parameterName: String
    /// Its unit.
    public let parameterUnit: String
    /// Test error against the number of training samples, at ``samplesNoiseFraction``.
    public let bySamples: [DirectInverseStudyRow]
    /// The noise of the samples table, as a fraction of the reading scale.
    public let samplesNoiseFraction: Double
    /// Test error against noise, at ``noiseSamples`` training samples.
    public let byNoise: [DirectInverseStudyRow]
    /// The number of samples of the noise table.
    public let noiseSamples: Int

    /// Trains one network per sample count and one per noise level.
    ///
    /// - Parameters:
    ///   - problem: the forward model and sensors.
    ///   - sampleCounts: training-set sizes (default 10, 25, 50, 100, 200, 400).
    ///   - noiseFractions: σ as fractions of the reading scale (default 0, 0.5 %, 1 %, 2 %).
    ///   - samplesNoiseFraction: the noise of the samples table (default 1 %).
    ///   - noiseSamples: the training-set size of the noise table (default 400).
    ///   - configuration: everything else (its samples and noise are replaced).
    /// - Throws: ``FinInverseError`` from any of the trainings.
    public static func run(
        problem: DirectInverseProblem, sampleCounts: [Int] = [10, 25, 50, 100, 200, 400],
        noiseFractions: [Double] = [0, 0.005, 0.01, 0.02], samplesNoiseFraction: Double = 0.01,
        noiseSamples: Int = 400, configuration: DirectInverseConfiguration = DirectInverseConfiguration()
    ) throws(FinInverseError) -> DirectInverseStudy {
        func row(samples: Int, fraction: Double) throws(FinInverseError) -> DirectInverseStudyRow {
            var c = configuration
            c.trainingSamples = samples
            c.noiseStandardDeviation = fraction * problem.readingScale
            let trained = try DirectInverseNetwork.train(problem: problem, configuration: c)
            return DirectInverseStudyRow(
                trainingSamples: samples, noiseStandardDeviation: c.noiseStandardDeviation, noiseFraction: fraction,
                testError: trained.testError, seconds: trained.trainingSeconds)
        }
        var bySamples: [DirectInverseStudyRow] = [], byNoise: [DirectInverseStudyRow] = []
        for count in sampleCounts { bySamples.append(try row(samples: count, fraction: samplesNoiseFraction)) }
        for fraction in noiseFractions { byNoise.append(try row(samples: noiseSamples, fraction: fraction)) }
        return DirectInverseStudy(
            parameterName: problem.parameterName, parameterUnit: problem.parameterUnit, bySamples: bySamples,
            samplesNoiseFraction: samplesNoiseFraction, byNoise: byNoise, noiseSamples: noiseSamples)
    }
}
