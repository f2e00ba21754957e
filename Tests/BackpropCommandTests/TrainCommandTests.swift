import ArgumentParser
import Backprop
import BackpropData
import Foundation
import Testing
@testable import BackpropCommand

@Suite("backprop train")
struct TrainCommandTests {
    @Test("train runs end to end as a process: exit 0, JSON on stdout, history, plot and report written",
          .enabled(if: Executable.isBuilt, "backprop is not built: run `swift build` before `swift test`"))
    func endToEnd() throws {
        let scratch = try Scratch()
        try scratch.curveData()
        let run = try Executable.run(
            ["train", "--data", "curve.csv", "--inputs", "x", "--outputs", "y", "--layers", "4", "--epochs", "5",
             "--validation", "0.25", "--model", "m.json", "--history", "h.csv", "--plot", "loss.svg",
             "--report", "report.html", "--json"], in: scratch.directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let json = try #require(try parseJSON(run.stdout) as? [String: Any])
        #expect(json["stopReason"] as? String == "maximum-epochs")
        #expect(json["epochsCompleted"] as? Int == 5)
        #expect((json["history"] as? [Any])?.count == 5)
        #expect((json["trainingJ"] as? Double).map { $0 > 0 && $0.isFinite } == true)
        #expect(json["validationJ"] as? Double != nil)
        #expect(scratch.exists("m.json"))
        let history = try scratch.read("h.csv").split(separator: "\n")
        #expect(history.first == "epoch,training_J,validation_J,gradient_norm,learning_rate,seconds")
        #expect(history.count == 6)
        #expect(try scratch.read("loss.svg").hasPrefix("<svg"))
        let report = try scratch.read("report.html")
        for heading in ["Run", "Cost J against epoch", "Predictions", "Gradient check"] {
            #expect(report.contains("<h2>\(heading)</h2>"))
        }
        #expect(report.contains("reached the maximum number of epochs"))
    }

    @Test("the human summary names the stop reason, J and the saved file, and draws J against epoch",
          .enabled(if: Executable.isBuilt, "backprop is not built: run `swift build` before `swift test`"))
    func humanSummary() throws {
        let scratch = try Scratch()
        try scratch.curveData()
        let run = try Executable.run(
            ["train", "--data", "curve.csv", "--inputs", "x", "--outputs", "y", "--layers", "4", "--epochs", "4",
             "--model", "m.json"], in: scratch.directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("network          1 → 4 → 1, 13 parameters"))
        #expect(run.stdout.contains("epoch 1/4  J = "))            // plain lines: stdout is not a terminal
        #expect(run.stdout.contains("stopped after epoch 4"))
        #expect(run.stdout.contains("reached the maximum number of epochs"))
        #expect(run.stdout.contains("saved the model to m.json"))
        #expect(run.stdout.contains("J against epoch (log scale)"))
    }

    @Test("the model stores columns, scalers fitted on the training rows, settings, state and metadata")
    func modelContents() throws {
        let scratch = try Scratch()
        let data = try scratch.linearData()
        let summary = try train(["--data", data, "--inputs", "x,h", "--outputs", "T", "--layers", "3",
                                 "--epochs", "2", "--validation", "0.25", "--optimizer", "adam", "--lr", "0.01",
                                 "--model", scratch.path("m.json")])
        let model = try Model<Double>.load(from: scratch.path("m.json"))
        #expect(model.inputNames == ["x", "h"] && model.outputNames == ["T"])
        #expect(model.network.widths == [2, 3, 1])
        let raw = try wholeTableSplit(data, inputs: [0, 1], outputs: [2], validationFraction: 0.25, seed: 42)
        #expect(model.inputScaler == Scaler.fit(.standard, to: raw.training.x))
        #expect(model.outputScaler == Scaler.fit(.standard, to: raw.training.y))
        #expect(summary.setup.training.count == 18 && summary.setup.validation?.count == 6)
        #expect(model.configuration?.optimizer == .adam())
        #expect(model.trainingState?.epochsCompleted == 2)
        #expect(model.metadata["data"] == data)
        #expect(model.metadata["createdBy"] == "backprop \(BackpropCommand.version)")
        #expect(model.metadata["validationFraction"] == "0.25")
    }

    @Test("train 6 epochs equals train 3, then --resume 3 more, bit for bit")
    func resumeIsExact() throws {
        let scratch = try Scratch()
        let data = try scratch.curveData()
        let common = ["--data", data, "--inputs", "x", "--outputs", "y", "--layers", "5", "--optimizer", "adam",
                      "--lr", "0.02", "--validation", "0.25", "--batch", "3"]
        _ = try train(common + ["--epochs", "6", "--model", scratch.path("full.json")])
        _ = try train(common + ["--epochs", "3", "--model", scratch.path("half.json")])
        let resumed = try train(["--resume", "--model", scratch.path("half.json"), "--epochs", "3"])
        #expect(resumed.outcome.state.epochsCompleted == 6)
        let full = try Model<Double>.load(from: scratch.path("full.json"))
        let half = try Model<Double>.load(from: scratch.path("half.json"))
        #expect(full.network.parameters == half.network.parameters)
        #expect(full.trainingState?.optimizer == half.trainingState?.optimizer)
        #expect(full.trainingState?.history.records.map(\.trainingCost) == half.trainingState?.history.records.map(\.trainingCost))
    }

    @Test("checkpoints every N epochs do not change the result")
    func checkpointsAreTransparent() throws {
        let scratch = try Scratch()
        let data = try scratch.curveData()
        let common = ["--data", data, "--inputs", "x", "--outputs", "y", "--layers", "4", "--epochs", "5"]
        _ = try train(common + ["--model", scratch.path("plain.json")])
        let checkpointed = try train(common + ["--model", scratch.path("checkpointed.json"), "--checkpoint-every", "2"])
        #expect(checkpointed.outcome.checkpoints == 2)
        let a = try Model<Double>.load(from: scratch.path("plain.json"))
        let b = try Model<Double>.load(from: scratch.path("checkpointed.json"))
        #expect(a.network.parameters == b.network.parameters)
    }

    @Test("--resume rejects an option that would change the stored settings")
    func resumeRejectsChanges() throws {
        let scratch = try Scratch()
        let data = try scratch.curveData()
        _ = try train(["--data", data, "--inputs", "x", "--outputs", "y", "--layers", "4", "--epochs", "1",
                       "--model", scratch.path("m.json")])
        #expect(throws: ValidationError.self) {
            _ = try train(["--resume", "--model", scratch.path("m.json"), "--layers", "8"])
        }
        // Repeating an unchanged setting is fine.
        let again = try train(["--resume", "--model", scratch.path("m.json"), "--layers", "4", "--epochs", "1"])
        #expect(again.outcome.state.epochsCompleted == 2)
    }

