import Foundation
import Testing

@testable import FinHeatTransfer

/// The nonlinear fin whose G is estimated: N = 1, k and q̇ rising with temperature.
private let nonlinearBase = try! NonlinearFinParameters(
    finParameter: 1, conductivityCoefficient: 0.2, generationCoefficient: 0.1)

@Suite("FinParameterEstimation")
struct FinParameterEstimationTests {
    @Test("noise-free sensors give h back to 1e−9 (well within 1 %) from a start of 25", arguments: [
        FinTipCondition.insulated, .convective, .prescribedTemperature(60),
    ])
    func recoversHeatTransferCoefficientWithoutNoise(tip: FinTipCondition) throws {
        let readings = try FinSensorReadings.linearFin(
            heatTransferCoefficient: 40, tip: tip, noiseStandardDeviation: 0, seed: 1)
        let fit = try FinParameterEstimation.heatTransferCoefficient(readings: readings, tip: tip)
        #expect(abs(fit.parameters[0] / 40 - 1) < 1e-9)
        #expect(fit.standardErrors[0] < 1e-9)
        #expect(fit.iterations < 20)
    }

    @Test("σ = 1 % of θ_b (0.75 K), seed 1: ĥ = 41.14 within 5 % of 40 and its 95 % interval covers 40")
    func recoversHeatTransferCoefficientWithNoise() throws {
        let readings = try FinSensorReadings.linearFin(
            heatTransferCoefficient: 40, noiseStandardDeviation: 0.01 * 75, seed: 1)
        let fit = try FinParameterEstimation.heatTransferCoefficient(readings: readings)
        #expect(abs(fit.parameters[0] / 40 - 1) < 0.05)
        #expect(abs(fit.parameters[0] - 41.139) < 0.01)  // measured, documents the seed
        #expect(abs(fit.standardErrors[0] - 0.728) < 0.01)
        #expect(fit.confidenceInterval(for: 0).contains(40))
        // σ̂ = ‖e‖/√(m − p) estimates the noise σ = 0.75 K.
        #expect(abs(fit.residualVariance.squareRoot() - 0.75) < 0.4)
    }

    @Test("over 200 seeds the errors are about one standard error and ±1.96 SE covers h ≈ 92 %; the default interval (t₈: 2.306) ≈ 95 %")
    func standardErrorIsCalibrated() throws {
        var coveredNormal = 0
        var coveredStudent = 0
        var worst = 0.0
        for seed in UInt64(1)...200 {
            let readings = try FinSensorReadings.linearFin(
                heatTransferCoefficient: 40, noiseStandardDeviation: 0.75, seed: seed)
            let fit = try FinParameterEstimation.heatTransferCoefficient(readings: readings)
            if fit.confidenceInterval(for: 0, z: 1.96).contains(40) { coveredNormal += 1 }
            if fit.confidenceInterval(for: 0).contains(40) { coveredStudent += 1 }   // t₈: 2.306
            worst = max(worst, abs(fit.parameters[0] / 40 - 1))
        }
        // Measured 185 and 190 of 200; ±1.96 SE is a little narrow with m − p = 8 degrees of freedom.
        #expect((176...194).contains(coveredNormal))
        #expect((182...198).contains(coveredStudent))
        #expect(worst < 0.05)
    }

    @Test("a far start (h₀ = 1 for h = 400) converges without stepping to h ≤ 0")
    func farStart() throws {
        let readings = try FinSensorReadings.linearFin(
            heatTransferCoefficient: 400, tip: .convective, noiseStandardDeviation: 0, seed: 1)
        let fit = try FinParameterEstimation.heatTransferCoefficient(
            readings: readings, tip: .convective, initialGuess: 1)
        #expect(abs(fit.parameters[0] / 400 - 1) < 1e-8)
    }

    @Test("noise-free nonlinear-fin sensors give G back to 1e−9")
    func recoversHeatGenerationWithoutNoise() throws {
        let readings = try FinSensorReadings.nonlinearFin(
            heatGeneration: 0.4, parameters: nonlinearBase, noiseStandardDeviation: 0, seed: 1)
        let fit = try FinParameterEstimation.heatGeneration(readings: readings, parameters: nonlinearBase)
        #expect(abs(fit.parameters[0] - 0.4) < 1e-9)
    }

    @Test("σ = 0.01 (1 % of θ_b), seed 3: Ĝ within 0.03 of 0.4 and its 95 % interval covers 0.4")
    func recoversHeatGenerationWithNoise() throws {
        let readings = try FinSensorReadings.nonlinearFin(
            heatGeneration: 0.4, parameters: nonlinearBase, noiseStandardDeviation: 0.01, seed: 3)
        let fit = try FinParameterEstimation.heatGeneration(readings: readings, parameters: nonlinearBase)
        #expect(abs(fit.parameters[0] - 0.4) < 0.03)
        #expect(abs(fit.parameters[0] - 0.4057) < 1e-3)  // measured
        #expect(fit.confidenceInterval(for: 0).contains(0.4))
    }

    @Test("mismatched counts, positions off the fin and NaN readings are rejected by name")
    func rejectsBadMeasurements() {
        let fin = FinProperties.aluminiumPinFinInAir
        func fieldOf(_ body: () throws -> Void) -> String? {
            do { try body() } catch let error as FinParameterError { return error.field } catch {}
            return nil
        }
        #expect(fieldOf {
            _ = try FinParameterEstimation.heatTransferCoefficient(
                positions: [0.01, 0.02], temperatures: [90], fin: fin)
        } == "temperature count")
        #expect(fieldOf {
            _ = try FinParameterEstimation.heatTransferCoefficient(
                positions: [0.01, 0.2], temperatures: [90, 80], fin: fin)
        } == "sensor position x[1]")
        #expect(fieldOf {
            _ = try FinParameterEstimation.heatTransferCoefficient(
                positions: [0.01, 0.02], temperatures: [90, .nan], fin: fin)
        } == "measured temperature[1]")
        #expect(fieldOf {
            _ = try FinParameterEstimation.heatGeneration(
                positions: [0.5], theta: [0.9], parameters: nonlinearBase)
        } == "sensor count")
    }
}
