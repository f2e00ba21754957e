import Backprop
import FinHeatTransfer
@testable import FinInverse

/// Networks shared by the tests, trained once (a debug build trains ≈ 25 times slower than a
/// release build, so the tests use small networks on a narrow range around h = 25).
enum Fixtures {
    /// The default fin: k = 200 W/(m·K), h = 25 W/(m²·K), D = 5 mm, L = 10 cm, θ_b = 75 K.
    static let fin = FinProperties.aluminiumPinFinInAir
    /// σ = 1 % of θ_b = 0.75 K.
    static let onePercentNoise = 0.01 * fin.baseExcessTemperature
    /// The h range of the test networks: 20 … 32 W/(m²·K), about ±25 % around the truth.
    static let range = 20.0...32.0

    /// The surrogate's settings for the tests: 2 → 10 → 10 → 1 on a 15 × 15 grid, 300 epochs
    /// (≈ 2 s in a debug build; test RMS ≈ 0.1 K).
    static func surrogateConfiguration(noise: Double = 0) -> FinSurrogateConfiguration {
        var c = FinSurrogateConfiguration()
        c.heatTransferRange = range
        c.trainingPoints = 225
        c.testPoints = 200
        c.hiddenWidths = [10, 10]
        c.epochs = 300
        c.learningRate = 0.05
        c.noiseStandardDeviation = noise
        c.seed = 7
        return c
    }

    /// A surrogate trained on exact profiles.
    static let surrogate: FinSurrogateTraining = try! FinSurrogate.train(fin: fin, configuration: surrogateConfiguration())

    /// The direct inverse settings for the tests: 9 → 8 → 1, 200 samples, 3000 updates (≈ 0.6 s).
    static func directConfiguration(noise: Double = 0) -> DirectInverseConfiguration {
        var c = DirectInverseConfiguration()
        c.trainingSamples = 200
        c.testSamples = 100
        c.hiddenWidths = [8]
        c.updates = 3000
        c.learningRate = 0.02
        c.finalLearningRate = 0.0001
        c.noiseStandardDeviation = noise
        c.seed = 11
        return c
    }

    /// Nine readings T(x_i) of the default fin with coefficient h.
    static func readings(h: Double = 25, noise: Double = 0, seed: UInt64 = 3) -> FinSensorReadings {
        try! FinSensorReadings.linearFin(heatTransferCoefficient: h, fin: fin, noiseStandardDeviation: noise, seed: seed)
    }
}