    @Test("an output file in a directory that does not exist fails before training")
    func unwritableOutput() throws {
        let scratch = try Scratch()
        let data = try scratch.curveData()
        #expect {
            _ = try train(["--data", data, "--inputs", "x", "--outputs", "y", "--epochs", "1",
                           "--model", scratch.path("m.json"), "--report", scratch.path("missing/report.html")])
        } throws: { error in
            (error as? CommandFailure)?.message.contains("--report") == true
        }
        #expect(!scratch.exists("m.json"))
    }

    @Test("Ctrl-C stops after the current epoch, saves the model and asks for exit status 130")
    func interruptSaves() throws {
        let scratch = try Scratch()
        let data = try scratch.curveData()
        let flag = InterruptFlag()
        flag.raise()
        let summary = try train(["--data", data, "--inputs", "x", "--outputs", "y", "--layers", "4", "--epochs", "50",
                                 "--model", scratch.path("m.json")], interrupt: flag)
        #expect(summary.outcome.reason == .interrupted)
        #expect(summary.outcome.state.epochsCompleted == 1)
        #expect((summary.outcome.failure as? ExitCode)?.rawValue == 130)
        let model = try Model<Double>.load(from: scratch.path("m.json"))
        #expect(model.trainingState?.stopReason == .interrupted)
        #expect(model.network.parameters == summary.outcome.network.parameters)
    }

    @Test("with --early-stopping, Ctrl-C saves the weights of the lowest validation J")
    func interruptKeepsBestWithEarlyStopping() throws {
        let scratch = try Scratch()
        let data = try scratch.curveData()
        let flag = InterruptFlag()
        // Four epochs first, then Ctrl-C during the fifth (on resume).
        let summary = try train(["--data", data, "--inputs", "x", "--outputs", "y", "--layers", "4", "--epochs", "4",
                                 "--validation", "0.25", "--early-stopping", "100", "--lr", "3",
                                 "--model", scratch.path("m.json")], interrupt: flag)
        let state = summary.outcome.state
        #expect(summary.outcome.reason == .maximumEpochs)
        flag.raise()
        let resumed = try train(["--resume", "--model", scratch.path("m.json"), "--epochs", "5"], interrupt: flag)
        #expect(resumed.outcome.reason == .interrupted)
        let best = try #require(resumed.outcome.state.bestParameters)
        #expect(resumed.outcome.network.parameters == best)
        #expect(resumed.outcome.savedEpoch == resumed.outcome.state.bestEpoch)
        #expect(state.epochsCompleted == 4)
    }

    @Test("divergence saves the rolled-back weights and state, and fails with the trainer's message",
          .enabled(if: Executable.isBuilt, "backprop is not built: run `swift build` before `swift test`"))
    func divergence() throws {
        let scratch = try Scratch()
        try scratch.linearData()
        let run = try Executable.run(
            ["train", "--data", "data.csv", "--inputs", "x,h", "--outputs", "T", "--layers", "4", "--scale", "none",
             "--lr", "100", "--epochs", "5", "--model", "m.json"], in: scratch.directory)
        #expect(run.status == 1)
        #expect(run.stderr.contains("training diverged"))
        #expect(run.stderr.contains("--resume --model m.json --lr"))
        // "… became NaN or infinite in epoch E (batch B)": the saved state ends at epoch E − 1.
        let epoch = try #require(run.stderr.firstMatch(of: /in epoch (\d+)/).map { Int($0.1)! })
        let model = try Model<Double>.load(from: scratch.path("m.json"))
        #expect(model.trainingState?.epochsCompleted == epoch - 1)
        #expect(model.trainingState?.history.records.count == epoch - 1)
        #expect(model.network.parameters.allSatisfy { $0.isFinite })
    }

    @Test("SIGINT to a running train exits 130 after saving the model",
          .enabled(if: Executable.isBuilt, "backprop is not built: run `swift build` before `swift test`"))
    func sigint() throws {
        let scratch = try Scratch()
        try scratch.curveData()
        let url = try #require(Executable.url)
        let out = scratch.directory.appendingPathComponent("out.txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let process = Process()
        process.executableURL = url
        process.arguments = ["train", "--data", "curve.csv", "--inputs", "x", "--outputs", "y", "--layers", "8",
                             "--epochs", "100000000", "--model", "m.json"]
        process.currentDirectoryURL = scratch.directory
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until training has started (the first epoch's line), then press Ctrl-C.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !((try? String(contentsOf: out, encoding: .utf8))?.contains("epoch 1/") ?? false) {
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let model = try Model<Double>.load(from: scratch.path("m.json"))
        #expect(model.trainingState?.stopReason == .interrupted)
        #expect((model.trainingState?.epochsCompleted ?? 0) >= 1)
    }
}
