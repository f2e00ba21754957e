import Foundation
import Testing
@testable import BackpropCommand

/// Exit statuses and messages of the built `backprop`, run as a separate process.
@Suite("Exit codes and messages", .enabled(if: Executable.isBuilt, "backprop is not built: run `swift build` before `swift test`"))
struct ExitCodeTests {
    /// A bad data file, and where and what its message must say.
    struct BadFile: CustomStringConvertible, Sendable {
        let kind: String
        let contents: String
        let place: String
        let message: String
        var description: String { kind }
    }

    static let badFiles: [BadFile] = [
        BadFile(kind: "non-numeric field", contents: "x,T\n1,2\n3,abc\n", place: "bad.csv, line 3, column 2 \"T\"",
                message: "non-numeric value \"abc\""),
        BadFile(kind: "missing value", contents: "x,T\n1,2\n3,\n", place: "bad.csv, line 3, column 2 \"T\"",
                message: "missing value"),
        BadFile(kind: "NaN", contents: "x,T\n# a comment counts as a line\n1,NaN\n", place: "bad.csv, line 3, column 2 \"T\"",
                message: "non-finite value \"NaN\""),
        BadFile(kind: "infinity", contents: "x,T\n1,2\ninf,2\n", place: "bad.csv, line 3, column 1 \"x\"",
                message: "non-finite value \"inf\""),
        BadFile(kind: "malformed row", contents: "x,T\n1,2\n3,4,5\n", place: "bad.csv, line 3:",
                message: "expected 2 fields as in the header, got 3"),
        BadFile(kind: "no header", contents: "1,2\n3,4\n", place: "bad.csv, line 1:",
                message: "expected a header line naming the columns"),
        BadFile(kind: "unclosed quote", contents: "x,T\n1,2\n3,\"4\n", place: "bad.csv, line 3, column 2 \"T\"",
                message: "double-quoted field"),
        BadFile(kind: "empty file", contents: "", place: "bad.csv:", message: "no header line"),
        BadFile(kind: "decimal comma", contents: "x;T\n1;2,5\n", place: "bad.csv, line 2, column 2 \"T\"",
                message: "a decimal comma is not read as a decimal point"),
    ]

    @Test("each kind of bad CSV stops train with its line and column and exit status 1", arguments: badFiles)
    func badData(file: BadFile) throws {
        let scratch = try Scratch()
        try scratch.write("bad.csv", file.contents)
        let run = try Executable.run(["train", "--data", "bad.csv", "--inputs", "x", "--outputs", "T",
                                      "--epochs", "1", "--model", "m.json"], in: scratch.directory)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("error: \(file.place)"), "stderr: \(run.stderr)")
        #expect(run.stderr.contains(file.message), "stderr: \(run.stderr)")
        #expect(!scratch.exists("m.json"))   // rejected before training
    }

    @Test("predict, gradient and gradcheck report bad data the same way", arguments: ["predict", "gradient", "gradcheck"])
    func badDataElsewhere(command: String) throws {
        let scratch = try Scratch()
        try scratch.curveData()
        _ = try train(["--data", scratch.path("curve.csv"), "--inputs", "x", "--outputs", "y", "--layers", "2",
                       "--epochs", "1", "--model", scratch.path("m.json")])
        try scratch.write("bad.csv", "x,y\n0.5,0.1\n0.7,oops\n")
        let run = try Executable.run([command, "--model", "m.json", "--data", "bad.csv"], in: scratch.directory)
        #expect(run.status == 1)
        #expect(run.stderr.contains("bad.csv, line 3, column 2 \"y\": non-numeric value \"oops\""), "stderr: \(run.stderr)")
    }

    @Test("an unknown column lists the columns there are; exit status 1")
    func unknownColumn() throws {
        let scratch = try Scratch()
        try scratch.curveData()
        let run = try Executable.run(["train", "--data", "curve.csv", "--inputs", "q", "--outputs", "y",
                                      "--model", "m.json"], in: scratch.directory)
        #expect(run.status == 1)
        #expect(run.stderr.contains("no column named \"q\"; the columns are \"x\", \"y\""))
    }

    @Test("a missing file or model file is a failure naming it")
    func missingFiles() throws {
        let scratch = try Scratch()
        let data = try Executable.run(["train", "--data", "nope.csv", "--inputs", "x", "--outputs", "y",
                                       "--model", "m.json"], in: scratch.directory)
        #expect(data.status == 1)
        #expect(data.stderr.contains("nope.csv: cannot read the file"))
        let model = try Executable.run(["predict", "--model", "nope.json", "--data", "nope.csv"], in: scratch.directory)
        #expect(model.status == 1)
        #expect(model.stderr.contains("nope.json"))
    }

    @Test("bad options give exit status 2 with a usage message", arguments: [
        ["train", "--bogus"],
        ["train", "--data", "d.csv", "--inputs", "x", "--outputs", "y", "--model", "m.json", "--lr", "-1"],
        ["train", "--data", "d.csv", "--inputs", "x", "--outputs", "y", "--model", "m.json", "--batch", "zero"],
        ["train", "--data", "d.csv", "--model", "m.json"],
        ["gradcheck", "--scheme", "sideways"],
        ["cost", "--widths", "2,x"],
        ["trace", "--x", "1", "--y", "1", "--layers", "1,1", "--weights", "1,2,3"],
        ["frobnicate"],
    ])
    func usage(arguments: [String]) throws {
        let scratch = try Scratch()
        let run = try Executable.run(arguments, in: scratch.directory)
        #expect(run.status == 2, "stderr: \(run.stderr)")
        #expect(run.stderr.lowercased().contains("error"))
    }

    @Test("a column chosen as input and output, or settings changed on --resume, are usage errors")
    func usageWhileRunning() throws {
        let scratch = try Scratch()
        try scratch.curveData()
        let both = try Executable.run(["train", "--data", "curve.csv", "--inputs", "x", "--outputs", "x",
                                       "--model", "m.json"], in: scratch.directory)
        #expect(both.status == 2)
        #expect(both.stderr.contains("column \"x\" is chosen both as an input"))
        #expect(both.stderr.contains("See 'backprop train --help'"))
        _ = try Executable.run(["train", "--data", "curve.csv", "--inputs", "x", "--outputs", "y", "--layers", "4",
                                "--epochs", "1", "--model", "m.json"], in: scratch.directory)
        let changed = try Executable.run(["train", "--resume", "--model", "m.json", "--layers", "8"], in: scratch.directory)
        #expect(changed.status == 2)
        #expect(changed.stderr.contains("--layers 8 (the model has 4)"))
    }

    @Test("--help on every subcommand exits 0", arguments: ["train", "predict", "gradient", "gradcheck", "cost", "trace"])
    func help(command: String) throws {
        let scratch = try Scratch()
        let run = try Executable.run([command, "--help"], in: scratch.directory)
        #expect(run.status == 0)
        #expect(run.stdout.contains("USAGE: backprop \(command)"))
    }
}
