import Foundation
import Testing
@testable import FinHeatTransfer

@Suite("Readings of a nonlinear fin: h with G (and ε_G) by Levenberg–Marquardt on the solver")
struct NonlinearFinReadingsFitTests {
    /// A steel pin (k∞ = 45 W/(m·K), D = 6 mm, L = 80 mm), h = 20: N ≈ 1.4.
    static let fin = try! FinProperties(
        conductivity: 45, heatTransferCoefficient: 20, geometry: try! FinGeometry.pin(diameter: 0.006, length: 0.08),
        baseTemperature: 90, ambientTemperature: 20)
    static let terms = NonlinearFinTerms(conductivityCoefficient: 0.2, heatGeneration: 0.4, generationCoefficient: 0.5)

    /// Readings at n sensors (x = 0 … L) from a finer grid (800 intervals) than the fit's, σ noise.
    static func readings(_ fin: FinProperties, _ terms: NonlinearFinTerms, n: Int, sigma: Double,
                         random: inout SeededRandom) throws -> FinReadings {
        let solution = try NonlinearFinSolver(gridIntervals: 800).solve(try terms.parameters(of: fin))
        let x = (0..<n).map { fin.geometry.length * Double($0) / Double(n - 1) }
        let t = x.map { fin.ambientTemperature + fin.baseExcessTemperature * solution.theta(at: $0 / fin.geometry.length) }
        return FinReadings(positions: x, temperatures: t.map { $0 + sigma * random.standardNormal() },
                           sigmas: sigma > 0 ? Array(repeating: sigma, count: n) : nil)
    }

    @Test("exact readings give h and G back to the grid's accuracy, from starts 2× and ½ off")
    func exact() throws {
        var random = SeededRandom(seed: 1)
        let readings = try Self.readings(Self.fin, Self.terms, n: 12, sigma: 0, random: &random)
        var start = Self.terms
        start.heatGeneration = 0.2
        let guess = try Self.fin.withHeatTransferCoefficient(40)
        let e = try FinParameterEstimation.fit(readings: readings, fin: guess, nonlinear: start, unknowns: [.h, .heatGeneration])
        #expect(abs(e.values[0] / 20 - 1) < 1e-4, "h = \(e.values[0])")
        #expect(abs(e.values[1] - 0.4) < 1e-4, "G = \(e.values[1])")
        #expect(e.unknowns == [.h, .heatGeneration] && e.correlation.count == 4)
        // G = 0 and ε_c = 0 is the linear fin: the analytic fit's h.
        let linear = try Self.readings(Self.fin, NonlinearFinTerms(), n: 10, sigma: 0, random: &random)
        let both = try FinParameterEstimation.fit(readings: linear, fin: guess, nonlinear: NonlinearFinTerms(), unknowns: [.h])
        let analytic = try FinParameterEstimation.fit(readings: linear, fin: guess, tip: .insulated, unknowns: [.h])
        #expect(abs(both.values[0] / analytic.values[0] - 1) < 1e-5)
    }

    @Test("N ≈ 3.8 (h = 150), σ = 1 % of θ_b stated: the 95 % intervals of h and G cover the truth in 88–99 % of 150 specimens")
    func coverage() throws {
        var random = SeededRandom(seed: 7)
        let fin = try Self.fin.withHeatTransferCoefficient(150)
        var coveredH = 0, coveredG = 0
        let sigma = 0.01 * fin.baseExcessTemperature
        for _ in 0..<150 {
            let readings = try Self.readings(fin, Self.terms, n: 10, sigma: sigma, random: &random)
            let e = try FinParameterEstimation.fit(readings: readings, fin: fin, nonlinear: Self.terms, unknowns: [.h, .heatGeneration])
            coveredH += e.interval(0).contains(150) ? 1 : 0
            coveredG += e.interval(1).contains(0.4) ? 1 : 0
        }
        #expect((132...148).contains(coveredH), "h: \(coveredH) of 150")
        #expect((132...148).contains(coveredG), "G: \(coveredG) of 150")        // 145 and 145 measured
    }

    @Test("N ≈ 1.4 (h = 20): every specimen is reported as h and G correlated or inseparable, or with an interval that covers h or is ±50 % wide: never a confident wrong number")
    func shortFinCannotSeparate() throws {
        var random = SeededRandom(seed: 7)
        let sigma = 0.01 * Self.fin.baseExcessTemperature
        for _ in 0..<40 {
            let readings = try Self.readings(Self.fin, Self.terms, n: 10, sigma: sigma, random: &random)
            do {
                let e = try FinParameterEstimation.fit(readings: readings, fin: Self.fin, nonlinear: Self.terms, unknowns: [.h, .heatGeneration])
                switch e.separability {
                case .correlated, .inseparable: break
                case .separable:
                    let wide = e.intervalQuantile * e.standardErrors[0] >= 0.5 * e.values[0]
                    #expect(e.interval(0).contains(20) || wide, "ρ = \(e.correlation[1]), h = \(e.values[0]) ± \(e.standardErrors[0])")
                }
            } catch let error {
                #expect(error == .inseparable(unknowns: [.h, .heatGeneration]), "\(error)")
                #expect(error.description.contains("cannot separate h and G"))
            }
        }
    }

    @Test("k is refused as an unknown of the nonlinear fit; G is parsed as an unknown")
    func unknowns() throws {
        var random = SeededRandom(seed: 2)
        let readings = try Self.readings(Self.fin, Self.terms, n: 8, sigma: 0.5, random: &random)
        #expect(throws: ProfileFitError.self) {
            try FinParameterEstimation.fit(readings: readings, fin: Self.fin, nonlinear: Self.terms, unknowns: [.h, .conductivity])
        }
        #expect(try FinUnknown.parseList("h,G,epsG") == [.h, .heatGeneration, .generationCoefficient])
    }
}
