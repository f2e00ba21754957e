import Foundation
import Testing

@testable import FinHeatTransfer

/// A random fin over realistic ranges, and readings of it: the cases no issue names.
struct RandomFin {
    let fin: FinProperties
    let tip: FinTipCondition
    let positions: [Double]

    /// k 15…400 W/(m·K), pin D 2…20 mm or plate, L 2…30 cm, h 5…200 W/(m²·K), T∞ −10…40 °C,
    /// θ_b 20…200 K, 5–20 sensors (the first at x = 0), any of three tips; mL kept in 0.3…4 so
    /// that the readings carry h.
    init(_ random: inout SeededRandom) throws {
        while true {
            let k = random.uniform(in: 15...400), h = random.uniform(in: 5...200)
            let length = random.uniform(in: 0.02...0.3)
            let geometry = random.uniform() < 0.5
                ? try FinGeometry.pin(diameter: random.uniform(in: 0.002...0.02), length: length)
                : try FinGeometry.rectangular(
                    width: random.uniform(in: 0.02...0.1), thickness: random.uniform(in: 0.001...0.005), length: length)
            let ambient = random.uniform(in: -10...40)
            let fin = try FinProperties(
                conductivity: k, heatTransferCoefficient: h, geometry: geometry,
                baseTemperature: ambient + random.uniform(in: 20...200), ambientTemperature: ambient)
            guard (0.3...4).contains(fin.finParameter) else { continue }
            let tips: [FinTipCondition] = [.insulated, .convective, .infinite]
            let tip = tips[Int(random.uniform() * 3) % 3]
            // Infinite: only where mL is large enough for the model to be the right one.
            if tip == .infinite, fin.finParameter < 2.65 { continue }
            let n = 5 + Int(random.uniform() * 16) % 16
            self.tip = tip
            self.fin = fin
            self.positions = (0..<n).map { length * Double($0) / Double(n - 1) }
            return
        }
    }

    /// T(x_i) + σ z_i.
    func readings(sigma: Double, random: inout SeededRandom, statedSigma: Bool) throws -> FinReadings {
        let model = try AnalyticFin(properties: fin, tip: tip)
        let t = positions.map { model.temperature(at: $0) + ($0 == 0 ? 0 : sigma * random.standardNormal()) }
        return FinReadings(positions: positions, temperatures: t,
                           sigmas: statedSigma ? positions.map { _ in sigma } : nil)
    }
}

@Suite("Fin readings and the profile fit")
struct FinReadingsFitTests {
    @Test("noise-free readings of 40 random fins give h back to round-off, from the data's own start")
    func exactRecovery() throws {
        var random = SeededRandom(seed: 12)
        for _ in 0..<40 {
            let case_ = try RandomFin(&random)
            let readings = try case_.readings(sigma: 0, random: &random, statedSigma: false).droppingBaseReading()
            let start = try case_.fin.withHeatTransferCoefficient(25)
            let estimate = try FinParameterEstimation.fit(
                readings: readings, fin: start, tip: case_.tip, unknowns: [.h])
            let h = case_.fin.heatTransferCoefficient
            #expect(abs(estimate.values[0] / h - 1) < 1e-8, "h = \(h), ĥ = \(estimate.values[0]), mL = \(case_.fin.finParameter)")
            #expect(estimate.residuals.allSatisfy { abs($0) < 1e-6 })
        }
    }

