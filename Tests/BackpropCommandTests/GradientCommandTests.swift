import ArgumentParser
import Backprop
import BackpropData
import Foundation
import Testing
@testable import BackpropCommand

@Suite("backprop gradient")
struct GradientCommandTests {
    @Test("gradient --json parses and equals one backward pass over the scaled rows; raw ∂J/∂x too")
    func json() throws {
        let scratch = try Scratch()
        let data = try scratch.linearData()
        _ = try train(["--data", data, "--inputs", "x,h", "--outputs", "T", "--layers", "3", "--epochs", "2",
                       "--model", scratch.path("m.json")])
        let text = try GradientCommand.parse(["--model", scratch.path("m.json"), "--data", data, "--json"]).render()
        let json = try #require(try parseJSON(text) as? [String: Any])
        let model = try Model<Double>.load(from: scratch.path("m.json"))
        let table = try CSVTable.read(data)
        let x = table.matrix(columns: [0, 1]), y = table.matrix(columns: [2])
        let (j, gradient, trace) = try model.network.gradient(x: model.inputScaler.transform(x), y: model.outputScaler.transform(y))
        #expect(json["rows"] as? Int == 24)
        // Every number exactly (Foundation's parser may round the last bit; the engine's does not).
        let exact = try JSONValue.parse(Array(text.utf8))
        func numbers(_ value: JSONValue?) -> [Double] {
            switch value {
            case let .number(x)?: return [x]
            case let .array(items)?: return items.flatMap { numbers($0) }
            default: return []
            }
        }
        #expect(numbers(exact["J"]) == [j])
        guard case let .array(layers)? = exact["layers"] else { Issue.record("no layers"); return }
        #expect(layers.count == 2)
        for k in 1...2 {
            #expect(numbers(layers[k - 1]["dJ_dW"]) == gradient.weight(ofLayer: k).elements)
            #expect(numbers(layers[k - 1]["dJ_db"]) == gradient.bias(ofLayer: k))
        }
        #expect(numbers(exact["dJ_dx"]) == trace.inputGradient.elements)
        let (rawJ, rawGradient) = try model.costAndInputGradient(x: x, y: y)
        #expect(numbers(exact["raw"]?["J"]) == [rawJ])
        #expect(numbers(exact["raw"]?["dJ_dx"]) == rawGradient.elements)
        #expect((json["layers"] as? [[String: Any]])?.first?["layer"] as? String == "Dense(2 => 3, sigmoid)")
    }

    @Test("the human form prints J, every layer's ∂J/∂W with its shape, and ∂J/∂x")
    func text() throws {
        let scratch = try Scratch()
        let data = try scratch.curveData()
        _ = try train(["--data", data, "--inputs", "x", "--outputs", "y", "--layers", "2", "--epochs", "1",
                       "--model", scratch.path("m.json")])
        let text = try GradientCommand.parse(["--model", scratch.path("m.json"), "--data", data]).render()
        #expect(text.contains("over N = 16 rows, scaled units"))
        #expect(text.contains("∂J/∂W_1 (2 × 1, out × in):"))
        #expect(text.contains("∂J/∂W_2 (1 × 2, out × in):"))
        #expect(text.contains("∂J/∂b_2:"))
        #expect(text.contains("∂J/∂x (16 × 1, scaled units; columns x):"))
        #expect(text.contains("… (4 more rows; --json prints every number)"))
    }

    @Test("the gradient needs the targets: a file without the output columns is a failure")
    func needsTargets() throws {
        let scratch = try Scratch()
        let data = try scratch.curveData()
        _ = try train(["--data", data, "--inputs", "x", "--outputs", "y", "--layers", "2", "--epochs", "1",
                       "--model", scratch.path("m.json")])
        try scratch.write("x.csv", "x\n0.5\n")
        #expect(throws: CommandFailure.self) {
            try GradientCommand.parse(["--model", scratch.path("m.json"), "--data", scratch.path("x.csv")]).render()
        }
    }
}

