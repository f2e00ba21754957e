import Backprop
import FinHeatTransfer
import Foundation
import Testing
@testable import FinInverse

@Suite("Readings: every route on an engineer's own readings")
struct ReadingsEstimationTests {
    /// Small networks for a debug build (the release defaults are checked by scripts/coverage.sh).
    static func configuration(_ unknowns: [FinUnknown] = [.h]) -> FinReadingsConfiguration {
        var c = FinReadingsConfiguration()
        c.unknowns = unknowns
        c.surrogate = Fixtures.surrogateConfiguration()
        c.surrogate.trainingPoints = 400
        c.surrogate.hiddenWidths = [12, 12]
        c.surrogate.epochs = 300
        c.directInverse = Fixtures.directConfiguration()
        c.routes = [.levenbergMarquardt, .surrogate, .direct]       // the PINN where a test asks for it
        c.pinn.updates = 1000
        c.pinn.lbfgsIterations = 500
        c.seed = 5
        return c
    }

    /// Readings of `fin` at n sensors from x = 0 to L, each (the one at x = 0 too) with noise σ.
    static func readings(_ fin: FinProperties, tip: FinTipCondition, n: Int, sigma: Double, seed: UInt64,
                         label: String? = nil, statedSigma: Bool = false) throws -> FinReadings {
        let model = try AnalyticFin(properties: fin, tip: tip)
        var random = SeededRandom(seed: seed)
        let x = (0..<n).map { fin.geometry.length * Double($0) / Double(n - 1) }
        return FinReadings(positions: x, temperatures: x.map { model.temperature(at: $0) + sigma * random.standardNormal() },
                           sigmas: statedSigma ? Array(repeating: sigma, count: n) : nil,
                           lineNumbers: (0..<n).map { $0 + 2 }, source: "r.csv", label: label)
    }

    /// Fins that are not the default: copper plate, steel pin with a convective tip, stainless pin.
    static let fins: [(FinProperties, FinTipCondition)] = [
        (try! FinProperties(conductivity: 401, heatTransferCoefficient: 60,
                            geometry: try! FinGeometry.rectangular(width: 0.05, thickness: 0.002, length: 0.08),
                            baseTemperature: 120, ambientTemperature: 18), .insulated),
        (try! FinProperties(conductivity: 60.5, heatTransferCoefficient: 15,
                            geometry: try! FinGeometry.pin(diameter: 0.008, length: 0.12),
                            baseTemperature: 75, ambientTemperature: -5), .convective),
        (try! FinProperties(conductivity: 14.9, heatTransferCoefficient: 8,
                            geometry: try! FinGeometry.pin(diameter: 0.01, length: 0.05),
                            baseTemperature: 200, ambientTemperature: 30), .insulated),
    ]

    @Test("on three fins that are not the default, every route (the PINN too) lands within 4 SE of h and the routes agree", arguments: [0, 1, 2])
    func routesOnOtherFins(index: Int) throws {
        let (fin, tip) = Self.fins[index]
        let sigma = 0.01 * fin.baseExcessTemperature
        let readings = try Self.readings(fin, tip: tip, n: 11, sigma: sigma, seed: UInt64(index) + 1)
        let start = try fin.withHeatTransferCoefficient(3 * fin.heatTransferCoefficient)   // the user's h is unknown
        var configuration = Self.configuration()
        configuration.routes = FinRoute.allCases
        let result = try FinReadingsEstimation.run(
            sets: [readings], fin: start, baseTemperature: nil, tip: tip, configuration: configuration)
        let set = try #require(result.sets.first)
        #expect(set.baseTemperatureSource == "the reading at x = 0, fitted with the others")
        #expect(set.readings.count == 11)
        #expect(set.routes.map(\.route) == [.levenbergMarquardt, .surrogate, .direct, .pinn])
        #expect(set.routes.last?.pinn?.training.final.residuals.count == configuration.pinn.collocationPoints)
        let h = fin.heatTransferCoefficient
        for route in set.routes {
            let e = try #require(route.estimate, "\(route.route): \(route.skipped ?? "")")
            let se = e.standardErrors[0]
            #expect(abs(e.values[0] - h) < 4 * se, "\(route.route): ĥ = \(e.values[0]) ± \(se), h = \(h)")
            #expect(e.unknowns == [.h])                                   // T_b was a nuisance parameter
            #expect(e.residuals.count == 11 && e.fittedTemperatures.count == 11)
        }
        #expect(!set.verdicts.contains { $0.hasPrefix("the routes disagree") }, "\(set.verdicts)")
        // The networks learned ĥ_LM/2.5 … 2.5 ĥ_LM.
        let lm = set.routes[0].estimate!.values[0]
        #expect(abs(result.heatTransferRange.lowerBound - lm / 2.5) < 1e-9 * lm)
    }

