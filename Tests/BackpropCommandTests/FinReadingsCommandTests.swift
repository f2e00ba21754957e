import ArgumentParser
import FinHeatTransfer
import Foundation
import Testing
@testable import BackpropCommand

@Suite("backprop fin --readings")
struct FinReadingsCommandTests {
    /// The repository's sample files.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sample = root.appendingPathComponent("examples/fin-readings.csv").path
    static let finFile = root.appendingPathComponent("examples/fin.json").path
    /// The README's fin, as flags.
    static let fin = ["--k", "200", "--diameter", "0.005", "--length", "0.1", "--ambient-temperature", "22.4"]
    /// Networks small enough for a debug build.
    static let small = ["--points", "64", "--epochs", "20", "--updates", "200", "--pinn-steps", "300"]

    static func render(_ arguments: [String]) throws -> String {
        try FinReadingsRun(command: try FinCommand.parse(arguments)).render()
    }

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let text = try render(arguments + ["--json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The estimate of `route` in the first set of a JSON report.
    static func estimate(_ report: [String: Any], route: String, set: Int = 0) throws -> (value: Double, interval: [Double]) {
        let sets = try #require(report["sets"] as? [[String: Any]])
        let routes = try #require(sets[set]["routes"] as? [[String: Any]])
        let r = try #require(routes.first { $0["route"] as? String == route })
        let h = try #require((r["estimates"] as? [String: Any])?["h"] as? [String: Any])
        return (try #require(h["value"] as? Double), try #require(h["interval95"] as? [Double]))
    }

    @Test("the README's sample readings: h first, in W/(m²·K), with its interval; LM gives 31.40")
    func sample() throws {
        let text = try Self.render(["--readings", Self.sample] + Self.fin + Self.small)
        let first = try #require(text.split(separator: "\n").first)
        #expect(first.hasPrefix("h = 31.40 W/(m²·K), 95 % interval 30.28 … 32.51"), "\(first)")
        #expect(text.contains("the reading at x = 0, fitted with the others"))
        #expect(text.contains("Readings and residuals r = T̂ − T [K]"))
    }

    @Test("--json follows the schema backprop-fin-readings/1; --fin fin.json gives what the flags give")
    func jsonAndFinFile() throws {
        let report = try Self.json(["--readings", Self.sample] + Self.fin + Self.small + ["--routes", "lm"])
        #expect(report["schema"] as? String == "backprop-fin-readings/1")
        #expect(report["unknowns"] as? [String] == ["h"])
        let set = try #require((report["sets"] as? [[String: Any]])?.first)
        #expect(set["base_temperature_source"] as? String == "the reading at x = 0, fitted with the others")
        #expect((set["readings"] as? [String: Any])?["x"] as? [Double] == (0..<10).map { Double($0) / 100 })
        let lm = try Self.estimate(report, route: "lm")
        #expect(lm.interval[0] < lm.value && lm.value < lm.interval[1])
        let fromFile = try Self.json(["--readings", Self.sample, "--fin", Self.finFile, "--routes", "lm"])
        #expect(try Self.estimate(fromFile, route: "lm").value == lm.value)
        // A flag overrides the file.
        let other = try Self.json(["--readings", Self.sample, "--fin", Self.finFile, "--k", "150", "--routes", "lm"])
        #expect(try Self.estimate(other, route: "lm").value < lm.value)
    }

    @Test("a surrogate saved by --save-surrogate (without its optimizer state and history) gives the same estimate when loaded; another fin's or tip's is refused (exit 1)")
    func savedSurrogate() throws {
        let scratch = try Scratch()
        let saved = scratch.path("s.json")
        let first = try Self.json(["--readings", Self.sample] + Self.fin + Self.small + ["--routes", "surrogate", "--save-surrogate", saved])
        let again = try Self.json(["--readings", Self.sample] + Self.fin + ["--routes", "surrogate", "--surrogate", saved])
        #expect(try Self.estimate(again, route: "surrogate").value == Self.estimate(first, route: "surrogate").value)
        // What inversion needs, not the optimizer's moments and the J history.
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(!text.contains("\"history\"") && !text.contains("optimizerFirst") && text.contains("\"final_J\"") && text.contains("\"configuration\""))
        for change in [["--k", "150"], ["--tip", "convective"]] {
            var arguments = ["--readings", Self.sample] + Self.fin + ["--routes", "surrogate", "--surrogate", saved]
            if change[0] == "--k" { arguments[arguments.firstIndex(of: "--k")! + 1] = change[1] } else { arguments += change }
            do {
                _ = try Self.render(arguments)
                Issue.record("\(change): no error")
            } catch let failure as CommandFailure {
                #expect(failure.status == 1 && failure.message.hasPrefix("--surrogate:"), "\(failure.message)")
            }
        }
    }

    @Test("a set column gives one estimate per set, one surrogate for all, and a results CSV with a row per set and route")
    func sets() throws {
        let scratch = try Scratch()
        let lines = try String(contentsOfFile: Self.sample, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") }
        var batch = ["set," + lines[0]]
        for set in [7, 8] { for line in lines.dropFirst() { batch.append("\(set),\(line)") } }
        let path = try scratch.write("batch.csv", batch.joined(separator: "\n") + "\n")
        let output = scratch.path("results.csv")
        let report = try Self.json(["--readings", path, "--set-column", "set", "--output", output] + Self.fin + Self.small
                                   + ["--routes", "lm,surrogate"])
        let sets = try #require(report["sets"] as? [[String: Any]])
        #expect(sets.map { $0["set"] as? String } == ["7", "8"])
        #expect(try Self.estimate(report, route: "lm", set: 0).value == Self.estimate(report, route: "lm", set: 1).value)
        let rows = try scratch.read("results.csv").split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(rows.count == 1 + 4, "\(rows)")                 // header + 2 sets × 2 routes
        #expect(rows[0].hasPrefix("set,route,h,h_se,h_low95,h_high95"))
        #expect(rows[1].hasPrefix("7.0,1.0,") && rows[4].hasPrefix("8.0,2.0,"), "\(rows)")
    }

    @Test("readings that do not fit the fin: exit 1, naming the file and line or column, nothing written", arguments: [
        ("x,T\n0,98\n0.05,70\n0.2,60\n", "0.2", []),                                 // beyond L = 0.1 m
        ("x,T\n0,98\n0.05,70\n0.05,69\n0.08,66\n", "line 4", []),                    // duplicated x
        ("x,T\n0,98\n0.08,66\n0.05,70\n0.09,65\n", "line 4", []),                    // unsorted
        ("x,T\n0,98\n", "1 reading", []),                                               // fewer than unknowns + 1
        ("x,T\n0.05,70\n0.09,65\n", "2 readings", ["--unknowns", "h,Tinf", "--base-temperature", "98"]),
        ("x,T\n0.02,20\n0.05,21\n0.09,20\n", "T∞", ["--base-temperature", "98"]),       // never above T∞ = 22.4
        ("x,T\n0,98\n0.05,nan\n0.09,65\n", "line 3", []),                             // not a number
        ("x,T,sigma\n0,98,0.5\n0.05,70,0\n0.09,65,0.5\n", "line 3", []),             // σ ≤ 0
        ("x,temp\n0,98\n0.05,70\n0.09,65\n", "\"T\"", []),                            // no T column
        ("x,T\n0.02,90\n0.05,70\n0.09,65\n", "x = 0", []),                             // no T_b at all
    ] as [(String, String, [String])])
    func badReadings(contents: String, named: String, extra: [String]) throws {
        let scratch = try Scratch()
        let path = try scratch.write("r.csv", contents)
        do {
            _ = try Self.render(["--readings", path, "--output", scratch.path("out.csv"), "--routes", "lm"] + Self.fin + extra)
            Issue.record("no error for \(contents)")
        } catch let failure as CommandFailure {
            #expect(failure.status == 1)
            #expect(failure.message.contains(path) && failure.message.contains(named), "\(failure.message)")
        }
        #expect(!scratch.exists("out.csv"))
    }

    @Test("usage errors (exit 2): no k, no length, no T∞, two cross-sections, a bad unknown, route, range or σ, demonstration options")
    func usageErrors() throws {
        let readings = ["--readings", Self.sample]
        let refused: [[String]] = [
            readings + ["--diameter", "0.005", "--length", "0.1", "--ambient-temperature", "22"],
            readings + ["--k", "200", "--diameter", "0.005", "--ambient-temperature", "22"],
            readings + ["--k", "200", "--diameter", "0.005", "--length", "0.1"],
            readings + Self.fin + ["--width", "0.05", "--thickness", "0.002"],
            readings + Self.fin + ["--unknowns", "h,q"],
            readings + Self.fin + ["--routes", "lm,bayes"],
            readings + Self.fin + ["--h-range", "50:10"],
            readings + Self.fin + ["--sigma", "0"],
            readings + Self.fin + ["--sigma", "0.5", "--sigma-column", "sigma"],
            readings + Self.fin + ["--noise", "2%"],
            readings + Self.fin + ["--h", "30"],
            ["--unknowns", "h,Tinf"],                                               // without --readings
            readings + Self.fin + ["--k", "200", "--material", "copper"],
            readings + Self.fin + ["--heat-generation", "0.3", "--tip", "convective"],   // the nonlinear fin is insulated
            readings + Self.fin + ["--heat-generation", "300"],
            readings + Self.fin + ["--conductivity-coefficient", "-1"],
            readings + Self.fin + ["--unknowns", "h,k,G"],
            ["--heat-generation", "0.3"],                                           // without --readings
        ]
        for arguments in refused {
            // What `backprop` exits with: 2 for any parse error or a ValidationError while running.
            var status: Int32 = 0, caught: Error?
            do {
                let command = try FinCommand.parse(arguments)
                do { _ = try FinReadingsRun(command: command).render() } catch {
                    caught = error
                    status = (error as? CommandFailure)?.status ?? (error is ValidationError ? 2 : 1)
                }
            } catch {
                caught = error
                status = 2
            }
            #expect(status == 2, "\(arguments.dropFirst(2)): \(String(describing: caught))")
        }
    }

    @Test("the built command's exit codes: 0, 2 without k, 1 for a reading beyond L with its line", .enabled(if: Executable.isBuilt))
    func exitCodes() throws {
        let scratch = try Scratch()
        let ok = try Executable.run(["fin", "--readings", Self.sample, "--routes", "lm"] + Self.fin, in: scratch.directory)
        #expect(ok.status == 0 && ok.stdout.hasPrefix("h = 31.40 W/(m²·K)"), "\(ok.stdout)")
        let usage = try Executable.run(["fin", "--readings", Self.sample, "--diameter", "0.005", "--length", "0.1",
                                        "--ambient-temperature", "22.4"], in: scratch.directory)
        #expect(usage.status == 2 && usage.stderr.contains("--k"), "\(usage.stderr)")
        let path = try scratch.write("far.csv", "x,T\n0,98\n0.05,70\n0.2,60\n")
        let bad = try Executable.run(["fin", "--readings", path, "--routes", "lm"] + Self.fin, in: scratch.directory)
        #expect(bad.status == 1 && bad.stderr.contains("line 4"), "\(bad.stderr)")
    }

    /// One random fin written as a readings file: its flags, true h and file contents.
    static func randomFin(_ random: inout SeededRandom, sigmaFraction: Double, stated: Bool) throws
        -> (flags: [String], h: Double, csv: String)
    {
        let k = random.uniform(in: 15...400), length = random.uniform(in: 0.03...0.3)
        let h = random.uniform(in: 5...150), ambient = random.uniform(in: -10...40)
        let base = ambient + random.uniform(in: 20...150)
        let tips: [(String, FinTipCondition)] = [("insulated", .insulated), ("convective", .convective), ("infinite", .infinite)]
        let (tipName, tip) = tips[Int(random.next() % 3)]
        var flags = ["--k", "\(k)", "--length", "\(length)", "--ambient-temperature", "\(ambient)", "--tip", tipName]
        let geometry: FinGeometry
        if random.next() % 2 == 0 {
            let d = random.uniform(in: 0.003...0.015)
            geometry = try FinGeometry.pin(diameter: d, length: length)
            flags += ["--diameter", "\(d)"]
        } else {
            let w = random.uniform(in: 0.02...0.1), t = random.uniform(in: 0.001...0.004)
            geometry = try FinGeometry.rectangular(width: w, thickness: t, length: length)
            flags += ["--width", "\(w)", "--thickness", "\(t)"]
        }
        let fin = try FinProperties(conductivity: k, heatTransferCoefficient: h, geometry: geometry,
                                    baseTemperature: base, ambientTemperature: ambient)
        let model = try AnalyticFin(properties: fin, tip: tip)
        let sensors = 5 + Int(random.next() % 16)                          // 5 … 20, the first at x = 0
        let sigma = sigmaFraction * (base - ambient)
        var lines = [stated ? "x,T,sigma" : "x,T"]
        for i in 0..<sensors {
            let x = length * Double(i) / Double(sensors - 1)
            let t = model.temperature(at: x) + sigma * random.standardNormal()
            lines.append("\(x),\(t)" + (stated ? ",\(sigma)" : ""))
        }
        return (flags, h, lines.joined(separator: "\n") + "\n")
    }

    @Test("through the readings file: 300 random fins (k, pin or plate, L, h, T∞, θ_b, 5–20 sensors, three tips, σ 0.2–3 % stated or estimated) are covered by LM's 95 % interval in 91–99 %; noise-free files give h to 10⁻⁶")
    func randomFinsThroughFiles() throws {
        let scratch = try Scratch()
        var random = SeededRandom(seed: 2026)
        var covered = 0
        for n in 0..<300 {
            let (flags, h, csv) = try Self.randomFin(&random, sigmaFraction: random.uniform(in: 0.002...0.03), stated: n % 2 == 0)
            let path = try scratch.write("r.csv", csv)
            let report = try Self.json(["--readings", path, "--routes", "lm"] + flags)
            let lm = try Self.estimate(report, route: "lm")
            covered += (lm.interval[0]...lm.interval[1]).contains(h) ? 1 : 0
        }
        #expect((273...297).contains(covered), "\(covered) of 300")                  // 284 measured
        for _ in 0..<20 {
            let (flags, h, csv) = try Self.randomFin(&random, sigmaFraction: 0, stated: false)
            let path = try scratch.write("exact.csv", csv)
            let lm = try Self.estimate(try Self.json(["--readings", path, "--routes", "lm"] + flags), route: "lm")
            #expect(abs(lm.value / h - 1) < 1e-6, "ĥ = \(lm.value), h = \(h): \(flags)")
        }
    }

    @Test("nonlinear fins through the readings file: 60 random pins (N = mL 2.5–5, ε_c, G, ε_G, 8–20 sensors, σ = 1 % stated), h and G unknown: at most 10 refused in plain words, LM's 95 % intervals cover both in ≥ 85 % of the rest; the surrogate and the direct network say they do not apply, the PINN runs")
    func nonlinearFinsThroughFiles() throws {
        let scratch = try Scratch()
        var random = SeededRandom(seed: 77)
        var coveredH = 0, coveredG = 0, refused = 0
        for n in 0..<60 {
            let k = random.uniform(in: 15...400), d = random.uniform(in: 0.003...0.015), length = random.uniform(in: 0.03...0.2)
            let geometry = try FinGeometry.pin(diameter: d, length: length)
            let bigN = random.uniform(in: 2.5...5)
            let h = bigN * bigN * k * geometry.crossSectionArea / (geometry.perimeter * length * length)
            let ambient = random.uniform(in: -10...40), base = ambient + random.uniform(in: 20...150)
            let fin = try FinProperties(conductivity: k, heatTransferCoefficient: h, geometry: geometry,
                                        baseTemperature: base, ambientTemperature: ambient)
            let terms = NonlinearFinTerms(conductivityCoefficient: random.uniform(in: -0.3...0.5),
                                          heatGeneration: random.uniform(in: 0...0.8), generationCoefficient: random.uniform(in: -0.5...1))
            let solution = try NonlinearFinSolver(gridIntervals: 800).solve(try terms.parameters(of: fin))
            let sensors = 8 + Int(random.next() % 13), sigma = 0.01 * (base - ambient)
            var lines = ["x,T,sigma"]
            for i in 0..<sensors {
                let x = length * Double(i) / Double(sensors - 1)
                lines.append("\(x),\(ambient + (base - ambient) * solution.theta(at: x / length) + sigma * random.standardNormal()),\(sigma)")
            }
            let path = try scratch.write("nonlinear.csv", lines.joined(separator: "\n") + "\n")
            let flags = ["--readings", path, "--k", "\(k)", "--diameter", "\(d)", "--length", "\(length)", "--ambient-temperature", "\(ambient)",
                         "--conductivity-coefficient", "\(terms.conductivityCoefficient)", "--generation-coefficient", "\(terms.generationCoefficient)",
                         "--unknowns", "h,G"]
            let report = try Self.json(flags + (n == 0 ? Self.small : ["--routes", "lm"]))
            let sets = try #require(report["sets"] as? [[String: Any]])
            let routes = try #require(sets[0]["routes"] as? [[String: Any]])
            let lm = try #require(routes.first { $0["route"] as? String == "lm" })
            guard let estimates = lm["estimates"] as? [String: Any] else {
                // An honest refusal: the readings cannot tell h from G on this fin.
                let reason = lm["reason"] as? String ?? ""
                #expect(reason.contains("cannot separate h and G") || reason.contains("only weakly; fix one of them"), "\(reason)")
                refused += 1
                continue
            }
            let hInterval = try #require((estimates["h"] as? [String: Any])?["interval95"] as? [Double])
            let gInterval = try #require((estimates["G"] as? [String: Any])?["interval95"] as? [Double])
            coveredH += (hInterval[0]...hInterval[1]).contains(h) ? 1 : 0
            coveredG += (gInterval[0]...gInterval[1]).contains(terms.heatGeneration) ? 1 : 0
            if n == 0 {
                #expect(routes.filter { ["surrogate", "direct"].contains($0["route"] as? String) }.allSatisfy {
                    $0["applied"] as? Bool == false && ($0["reason"] as? String ?? "").contains("linear fin")
                })
                // The PINN trains h and G of the nonlinear fin too; with the few steps of a debug
                // test it may stop short, and must then say so (the release default gives LM's ĥ,
                // RELIABILITY.md).
                let pinn = try #require(routes.first { $0["route"] as? String == "pinn" })
                if let pinnH = (pinn["estimates"] as? [String: Any])?["h"] as? [String: Any] {
                    let lmH = try #require(estimates["h"] as? [String: Any])
                    let (a, b) = (try #require(pinnH["value"] as? Double), try #require(lmH["value"] as? Double))
                    #expect(abs(a - b) < 2 * (try #require(lmH["standard_error"] as? Double)), "PINN \(a), LM \(b)")
                } else {
                    #expect((pinn["reason"] as? String ?? "").contains("--pinn-steps"), "\(pinn["reason"] ?? "")")
                }
                #expect((report["fin"] as? [String: Any])?["nonlinear"] is [String: Any])
            }
        }
        print("nonlinear: refused \(refused), h covered \(coveredH), G covered \(coveredG) of \(60 - refused)")
        #expect(refused <= 10, "\(refused) of 60 refused")                          // 8 measured, covered 50 of 52
        #expect(Double(coveredH) >= 0.85 * Double(60 - refused) && Double(coveredG) >= 0.85 * Double(60 - refused),
                "h: \(coveredH), G: \(coveredG) of \(60 - refused)")
    }
}
