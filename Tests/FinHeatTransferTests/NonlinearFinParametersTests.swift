import Foundation
import Testing

@testable import FinHeatTransfer

@Suite("NonlinearFinParameters")
struct NonlinearFinParametersTests {
    @Test("the default aluminium pin has N = mL = 1; q̇ maps to G = q̇ A_c/(hPθ_b)")
    func fromDimensionalFin() throws {
        let fin = FinProperties.aluminiumPinFinInAir
        // q̇ = 1.5·10⁵ W/m³: G = q̇ D / (4 h θ_b) = 1.5e5 · 0.005 / (4 · 25 · 75) = 0.1
        let parameters = try NonlinearFinParameters(properties: fin, volumetricHeatGeneration: 1.5e5)
        #expect(abs(parameters.finParameter - 1) < 1e-12)
        #expect(abs(parameters.heatGeneration - 0.1) < 1e-12)
        #expect(parameters.conductivityCoefficient == 0)
    }

    @Test("the source is −N²θ + N²G(1 + ε_Gθ) and its slope −N² + N²Gε_G")
    func source() throws {
        let p = try NonlinearFinParameters(
            finParameter: 2, conductivityCoefficient: 0.1, heatGeneration: 0.5,
            generationCoefficient: 0.4)
        #expect(abs(p.source(at: 0.8) - (-4 * 0.8 + 4 * 0.5 * (1 + 0.4 * 0.8))) < 1e-15)
        #expect(abs(p.sourceDerivative - (-4 + 4 * 0.5 * 0.4)) < 1e-15)
        #expect(abs(p.conductivity(at: 0.8) - 1.08) < 1e-15)
    }

    @Test("linearTheta meets θ(0) = 1 and equals G + (1−G)cosh N(1−x)/cosh N, also at N = 1000")
    func linearTheta() throws {
        let p = try NonlinearFinParameters(finParameter: 1.3, heatGeneration: 0.2)
        #expect(abs(p.linearTheta(at: 0) - 1) < 1e-15)
        for x in [0.0, 0.25, 0.5, 1.0] {
            #expect(abs(p.linearTheta(at: x) - (0.2 + 0.8 * cosh(1.3 * (1 - x)) / cosh(1.3))) < 1e-14)
        }
        let steep = try NonlinearFinParameters(finParameter: 1000)
        #expect(steep.linearTheta(at: 1).isFinite)
        #expect(abs(steep.linearTheta(at: 0.001) - exp(-1)) < 1e-12)
    }

    @Test(
        "values outside the documented ranges are rejected, naming the field",
        arguments: [
            (0.0, 0.0, 0.0, 0.0, "fin parameter"), (2000.0, 0.0, 0.0, 0.0, "fin parameter"),
            (1.0, -1.0, 0.0, 0.0, "conductivity coefficient"),
            (1.0, .nan, 0.0, 0.0, "conductivity coefficient"),
            (1.0, 0.0, 101.0, 0.0, "heat generation"),
            (1.0, 0.0, 0.0, -11.0, "generation coefficient"),
        ])
    func rejectsOutOfRange(
        n: Double, epsilonC: Double, g: Double, epsilonG: Double, field: String
    ) {
        do {
            _ = try NonlinearFinParameters(
                finParameter: n, conductivityCoefficient: epsilonC, heatGeneration: g,
                generationCoefficient: epsilonG)
            Issue.record("accepted N = \(n), ε_c = \(epsilonC), G = \(g), ε_G = \(epsilonG)")
        } catch let error as FinParameterError {
            #expect(error.field == field)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