    @Test("noise-free readings: LM to round-off; the small test networks within 1 %")
    func noiseFree() throws {
        let (fin, tip) = Self.fins[1]
        let readings = try Self.readings(fin, tip: tip, n: 10, sigma: 0, seed: 1)
        let result = try FinReadingsEstimation.run(
            sets: [readings], fin: fin, baseTemperature: nil, tip: tip, configuration: Self.configuration())
        let routes = result.sets[0].routes
        #expect(abs(routes[0].estimate!.values[0] / 15 - 1) < 1e-8)
        #expect(abs(routes[1].estimate!.values[0] / 15 - 1) < 0.01, "\(routes[1].estimate!.values[0])")
        #expect(abs(routes[2].estimate!.values[0] / 15 - 1) < 0.01, "\(routes[2].estimate!.values[0])")
    }

    @Test("three specimens with their own T_b and T∞ share one surrogate and one direct network")
    func batch() throws {
        let (fin, tip) = Self.fins[0]
        var sets: [FinReadings] = []
        for (n, base) in [110.0, 125, 140].enumerated() {
            let specimen = try FinUnknown.fin(fin, setting: [.baseTemperature, .h], to: [base, 55 + 5 * Double(n)])
            sets.append(try Self.readings(specimen, tip: tip, n: 9, sigma: 0.5, seed: UInt64(10 + n), label: "\(n + 1)"))
        }
        let result = try FinReadingsEstimation.run(sets: sets, fin: fin, baseTemperature: nil, tip: tip, configuration: Self.configuration())
        #expect(result.sets.map(\.label) == ["1", "2", "3"])
        #expect(result.directNetworks.count == 1)
        #expect(result.surrogateTraining != nil)
        #expect(result.sets.map(\.fin.baseTemperature) == sets.map { $0.temperatures[0] })   // each set's own x = 0 reading
        for (n, set) in result.sets.enumerated() {
            let h = 55 + 5 * Double(n)
            for route in set.routes {
                let e = try #require(route.estimate)
                #expect(abs(e.values[0] - h) < 4 * e.standardErrors[0], "set \(n + 1) \(route.route): \(e.values[0])")
            }
        }
    }

    @Test("h with T∞: LM and the surrogate estimate both; the direct route says it does not apply")
    func twoUnknowns() throws {
        let fin = try FinProperties(conductivity: 50, heatTransferCoefficient: 40,
                                    geometry: try FinGeometry.pin(diameter: 0.004, length: 0.2),
                                    baseTemperature: 150, ambientTemperature: 20)
        let readings = try Self.readings(fin, tip: .convective, n: 16, sigma: 0.3, seed: 4)
        let start = try FinUnknown.fin(fin, setting: [.ambientTemperature], to: [26])
        let result = try FinReadingsEstimation.run(
            sets: [readings], fin: start, baseTemperature: nil, tip: .convective, configuration: Self.configuration([.h, .ambientTemperature]))
        let routes = result.sets[0].routes
        #expect(routes[2].estimate == nil && routes[2].skipped!.contains("does not apply"))
        for route in routes.prefix(2) {
            let e = try #require(route.estimate, "\(route.route): \(route.skipped ?? "")")
            #expect(abs(e.values[0] - 40) < 4 * e.standardErrors[0], "\(route.route) h: \(e.values)")
            #expect(abs(e.values[1] - 20) < 4 * e.standardErrors[1], "\(route.route) T∞: \(e.values)")
        }
    }

