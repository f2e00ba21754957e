import Testing
import FinHeatTransfer
import FinInverse

/// The README's "PINN in ten lines", verbatim.
@Suite("README: the fin's PINN in ten lines")
struct ReadmePINNExampleTests {
    @Test("the example runs: ĥ near 25 W/(m²·K) with an interval, the ODE residual small")
    func tenLines() throws {
        let fin = try FinProperties(conductivity: 200, heatTransferCoefficient: 25,          // h: a placeholder
                                    geometry: try FinGeometry.pin(diameter: 0.005, length: 0.1),
                                    baseTemperature: 100, ambientTemperature: 25)
        let readings = FinReadings(positions: [0, 0.02, 0.04, 0.06, 0.08, 0.1],              // x [m]
                                   temperatures: [100, 90.2, 82.4, 77.7, 74.4, 73.7])        // T [°C]
        let loss = try FinPINNLoss(readings: readings, fin: fin, baseTemperature: 100, tip: .insulated)
        let pinn = try FinPINNEstimate.estimate(loss, initialH: 10)   // Adam, then L-BFGS; then the profile
        print("h =", pinn.heatTransferCoefficient, "±", pinn.standardError, "W/(m²·K)")
        print("largest ODE residual:", pinn.training.final.residuals.map(abs).max()!)
        #expect(abs(pinn.heatTransferCoefficient - 25) < 4 * pinn.standardError)
        #expect(pinn.training.final.residuals.map(abs).max()! < 1e-3)
    }
}
