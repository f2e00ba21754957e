import Foundation
import Testing

@testable import FinHeatTransfer

@Suite("FinDataset")
struct FinDatasetTests {
    private let fin = try! AnalyticFin(properties: .aluminiumPinFinInAir, tip: .insulated)

    @Test("even spacing covers [0, L] with both ends; exact values are the analytic profile")
    func evenSpacing() throws {
        let data = try FinDataset.linearFin(
            fin, quantity: .excessTemperature, count: 11, noiseStandardDeviation: 0, seed: 1)
        #expect(data.positions.first == 0)
        #expect(data.positions.last == 0.1)
        for (i, sample) in data.samples.enumerated() {
            #expect(abs(sample.x - 0.01 * Double(i)) < 1e-16)
            #expect(sample.exact == fin.excessTemperature(at: sample.x))
            #expect(sample.measured == sample.exact)  // σ = 0
        }
        #expect(data.columnNames == ["x", "theta", "theta_measured"])
    }

    @Test("random spacing is sorted, inside [0, L], and fixed by the seed")
    func randomSpacing() throws {
        let a = try FinDataset.linearFin(fin, count: 200, spacing: .random, noiseStandardDeviation: 0.5, seed: 11)
        let b = try FinDataset.linearFin(fin, count: 200, spacing: .random, noiseStandardDeviation: 0.5, seed: 11)
        let c = try FinDataset.linearFin(fin, count: 200, spacing: .random, noiseStandardDeviation: 0.5, seed: 12)
        #expect(a == b)
        #expect(a.positions != c.positions)
        #expect(a.positions == a.positions.sorted())
        #expect(a.positions.allSatisfy { $0 >= 0 && $0 <= 0.1 })
    }

    @Test("positions do not depend on σ: the noise is drawn after the positions")
    func positionsIndependentOfNoise() throws {
        let quiet = try FinDataset.linearFin(fin, count: 50, spacing: .random, noiseStandardDeviation: 0, seed: 5)
        let noisy = try FinDataset.linearFin(fin, count: 50, spacing: .random, noiseStandardDeviation: 2, seed: 5)
        #expect(quiet.positions == noisy.positions)
        #expect(quiet.exactValues == noisy.exactValues)
    }

    @Test("the noise has the requested σ: sample σ of 20 000 residuals within 2 %")
    func noiseLevel() throws {
        let data = try FinDataset.linearFin(fin, count: 20_000, noiseStandardDeviation: 0.75, seed: 8)
        let residuals = zip(data.measuredValues, data.exactValues).map { $0 - $1 }
        let mean = residuals.reduce(0, +) / Double(residuals.count)
        let sigma = (residuals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(residuals.count - 1))
            .squareRoot()
        #expect(abs(sigma / 0.75 - 1) < 0.02)  // standard error 0.5 %
        #expect(abs(mean) < 0.75 * 4 / Double(residuals.count).squareRoot())
    }

    @Test("temperature data are T∞ + θ with columns x, T, T_measured")
    func temperatureQuantity() throws {
        let data = try FinDataset.linearFin(fin, quantity: .temperature, count: 5, noiseStandardDeviation: 0, seed: 1)
        #expect(data.columnNames == ["x", "T", "T_measured"])
        #expect(data.samples[0].exact == 100)
        #expect(abs(data.samples[4].exact - (25 + 75 / cosh(1.0))) < 1e-12)
    }

    @Test("nonlinear-fin data sample the interpolated solution on [0, 1]")
    func nonlinearFinData() throws {
        let solution = try NonlinearFinSolver().solve(try NonlinearFinParameters(finParameter: 1))
        let data = try FinDataset.nonlinearFin(solution, count: 7, spacing: .random, noiseStandardDeviation: 0, seed: 4)
        #expect(data.positions.allSatisfy { $0 >= 0 && $0 <= 1 })
        for sample in data.samples { #expect(abs(sample.exact - cosh(1 - sample.x) / cosh(1.0)) < 1e-6) }
    }

    @Test("a count below 2 or a negative or NaN σ is rejected")
    func rejectsBadOptions() {
        #expect(throws: FinParameterError.self) {
            try FinDataset.linearFin(fin, count: 1, noiseStandardDeviation: 0, seed: 1)
        }
        #expect(throws: FinParameterError.self) {
            try FinDataset.linearFin(fin, count: 10, noiseStandardDeviation: -1, seed: 1)
        }
        #expect(throws: FinParameterError.self) {
            try FinDataset.linearFin(fin, count: 10, noiseStandardDeviation: .nan, seed: 1)
        }
    }
}