    @Test("a saved surrogate reloads for the same fin and gives the same estimate; another fin's is refused")
    func savedSurrogate() throws {
        let (fin, tip) = Self.fins[2]
        let readings = try Self.readings(fin, tip: tip, n: 9, sigma: 0.8, seed: 2)
        var c = Self.configuration()
        c.routes = [.levenbergMarquardt, .surrogate]
        let first = try FinReadingsEstimation.run(sets: [readings], fin: fin, baseTemperature: nil, tip: tip, configuration: c)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("surrogate-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try first.surrogate!.save(to: path)
        c.savedSurrogate = try FinSurrogate.load(from: path, for: fin, tip: tip)
        let second = try FinReadingsEstimation.run(sets: [readings], fin: fin, baseTemperature: nil, tip: tip, configuration: c)
        #expect(second.surrogateTraining == nil)
        #expect(second.heatTransferRange == first.heatTransferRange)
        #expect(second.sets[0].routes[1].estimate!.values == first.sets[0].routes[1].estimate!.values)
        // Another geometry, another tip.
        let other = try FinUnknown.fin(fin, setting: [.conductivity], to: [16])
        #expect(throws: FinInverseError.self) { try FinSurrogate.load(from: path, for: other, tip: tip) }
        do {
            _ = try FinSurrogate.load(from: path, for: fin, tip: .convective)
            Issue.record("loaded for another tip")
        } catch {
            #expect(error.description.contains("tip"), "\(error)")
        }
    }

    @Test("a surrogate whose range misses the readings' h is not trusted: the estimate sits on the edge, and a verdict says so")
    func outsideTheRange() throws {
        let (fin, tip) = Self.fins[0]   // h = 60
        let readings = try Self.readings(fin, tip: tip, n: 9, sigma: 0.3, seed: 6)
        var c = Self.configuration()
        c.routes = [.levenbergMarquardt, .surrogate]
        c.heatTransferRange = 10...30
        let result = try FinReadingsEstimation.run(sets: [readings], fin: fin, baseTemperature: nil, tip: tip, configuration: c)
        let surrogate = result.sets[0].routes[1]
        #expect(surrogate.atRangeBoundary || surrogate.estimate == nil, "\(surrogate.estimate?.values ?? [])")
        #expect(result.sets[0].verdicts.contains { $0.contains("edge of the networks' training range") } || surrogate.estimate == nil,
                "\(result.sets[0].verdicts)")
    }

    @Test("no reading at x = 0 and no T_b: refused, naming the file; T_b estimated when asked")
    func baseTemperature() throws {
        let (fin, tip) = Self.fins[2]
        let full = try Self.readings(fin, tip: tip, n: 10, sigma: 0.5, seed: 8)
        let withoutBase = full.droppingBaseReading()
        var c = Self.configuration()
        c.routes = [.levenbergMarquardt]
        #expect(throws: FinReadingsError.self) {
            try FinReadingsEstimation.run(sets: [withoutBase], fin: fin, baseTemperature: nil, tip: tip, configuration: c)
        }
        c.unknowns = [.h, .baseTemperature]
        let result = try FinReadingsEstimation.run(sets: [withoutBase], fin: fin, baseTemperature: nil, tip: tip, configuration: c)
        let e = try #require(result.sets[0].routes[0].estimate)
        #expect(abs(e.values[1] - 200) < 4 * e.standardErrors[1], "T_b = \(e.values[1]) ± \(e.standardErrors[1])")
    }

    @Test("T_b from a noisy reading at x = 0 is fitted with h: its noise widens the interval, which then covers h in 92–98 % of 400 specimens; taken as exact it would not")
    func baseReadingNoiseIsInTheInterval() throws {
        let (fin, tip) = Self.fins[0]
        let sigma = 0.02 * fin.baseExcessTemperature, h = fin.heatTransferCoefficient
        let sets = try (0..<400).map { n in
            try Self.readings(fin, tip: tip, n: 8, sigma: sigma, seed: 1000 + UInt64(n), label: "\(n)", statedSigma: true)
        }
        var c = Self.configuration()
        c.routes = [.levenbergMarquardt]
        let fitted = try FinReadingsEstimation.run(sets: sets, fin: fin, baseTemperature: nil, tip: tip, configuration: c)
        // The same readings with T_b taken as exact: the x = 0 reading handed over as if known.
        var asExact: [FinReadingsEstimation.PreparedSet] = []
        for set in sets {
            let base = set.temperatures[0]
            asExact.append(try FinReadingsEstimation.prepare(set.droppingBaseReading(), fin: fin, baseTemperature: base, tip: tip, unknowns: [.h]))
        }
        var coveredFitted = 0, coveredExact = 0, wider = 0
        for (n, result) in fitted.sets.enumerated() {
            let e = try #require(result.routes[0].estimate)
            coveredFitted += e.interval(0).contains(h) ? 1 : 0
            let exact = try FinParameterEstimation.fit(readings: asExact[n].readings, fin: asExact[n].fin, tip: tip, unknowns: [.h])
            coveredExact += exact.interval(0).contains(h) ? 1 : 0
            wider += e.standardErrors[0] > exact.standardErrors[0] ? 1 : 0
        }
        #expect(wider == 400)
        #expect((368...392).contains(coveredFitted), "\(coveredFitted) of 400")
        #expect(coveredExact < 368, "T_b as exact covers \(coveredExact) of 400")
    }
}