    @Test("over 300 random fins with σ = 0 … 3 % of θ_b, the 95 % interval covers h in 92–98 % of them")
    func coverage() throws {
        var random = SeededRandom(seed: 7)
        var covered = 0, stated = 0, statedCovered = 0
        let trials = 300
        for trial in 0..<trials {
            let case_ = try RandomFin(&random)
            let sigma = random.uniform(in: 0.001...0.03) * case_.fin.baseExcessTemperature
            let useStated = trial % 2 == 0
            let readings = try case_.readings(sigma: sigma, random: &random, statedSigma: useStated).droppingBaseReading()
            let estimate = try FinParameterEstimation.fit(
                readings: readings, fin: try case_.fin.withHeatTransferCoefficient(30), tip: case_.tip, unknowns: [.h])
            let hit = estimate.interval(0).contains(case_.fin.heatTransferCoefficient)
            if hit { covered += 1 }
            if useStated {
                stated += 1
                if hit { statedCovered += 1 }
            }
        }
        // Binomial(300, 0.95): 95 % of runs fall in 277…293.
        #expect((276...294).contains(covered), "covered \(covered) of \(trials)")
        #expect(Double(statedCovered) / Double(stated) > 0.9, "stated σ: \(statedCovered) of \(stated)")
    }

    @Test("h and T∞ together on a long fin: both recovered, their correlation reported")
    func twoUnknowns() throws {
        let fin = try FinProperties(
            conductivity: 50, heatTransferCoefficient: 40, geometry: try FinGeometry.pin(diameter: 0.004, length: 0.2),
            baseTemperature: 150, ambientTemperature: 20)
        #expect(fin.finParameter > 3)
        let model = try AnalyticFin(properties: fin, tip: .convective)
        let x = (1...15).map { 0.2 * Double($0) / 15 }
        let readings = FinReadings(positions: x, temperatures: x.map(model.temperature(at:)))
        let start = try FinUnknown.fin(fin, setting: [.h, .ambientTemperature], to: [20, 28])
        let e = try FinParameterEstimation.fit(readings: readings, fin: start, tip: .convective, unknowns: [.h, .ambientTemperature])
        #expect(abs(e.values[0] - 40) < 1e-6)
        #expect(abs(e.values[1] - 20) < 1e-6)
        #expect(e.correlation.count == 4 && abs(e.correlation[1] - e.correlation[2]) < 1e-12)
        #expect(e.separability == .separable || { if case .correlated = e.separability { return true } else { return false } }())
    }

    @Test("h and k with an insulated tip cannot be separated: no confident number")
    func inseparable() throws {
        let fin = FinProperties.aluminiumPinFinInAir
        let model = try AnalyticFin(properties: fin, tip: .insulated)
        let x = (1...9).map { 0.1 * Double($0) / 10 }
        var random = SeededRandom(seed: 3)
        let readings = FinReadings(positions: x, temperatures: x.map { model.temperature(at: $0) + 0.3 * random.standardNormal() })
        let result = Result { () throws(ProfileFitError) in
            try FinParameterEstimation.fit(readings: readings, fin: fin, tip: .insulated, unknowns: [.h, .conductivity])
        }
        switch result {
        case .success(let e):
            guard case .inseparable = e.separability else {
                Issue.record("expected inseparable, got \(e.separability), κ = \(e.conditionNumber)")
                return
            }
        case .failure(let error):
            #expect(error == .inseparable(unknowns: [.h, .conductivity]))
        }
    }

    @Test("stated σ: reduced χ² near 1 and no finding for a good fit; a wrong T∞ shows as a misfit")
    func misfitVerdicts() throws {
        let fin = try FinProperties(
            conductivity: 120, heatTransferCoefficient: 30, geometry: try FinGeometry.pin(diameter: 0.006, length: 0.15),
            baseTemperature: 90, ambientTemperature: 20)
        let model = try AnalyticFin(properties: fin, tip: .insulated)
        let x = (1...12).map { 0.15 * Double($0) / 12 }
        var random = SeededRandom(seed: 5)
        let t = x.map { model.temperature(at: $0) + 0.2 * random.standardNormal() }
        let good = try FinParameterEstimation.fit(
            readings: FinReadings(positions: x, temperatures: t, sigmas: x.map { _ in 0.2 }), fin: fin, tip: .insulated, unknowns: [.h])
        #expect(good.diagnosis.findings.isEmpty, "\(good.diagnosis.findings)")
        #expect((0.3...2.5).contains(good.reducedChiSquared!))
        // The engineer states T∞ = 27 °C where the air was at 20 °C.
        let wrong = try FinProperties(
            conductivity: 120, heatTransferCoefficient: 30, geometry: fin.geometry, baseTemperature: 90, ambientTemperature: 27)
        let bad = try FinParameterEstimation.fit(
            readings: FinReadings(positions: x, temperatures: t, sigmas: x.map { _ in 0.2 }), fin: wrong, tip: .insulated, unknowns: [.h])
        let kinds = Set(bad.diagnosis.findings.map(\.kind))
        #expect(kinds.contains(.misfit), "\(bad.diagnosis.findings)")
    }

