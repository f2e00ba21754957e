import Foundation
import Testing

@testable import FinHeatTransfer

@Suite("Slab")
struct SlabTests {
    @Test("the example fit: slope −50.6 K/m, T₀ = 35.29 °C, q = −k s = 2.25 kW/m²")
    func exampleNumbers() {
        let fit = Slab.example.fitLine()
        // Σ(x − x̄)(T − T̄) = −2.024e−3 K·m and Σ(x − x̄)² = 4e−5 m²: s = −50.6 exactly.
        #expect(abs(fit.slope - -50.6) < 1e-9)
        #expect(abs(fit.intercept - 35.294) < 1e-9)
        #expect(abs(fit.heatFlux - 2251.7) < 1e-6)
        #expect(abs(fit.heatFlux / 1000 - 2.25) < 0.005)
        #expect(Slab.example.positions == [0.01, 0.03, 0.05, 0.07, 0.09])
        #expect(Slab.example.temperatures == [34.51, 34.16, 32.50, 32.24, 30.41])
        #expect(Slab.example.conductivity == 44.5)
    }

    @Test("the delta-rule gradient Σe, Σxe vanishes at the normal-equation solution and nowhere else nearby")
    func gradientVanishesAtFit() {
        let slab = Slab.example
        let fit = slab.fitLine()
        let atFit = slab.costGradient(intercept: fit.intercept, slope: fit.slope)
        #expect(abs(atFit.intercept) < 1e-12)
        #expect(abs(atFit.slope) < 1e-13)
        #expect(abs(fit.residuals.reduce(0, +)) < 1e-12)
        // The gradient matches central differences of J, and J is larger off the fit.
        let step = 1e-6
        let g = slab.costGradient(intercept: 35, slope: -40)
        let dIntercept = (slab.cost(intercept: 35 + step, slope: -40) - slab.cost(intercept: 35 - step, slope: -40)) / (2 * step)
        let dSlope = (slab.cost(intercept: 35, slope: -40 + step) - slab.cost(intercept: 35, slope: -40 - step)) / (2 * step)
        #expect(abs(g.intercept - dIntercept) < 1e-6)
        #expect(abs(g.slope - dSlope) < 1e-6)
        #expect(slab.cost(intercept: fit.intercept + 0.01, slope: fit.slope) > slab.cost(intercept: fit.intercept, slope: fit.slope))
    }

    @Test("gradient descent with the delta rule walks to the same line")
    func gradientDescentAgrees() {
        let slab = Slab.example
        var intercept = 0.0
        var slope = 0.0
        // Per-coordinate rates (a diagonal preconditioner) for the Hessian [n Σx; Σx Σx²] =
        // [5 0.25; 0.25 0.0165]: the iteration matrix then has eigenvalues 0.93 and 0.065 < 2.
        for _ in 0..<2_000 {
            let g = slab.costGradient(intercept: intercept, slope: slope)
            intercept -= 0.1 * g.intercept
            slope -= 30 * g.slope
        }
        let fit = slab.fitLine()
        #expect(abs(intercept - fit.intercept) < 1e-9)
        #expect(abs(slope - fit.slope) < 1e-7)
    }

    @Test("mismatched counts, NaN readings, a single position or k ≤ 0 are rejected by name")
    func rejectsBadInput() {
        func fieldOf(_ body: () throws -> Void) -> String? {
            do { try body() } catch let error as FinParameterError { return error.field } catch {}
            return nil
        }
        #expect(fieldOf { _ = try Slab(positions: [0, 1], temperatures: [1], conductivity: 1) } == "temperature count")
        #expect(fieldOf { _ = try Slab(positions: [0, 1], temperatures: [1, .nan], conductivity: 1) } == "temperature T[1]")
        #expect(fieldOf { _ = try Slab(positions: [0.5, 0.5], temperatures: [1, 2], conductivity: 1) } == "distinct thermocouple positions")
        #expect(fieldOf { _ = try Slab(positions: [0, 1], temperatures: [1, 2], conductivity: 0) } == "conductivity")
    }
}
