import Backprop
import FinHeatTransfer
@testable import FinInverse
import Testing

@Suite("Route 2: the direct inverse network")
struct DirectInverseTests {
    static let problem = try! DirectInverseProblem.linearFin(fin: Fixtures.fin, heatTransferRange: Fixtures.range)

    @Test("trained on exact readings it recovers h = 25 within 1 %")
    func noiseFree() throws {
        let training = try DirectInverseNetwork.train(problem: Self.problem, configuration: Fixtures.directConfiguration())
        let estimate = try training.network.estimate(readings: Fixtures.readings().exact)
        #expect(abs(estimate - 25) < 0.01 * 25)
        #expect(training.testError.relativeRMS < 0.01)
    }

    @Test("at σ = 1 % of θ_b it lands within 5 % of h, with a test RMS below 4 %")
    func onePercentNoise() throws {
        let training = try DirectInverseNetwork.train(
            problem: Self.problem, configuration: Fixtures.directConfiguration(noise: Fixtures.onePercentNoise))
        let estimate = try training.network.estimate(readings: Fixtures.readings(noise: Fixtures.onePercentNoise).measured)
        #expect(abs(estimate - 25) < 0.05 * 25)
        #expect(training.testError.relativeRMS < 0.04)
    }

    @Test("recovers G of the nonlinear fin within 1 % from exact readings and within 0.04 at σ = 1 %")
    func nonlinearFin() throws {
        let parameters = try NonlinearFinParameters(finParameter: 1, conductivityCoefficient: 0.2, generationCoefficient: 0.1)
        let problem = try DirectInverseProblem.nonlinearFin(parameters: parameters, heatGenerationRange: 0.2...0.6)
        let exact = try problem.readings(for: 0.4)
        let clean = try DirectInverseNetwork.train(problem: problem, configuration: Fixtures.directConfiguration())
        #expect(abs(try clean.network.estimate(readings: exact) - 0.4) < 0.01 * 0.4)
        let noisy = try DirectInverseNetwork.train(problem: problem, configuration: Fixtures.directConfiguration(noise: 0.01))
        var random = SeededRandom(seed: 5)
        let measured = exact.map { $0 + 0.01 * random.standardNormal() }
        #expect(abs(try noisy.network.estimate(readings: measured) - 0.4) < 0.04)
    }

    @Test("the study's test error falls with more samples and rises with more noise")
    func study() throws {
        var c = Fixtures.directConfiguration()
        c.updates = 800
        let study = try DirectInverseStudy.run(
            problem: Self.problem, sampleCounts: [10, 200], noiseFractions: [0, 0.02], samplesNoiseFraction: 0.01,
            noiseSamples: 200, configuration: c)
        #expect(study.bySamples.map(\.trainingSamples) == [10, 200])
        #expect(study.bySamples[1].testError.rms < study.bySamples[0].testError.rms)
        #expect(study.byNoise[1].testError.rms > 3 * study.byNoise[0].testError.rms)
        #expect(study.byNoise[1].noiseStandardDeviation == 0.02 * 75)
    }

    @Test("the same seed gives the same network and the same test error")
    func seeded() throws {
        var c = Fixtures.directConfiguration(noise: Fixtures.onePercentNoise)
        c.updates = 200
        let a = try DirectInverseNetwork.train(problem: Self.problem, configuration: c)
        let b = try DirectInverseNetwork.train(problem: Self.problem, configuration: c)
        #expect(a.network.model.network == b.network.model.network)
        #expect(a.testError == b.testError)
    }

    @Test("rejects readings of the wrong count or with a NaN, and a log-range that reaches 0")
    func rejectsBadInput() throws {
        var c = Fixtures.directConfiguration()
        c.updates = 10
        let training = try DirectInverseNetwork.train(problem: Self.problem, configuration: c)
        #expect(throws: FinInverseError.self) { try training.network.estimate(readings: [90, 80]) }
        #expect(throws: FinInverseError.self) { try training.network.estimate(readings: Array(repeating: .nan, count: 9)) }
        #expect(throws: FinInverseError.self) { try DirectInverseProblem.linearFin(fin: Fixtures.fin, heatTransferRange: 0...10) }
        c.trainingSamples = 1
        #expect(throws: FinInverseError.self) { try DirectInverseNetwork.train(problem: Self.problem, configuration: c) }
    }
}