    @Test("a single bad thermocouple is named")
    func badReading() throws {
        let fin = FinProperties.aluminiumPinFinInAir
        let model = try AnalyticFin(properties: fin, tip: .insulated)
        let x = (1...10).map { 0.1 * Double($0) / 10 }
        var random = SeededRandom(seed: 9)
        var t = x.map { model.temperature(at: $0) + 0.3 * random.standardNormal() }
        t[6] += 5
        let e = try FinParameterEstimation.fit(readings: FinReadings(positions: x, temperatures: t), fin: fin, tip: .insulated, unknowns: [.h])
        let bad = e.diagnosis.findings.first { $0.kind == .badReading }
        #expect(bad?.index == 6, "\(e.diagnosis.findings)")
    }

    @Test("bad readings are refused naming the line and column", arguments: [
        ([0.0, 0.05, 0.05], [90.0, 80, 79], nil as [Double]?, "line 13, column \"x\": x = 0.05 m is repeated"),
        ([0.0, 0.06, 0.05], [90.0, 80, 79], nil, "line 13, column \"x\": x = 0.05 m comes after x = 0.06 m"),
        ([0.0, 0.05, 0.2], [90.0, 80, 79], nil, "line 13, column \"x\": x = 0.2 m is beyond the tip"),
        ([-0.01, 0.05, 0.08], [90.0, 80, 79], nil, "line 11, column \"x\": x = -0.01 m is before the base"),
        ([0.0, 0.05, 0.08], [20.0, 21, 19], nil, "column \"T\": every reading is at or below T∞ = 25.0 °C"),
        ([0.0, 0.05, 0.08], [90.0, 80, 79], [1.0, -1, 1], "line 12, column \"s\": σ = -1.0 K must be a finite number > 0"),
        ([0.0, 0.05], [90.0, 80], nil, "2 readings for 2 unknowns; at least 3 are needed"),
    ])
    func refused(x: [Double], t: [Double], sigma: [Double]?, message: String) {
        let readings = FinReadings(positions: x, temperatures: t, sigmas: sigma, lineNumbers: [11, 12, 13].prefix(x.count).map { $0 },
                                   source: "r.csv", columnNames: ("x", "T", "s"))
        do {
            try readings.validate(length: 0.1, tip: .insulated, ambientTemperature: 25, baseTemperature: 100,
                                  parameterCount: x.count == 2 ? 2 : 1)
            Issue.record("accepted \(x), \(t)")
        } catch {
            #expect(error.description.hasPrefix("r.csv"), "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test("unknown lists parse, and a list without h or with a stranger is refused")
    func unknownLists() throws {
        #expect(try FinUnknown.parseList("h") == [.h])
        #expect(try FinUnknown.parseList("h, Tinf") == [.h, .ambientTemperature])
        #expect(try FinUnknown.parseList("Tb,h,k") == [.baseTemperature, .h, .conductivity])
        #expect(throws: FinUnknownListError.self) { try FinUnknown.parseList("Tinf") }
        #expect(throws: FinUnknownListError.self) { try FinUnknown.parseList("h,h") }
        #expect(throws: FinUnknownListError.self) { try FinUnknown.parseList("h,q") }
    }
}