@Suite("backprop gradcheck")
struct GradcheckCommandTests {
    @Test("gradcheck --json on seeded random rows parses and passes, per layer and for ∂J/∂x")
    func randomRows() throws {
        let text = try GradcheckCommand.parse(["--layers", "2,5,3,1", "--samples", "3", "--json"]).render().text
        let json = try #require(try parseJSON(text) as? [String: Any])
        #expect(json["passed"] as? Bool == true)
        #expect(json["parameters"] as? Int == (2 * 5 + 5) + (5 * 3 + 3) + (3 * 1 + 1))
        #expect(json["rows"] as? Int == 3)
        let layers = try #require(json["layers"] as? [[String: Any]])
        #expect(layers.count == 3)
        #expect(layers.allSatisfy { ($0["maxRelativeError"] as? Double ?? 1) < 1e-6 })
        let fd = try #require(json["finiteDifferences"] as? [String: Any])
        #expect(fd["forwardPasses"] as? Int == 4 * 37)                      // Richardson: 4N
        #expect((json["backprop"] as? [String: Any])?["forwardPasses"] as? Int == 1)
    }

    @Test("forward passes per scheme for N = 4 weights: N + 1, 2N, 4N", arguments: [
        (FiniteDifference.forward, 5), (.central, 8), (.richardson, 16),
    ])
    func passes(scheme: FiniteDifference, passes: Int) throws {
        // 1 → 2 → 1 without bias: 2 + 2 = 4 weights.
        let text = try GradcheckCommand.parse(["--layers", "1,2,1", "--no-bias", "--scheme", scheme.rawValue, "--json"])
            .render().text
        let json = try #require(try parseJSON(text) as? [String: Any])
        #expect(json["parameters"] as? Int == 4)
        #expect((json["finiteDifferences"] as? [String: Any])?["forwardPasses"] as? Int == passes)
        #expect(json["passed"] as? Bool == true)
    }

    @Test("gradcheck of a trained model on its data file, with the table per layer")
    func modelAndData() throws {
        let scratch = try Scratch()
        let data = try scratch.curveData()
        _ = try train(["--data", data, "--inputs", "x", "--outputs", "y", "--layers", "3,3", "--epochs", "2",
                       "--model", scratch.path("m.json")])
        let (text, passed, _) = try GradcheckCommand.parse(["--model", scratch.path("m.json"), "--data", data,
                                                            "--samples", "5"]).render()
        #expect(passed)
        #expect(text.contains("gradient check: 22 parameters, 5 rows, richardson differences"))
        #expect(text.contains("Dense(1 => 3, sigmoid)"))
        #expect(text.contains("0 (x)"))
        #expect(text.contains("finite differences: 88 forward passes"))
    }

    @Test("--input-derivatives checks ŷ′, ŷ″ and the backward pass through them: by index on a fresh network, by name on a trained model; an unknown input is a usage error")
    func inputDerivatives() throws {
        let text = try GradcheckCommand.parse(["--layers", "2,6,6,1", "--activation", "tanh", "--input-derivatives", "1", "--json"]).render().text
        let json = try #require(try parseJSON(text) as? [String: Any])
        #expect(json["passed"] as? Bool == true)
        let d = try #require(json["inputDerivatives"] as? [String: Any])
        #expect(d["column"] as? Int == 1)
        #expect((d["maxRelativeError"] as? Double ?? 1) < 1e-6)
        #expect((d["derivatives"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["ŷ′", "ŷ″"])
        #expect((d["blocks"] as? [[String: Any]])?.count == 3 * 2 + 1)           // W_k, b_k, ∂C/∂x

        let scratch = try Scratch()
        let data = try scratch.curveData()
        _ = try train(["--data", data, "--inputs", "x", "--outputs", "y", "--layers", "3,3", "--activation", "tanh",
                       "--epochs", "2", "--model", scratch.path("m.json")])
        let (table, passed, _) = try GradcheckCommand.parse(["--model", scratch.path("m.json"), "--data", data, "--samples", "4",
                                                             "--input-derivatives", "x"]).render()
        #expect(passed)
        #expect(table.contains("input derivatives: ŷ′ and ŷ″ in x_0"))
        #expect(table.contains("∂C/∂w of Dense(1 => 3, tanh)"))
        #expect(throws: ValidationError.self) {
            try GradcheckCommand.parse(["--model", scratch.path("m.json"), "--input-derivatives", "T"]).render()
        }
    }

    @Test("a tolerance no check can meet fails with exit status 1",
          .enabled(if: Executable.isBuilt, "backprop is not built: run `swift build` before `swift test`"))
    func failure() throws {
        let scratch = try Scratch()
        let run = try Executable.run(["gradcheck", "--layers", "1,3,1", "--scheme", "forward", "--tolerance", "1e-300"],
                                     in: scratch.directory)
        #expect(run.status == 1)
        #expect(run.stderr.contains("gradient check failed"))
        #expect(run.stdout.contains("FAILED"))
    }
}
