import ArgumentParser
import Backprop
import BackpropData
import Foundation
import Testing
@testable import BackpropCommand

@Suite("backprop invert")
struct InvertCommandTests {
    /// A linear model of T = 300 + 40 x − 6 h trained by `train` (no hidden layer), and nine
    /// readings T(x) at h = 2.2 with small noise.
    static func setUp() throws -> (Scratch, model: String, readings: String) {
        let scratch = try Scratch()
        let data = try scratch.linearData()
        _ = try train(["--data", data, "--inputs", "x,h", "--outputs", "T", "--layers", "none", "--epochs", "200",
                       "--lr", "0.05", "--model", scratch.path("m.json")])
        let noise = [0.01, -0.02, 0.015, 0.0, -0.01, 0.02, -0.015, 0.005, -0.005]
        let lines = ["x,T,s"] + (0..<9).map { i in
            let x = Double(i) / 8
            return "\(x),\(300 + 40 * x - 6 * 2.2 + noise[i]),0.02"
        }
        let readings = try scratch.write("readings.csv", lines.joined(separator: "\n") + "\n")
        return (scratch, scratch.path("m.json"), readings)
    }

    @Test("train records each input's training range; invert recovers h from readings and prints it first")
    func recovers() throws {
        let (scratch, model, readings) = try Self.setUp()
        let stored = try Model<Double>.load(from: model)
        #expect(stored.metadata["input_min.h"] == "1.0" && stored.metadata["input_max.h"] == "3.0")
        #expect(stored.trainingInputRanges == [0...1, 1...3])
        let text = try InvertCommand.parse(["--model", model, "--data", readings, "--unknown", "h", "--sigma-column", "s",
                                            "--output", scratch.path("r.csv")]).render()
        #expect(text.hasPrefix("h = 2.2"), "\(text)")
        #expect(text.contains("from 9 rows"))
        #expect(text.contains("Levenberg–Marquardt"))
        #expect(text.contains("reduced χ²"))
        let table = try CSVTable.read(scratch.path("r.csv"))
        #expect(table.columnNames == ["x", "T", "T_predicted", "T_residual", "T_standardized"])
        #expect(table.rowCount == 9)
    }

    @Test("--json parses, with the estimate, its interval, the residuals and the verdicts")
    func json() throws {
        let (_, model, readings) = try Self.setUp()
        let text = try InvertCommand.parse(["--model", model, "--data", readings, "--unknown", "h", "--json"]).render()
        let json = try #require(try parseJSON(text) as? [String: Any])
        let unknowns = try #require(json["unknowns"] as? [[String: Any]])
        #expect(unknowns.count == 1 && unknowns[0]["name"] as? String == "h")
        let estimate = try #require(unknowns[0]["estimate"] as? Double)
        #expect(abs(estimate - 2.2) < 0.05)
        let interval = try #require(unknowns[0]["interval"] as? [Double])
        #expect(interval[0] < estimate && estimate < interval[1])
        #expect(unknowns[0]["bounds"] as? [Double] == [1, 3])
        #expect((json["residuals"] as? [[Double]])?.count == 9)
        #expect(json["identifiable"] as? Bool == true)
        #expect(json["verdicts"] is [String])
        #expect(json["known"] as? [String] == ["x"])
    }

    @Test("an estimate the data push beyond the training range sits on the bound and says so; --bounds widens it")
    func trainingRangeBounds() throws {
        let (scratch, model, _) = try Self.setUp()
        let lines = ["x,T"] + (0..<5).map { i in "\(Double(i) / 4),\(300 + 40 * Double(i) / 4 - 6 * 3.5)" }
        let readings = try scratch.write("far.csv", lines.joined(separator: "\n") + "\n")
        let text = try InvertCommand.parse(["--model", model, "--data", readings, "--unknown", "h"]).render()
        #expect(text.contains("sits on its upper bound 3"), "\(text)")
        let wider = try InvertCommand.parse(["--model", model, "--data", readings, "--unknown", "h", "--bounds", "h=0:10"]).render()
        #expect(wider.contains("extrapolation"), "\(wider)")
    }

    @Test("usage errors (exit 2): an unknown that is not an input, malformed or empty bounds, σ ≤ 0, bad --starts")
    func usageErrors() throws {
        let (_, model, readings) = try Self.setUp()
        let base = ["--model", model, "--data", readings]
        #expect(throws: ValidationError.self) { try InvertCommand.parse(base + ["--unknown", "q"]).render() }
        #expect(throws: ValidationError.self) { try InvertCommand.parse(base + ["--unknown", "h", "--known", "z"]).render() }
        #expect(throws: ValidationError.self) { try InvertCommand.parse(base + ["--unknown", "h", "--bounds", "x=0:1"]).render() }
        #expect(throws: (any Error).self) { try InvertCommand.parse(base + ["--unknown", "h", "--bounds", "h=1"]) }
        #expect(throws: (any Error).self) { try InvertCommand.parse(base + ["--unknown", "h", "--bounds", "h=2:1"]) }
        #expect(throws: (any Error).self) { try InvertCommand.parse(base + ["--unknown", "h", "--sigma", "0"]) }
        #expect(throws: (any Error).self) { try InvertCommand.parse(base + ["--unknown", "h", "--starts", "0"]) }
        #expect(throws: (any Error).self) { try InvertCommand.parse(base + ["--unknown", "h", "--sigma", "1", "--sigma-column", "s"]) }
    }

    @Test("data errors (exit 1): a missing known or output column, too few rows, σ ≤ 0 in the file; nothing written")
    func dataErrors() throws {
        let (scratch, model, _) = try Self.setUp()
        func fails(_ contents: String, _ extra: [String] = [], _ message: String) throws {
            let path = try scratch.write("bad.csv", contents)
            do {
                _ = try InvertCommand.parse(["--model", model, "--data", path, "--unknown", "h", "--output", scratch.path("out.csv")] + extra).render()
                Issue.record("no error for \(contents)")
            } catch let failure as CommandFailure {
                #expect(failure.status == 1)
                #expect(failure.message.contains(message), "\(failure.message)")
            }
            #expect(!scratch.exists("out.csv"))
        }
        try fails("T\n290\n280\n", [], "\"x\" is not in the file")
        try fails("x\n0\n1\n", [], "\"T\" is not in the file")
        try fails("x,T\n0.5,300\n", [], "need at least 2")
        try fails("x,T,s\n0,290,1\n1,300,-1\n", ["--sigma-column", "s"], "data row 2, column \"s\"")
        try fails("x,T\n0,290\n", ["--sigma-column", "s"], "--sigma-column \"s\" is not in the file")
    }

    @Test("the built command's exit codes: 0, 2 for a usage error, 1 for a NaN with its line and column",
          .enabled(if: Executable.isBuilt))
    func exitCodes() throws {
        let (scratch, model, readings) = try Self.setUp()
        #expect(try Executable.run(["invert", "--model", model, "--data", readings, "--unknown", "h"], in: scratch.directory).status == 0)
        let usage = try Executable.run(["invert", "--model", model, "--data", readings, "--unknown", "q"], in: scratch.directory)
        #expect(usage.status == 2 && usage.stderr.contains("not an input"))
        try scratch.write("nan.csv", "x,T\n0,290\n1,nan\n")
        let bad = try Executable.run(["invert", "--model", model, "--data", scratch.path("nan.csv"), "--unknown", "h"], in: scratch.directory)
        #expect(bad.status == 1 && bad.stderr.contains("line 3, column 2"), "\(bad.stderr)")
    }
}
