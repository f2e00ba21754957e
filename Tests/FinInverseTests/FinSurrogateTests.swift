import Backprop
import FinHeatTransfer
@testable import FinInverse
import Testing

@Suite("Route 1: the surrogate T̂(x, h)")
struct FinSurrogateTests {
    @Test("trained on exact profiles it matches the analytic profile on held-out points within 0.3 K RMS")
    func testError() {
        let training = Fixtures.surrogate
        #expect(training.testError.rms < 0.3)
        #expect(training.testError.maximum < 1.0)
        #expect(training.testError.count == 200)
        let costs = training.history.records.map(\.trainingCost)
        #expect(costs.last! < costs.first! / 100)
    }

    @Test("at the sensors and h = 25 it is within 0.3 K of the analytic temperatures")
    func sensorTemperatures() throws {
        let readings = Fixtures.readings()
        let predicted = try Fixtures.surrogate.surrogate.temperatures(at: readings.positions, heatTransferCoefficient: 25)
        for (p, t) in zip(predicted, readings.exact) { #expect(abs(p - t) < 0.3) }
    }

    @Test("∂T̂/∂h from one backward pass matches central differences of T̂, and the analytic ∂T/∂h within 0.1 K per W/(m²·K)")
    func sensitivities() throws {
        let surrogate = Fixtures.surrogate.surrogate
        let positions = FinSensorReadings.sensorPositions(length: 0.1)
        let (_, g) = try surrogate.temperaturesAndSensitivities(at: positions, heatTransferCoefficient: 25)
        let up = try surrogate.temperatures(at: positions, heatTransferCoefficient: 25.01)
        let down = try surrogate.temperatures(at: positions, heatTransferCoefficient: 24.99)
        let exactUp = try AnalyticFin(properties: Fixtures.fin.withHeatTransferCoefficient(25.01), tip: .insulated)
        let exactDown = try AnalyticFin(properties: Fixtures.fin.withHeatTransferCoefficient(24.99), tip: .insulated)
        for i in positions.indices {
            let surrogateDifference = (up[i] - down[i]) / 0.02
            let analyticDifference = (exactUp.temperature(at: positions[i]) - exactDown.temperature(at: positions[i])) / 0.02
            #expect(abs(g[i] - surrogateDifference) < 1e-6)
            // The small test network's slope in h is rougher than its values: up to ≈ 0.07 off where
            // the analytic slope is 0.16 … 0.73 K per W/(m²·K).
            #expect(g[i] < 0)
            #expect(abs(g[i] - analyticDifference) < 0.1, "sensor \(i + 1)")
        }
    }

    @Test("trained on profiles with σ = 1 % of θ_b noise it still follows the exact profile within 0.4 K RMS")
    func noisyTraining() throws {
        var c = Fixtures.surrogateConfiguration(noise: Fixtures.onePercentNoise)
        c.epochs = 150
        let training = try FinSurrogate.train(fin: Fixtures.fin, configuration: c)
        #expect(training.testError.rms < 0.4)                    // 0.26 K measured                    // well below σ = 0.75 K: the fit averages the noise
    }

    @Test("the training grid covers both ends of x and h")
    func grid() throws {
        let (x, y) = try FinSurrogate.gridSamples(
            fin: Fixtures.fin, tip: .insulated, range: 10...100, count: 10, noise: 0, seed: 1)
        #expect(x.rows == 16)                                    // ⌈√10⌉² = 4 × 4
        let positions = Set((0..<x.rows).map { x[$0, 0] }), hs = Set((0..<x.rows).map { x[$0, 1] })
        #expect(positions.contains(0) && positions.contains(Fixtures.fin.geometry.length), "\(positions.sorted())")
        #expect(hs.contains(10) && hs.contains(100))
        #expect(y[0, 0] == 1)                                    // x = 0: φ = θ/θ_b = 1
    }

    @Test("rejects an empty h range, zero epochs and negative noise")
    func rejectsBadSettings() {
        var c = FinSurrogateConfiguration()
        c.heatTransferRange = 30...30
        #expect(throws: FinInverseError.self) { try FinSurrogate.train(fin: Fixtures.fin, configuration: c) }
        c = FinSurrogateConfiguration()
        c.epochs = 0
        #expect(throws: FinInverseError.self) { try FinSurrogate.train(fin: Fixtures.fin, configuration: c) }
        c = FinSurrogateConfiguration()
        c.noiseStandardDeviation = -1
        #expect(throws: FinInverseError.self) { try FinSurrogate.train(fin: Fixtures.fin, configuration: c) }
    }
}
