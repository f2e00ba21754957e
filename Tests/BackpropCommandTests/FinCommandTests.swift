import ArgumentParser
import FinHeatTransfer
import Foundation
import Testing
@testable import BackpropCommand

@Suite("backprop fin")
struct FinCommandTests {
    /// Options that keep a run to a few seconds in a debug build.
    static let small = ["--points", "16", "--epochs", "2", "--updates", "100", "--pinn-steps", "100", "--bootstrap", "10"]

    @Test("with no options it is the aluminium pin fin in air with σ = 1 % of θ_b")
    func defaults() throws {
        let command = try FinCommand.parse([])
        let c = try command.experimentConfiguration()
        #expect(c.fin == FinProperties.aluminiumPinFinInAir)
        #expect(c.noiseStandardDeviation == 0.75)
        #expect(c.heatTransferRange == 10...100)
        #expect(c.surrogate.trainingPoints == 1000 && c.surrogate.epochs == 1000)
        #expect(c.seed == 42)
    }

    @Test("--write-data writes the data set's CSV; a missing directory fails before any work, with exit 1")
    func writeData() throws {
        let scratch = try Scratch()
        let path = scratch.path("fin.csv")
        var command = try FinCommand.parse(["--write-data", path, "--points", "16", "--seed", "1"])
        try command.run()
        let fin = try AnalyticFin(properties: try command.fin(), tip: .insulated)
        let expected = try FinDataset.linearFin(fin, quantity: .temperature, count: 16, spacing: .even,
                                                noiseStandardDeviation: try command.noiseStandardDeviation(), seed: 1)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected.csv)

        for option in ["--write-data", "--report"] {
            command = try FinCommand.parse([option, scratch.path("missing/out")] + Self.small)
            var caught: Error?
            do { try command.run() } catch { caught = error }
            #expect((caught as? CommandFailure)?.status == 1, "\(option): \(String(describing: caught))")
        }
    }

    @Test("the fin options set the fin", arguments: [
        (["--k", "150"], "k", 150.0),
        (["--h", "40"], "h", 40.0),
        (["--length", "0.05"], "L", 0.05),
        (["--diameter", "0.01"], "A_c", Double.pi * 0.01 * 0.01 / 4),
        (["--base-temperature", "80"], "T_b", 80.0),
        (["--ambient-temperature", "20"], "T∞", 20.0),
        (["--ambient-temperature", "-10"], "T∞", -10.0),
    ])
    func finOptions(arguments: [String], field: String, value: Double) throws {
        let fin = try FinCommand.parse(arguments).fin()
        let actual = switch field {
        case "k": fin.conductivity
        case "h": fin.heatTransferCoefficient
        case "L": fin.geometry.length
        case "A_c": fin.geometry.crossSectionArea
        case "T_b": fin.baseTemperature
        default: fin.ambientTemperature
        }
        #expect(actual == value)
    }

    @Test("--noise takes a fraction of θ_b, a percentage or kelvin", arguments: [
        ("0.02", 1.5), ("2%", 1.5), ("1.5K", 1.5), ("0", 0.0), ("0.5 %", 0.375),
    ])
    func noise(text: String, kelvin: Double) throws {
        let command = try FinCommand.parse(["--noise", text])
        #expect(abs(try command.noiseStandardDeviation() - kelvin) < 1e-12)
    }

    @Test("rejects unphysical or malformed options, naming the option", arguments: [
        (["--k", "-3"], "--k"),
        (["--k", "1e5"], "--k"),
        (["--h", "0"], "--h"),
        (["--h", "500000"], "--h"),
        (["--diameter", "0"], "--diameter"),
        (["--length", "20"], "--length"),
        (["--base-temperature", "25"], "--base-temperature"),
        (["--ambient-temperature", "-300"], "--ambient-temperature"),
        (["--noise", "loud"], "--noise"),
        (["--noise", "60%"], "--noise"),
        (["--noise", "-1K"], "--noise"),
        (["--points", "3"], "--points"),
        (["--epochs", "0"], "--epochs"),
        (["--updates", "5"], "--updates"),
        (["--bootstrap", "1"], "--bootstrap"),
        (["--pinn-steps", "5"], "--pinn-steps"),
    ])
    func rejects(arguments: [String], option: String) {
        do {
            _ = try FinCommand.parse(arguments)
            Issue.record("\(arguments) was accepted")
        } catch {
            let message = FinCommand.message(for: error)
            #expect(message.contains(option), "\(message)")
        }
    }

    @Test("a small run prints every route's estimate, the J plot, the gradient check and the timings")
    func smallRun() throws {
        let output = try FinCommand.parse(Self.small).render()
        for text in ["gradient descent", "Gauss–Newton", "bootstrap B = 10", "direct inverse network",
                     "Levenberg–Marquardt", "Against noise", "Gradient check", "samples   RMS",
                     "Nonlinear fin", "Slab", "normal equations", "Timings", "total", "┤",
                     "4 PINN: φ̂(x) and h trained on readings + ODE"] {     // an estimate, or why not (100 steps)
            #expect(output.contains(text), "missing '\(text)'")
        }
        #expect(output.contains("true h = 25 W/(m²·K)"))
        #expect(output.contains("k = 200 W/(m·K), D = 5 mm, L = 100 mm"))
    }

    @Test("--json prints the estimates as JSON and --report writes a self-contained HTML page")
    func jsonAndReport() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fin-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("fin.html")
        let output = try FinCommand.parse(Self.small + ["--json", "--report", page.path, "--h", "30"]).render()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(object["truth_h"] as? Double == 30)
        for key in ["gradient_descent", "gauss_newton", "bootstrap", "direct_inverse", "levenberg_marquardt",
                    "surrogate", "gradient_check", "slab", "noise_sweep", "timings", "nonlinear_fin"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let lm = try #require(object["levenberg_marquardt"] as? [String: Any])
        #expect(abs((lm["h"] as? Double ?? 0) - 30) < 3)
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg") && html.contains("Estimate against noise") && html.contains("Training J against epoch"))
        #expect(!html.contains("<script"))
    }
}
