import Foundation
import Testing

@testable import FinHeatTransfer

@Suite("SeededRandom")
struct SeededRandomTests {
    @Test("SplitMix64 reproduces the reference sequence for seed 1234567")
    func referenceSequence() {
        var random = SeededRandom(seed: 1_234_567)
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        for value in expected { #expect(random.next() == value) }
    }

    @Test("the same seed gives the same sequence, another seed a different one")
    func determinism() {
        var a = SeededRandom(seed: 42)
        var b = SeededRandom(seed: 42)
        var c = SeededRandom(seed: 43)
        let first = (0..<100).map { _ in a.standardNormal() }
        #expect(first == (0..<100).map { _ in b.standardNormal() })
        #expect(first != (0..<100).map { _ in c.standardNormal() })
    }

    @Test("uniform() lies in [0, 1) with mean ½ and variance 1/12")
    func uniformMoments() {
        var random = SeededRandom(seed: 1)
        let count = 100_000
        let samples = (0..<count).map { _ in random.uniform() }
        #expect(samples.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = samples.reduce(0, +) / Double(count)
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count)
        // Standard errors: 1/√(12·10⁵) ≈ 0.0009 for the mean, ≈ 0.0003 for the variance.
        #expect(abs(mean - 0.5) < 0.004)
        #expect(abs(variance - 1.0 / 12) < 0.0012)
    }

    @Test("Box–Muller deviates have mean 0, variance 1, and 95 % within ±1.96")
    func normalMoments() {
        var random = SeededRandom(seed: 2)
        let count = 100_000
        let samples = (0..<count).map { _ in random.standardNormal() }
        let mean = samples.reduce(0, +) / Double(count)
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count)
        let inside = Double(samples.filter { abs($0) <= 1.96 }.count) / Double(count)
        // Standard errors: 0.0032 (mean), 0.0045 (variance), 0.0007 (coverage).
        #expect(abs(mean) < 0.013)
        #expect(abs(variance - 1) < 0.018)
        #expect(abs(inside - 0.95) < 0.003)
    }

    @Test("normal(mean:standardDeviation:) scales and shifts the standard normal")
    func scaledNormal() {
        var a = SeededRandom(seed: 9)
        var b = SeededRandom(seed: 9)
        for _ in 0..<10 {
            #expect(a.normal(mean: 3, standardDeviation: 0.5) == 3 + 0.5 * b.standardNormal())
        }
    }
}
