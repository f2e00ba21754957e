import Foundation
import Testing

@testable import FinHeatTransfer

@Suite("FinSensorReadings")
struct FinSensorReadingsTests {
    @Test("nine sensors sit at L/10 … 9L/10")
    func positions() {
        let x = FinSensorReadings.sensorPositions(length: 0.1)
        #expect(x.count == 9)
        for (i, position) in x.enumerated() { #expect(abs(position - 0.01 * Double(i + 1)) < 1e-16) }
    }

    @Test("linear-fin readings are the analytic temperatures for the given h, plus seeded noise")
    func linearFin() throws {
        let readings = try FinSensorReadings.linearFin(
            heatTransferCoefficient: 40, noiseStandardDeviation: 0.75, seed: 99)
        let model = try AnalyticFin(
            properties: try FinProperties.aluminiumPinFinInAir.withHeatTransferCoefficient(40),
            tip: .insulated)
        for (x, exact) in zip(readings.positions, readings.exact) {
            #expect(exact == model.temperature(at: x))
        }
        #expect(readings.measured != readings.exact)
        let again = try FinSensorReadings.linearFin(
            heatTransferCoefficient: 40, noiseStandardDeviation: 0.75, seed: 99)
        #expect(again == readings)
        let noiseFree = try FinSensorReadings.linearFin(
            heatTransferCoefficient: 40, noiseStandardDeviation: 0, seed: 99)
        #expect(noiseFree.measured == noiseFree.exact)
    }

    @Test("nonlinear-fin readings are θ at x = 0.1 … 0.9 of the solution for the given G")
    func nonlinearFin() throws {
        let base = try NonlinearFinParameters(
            finParameter: 1, conductivityCoefficient: 0.2, generationCoefficient: 0.1)
        let readings = try FinSensorReadings.nonlinearFin(
            heatGeneration: 0.4, parameters: base, noiseStandardDeviation: 0.01, seed: 3)
        let solution = try NonlinearFinSolver().solve(try base.withHeatGeneration(0.4))
        #expect(readings.positions.count == 9)
        for (x, exact) in zip(readings.positions, readings.exact) {
            #expect(exact == solution.theta(at: x))
        }
    }

    @Test("an out-of-range h or sensor count is rejected by name")
    func rejectsBadInput() {
        #expect(throws: FinParameterError.self) {
            try FinSensorReadings.linearFin(heatTransferCoefficient: 0, noiseStandardDeviation: 0, seed: 1)
        }
        #expect(throws: FinParameterError.self) {
            try FinSensorReadings.linearFin(
                heatTransferCoefficient: 25, sensorCount: 0, noiseStandardDeviation: 0, seed: 1)
        }
    }
}
