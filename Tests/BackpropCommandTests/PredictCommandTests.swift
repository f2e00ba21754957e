import Backprop
import BackpropData
import Foundation
import Testing
@testable import BackpropCommand

@Suite("backprop predict")
struct PredictCommandTests {
    /// A linear model of T = 300 + 40 x − 6 h trained to convergence, and the data path.
    func trainedPlane(_ scratch: Scratch) throws -> String {
        let data = try scratch.linearData()
        _ = try train(["--data", data, "--inputs", "x,h", "--outputs", "T", "--layers", "none",
                       "--epochs", "300", "--lr", "0.05", "--model", scratch.path("m.json")])
        return data
    }

    @Test("train then predict round-trips through files in raw units")
    func roundTrip() throws {
        let scratch = try Scratch()
        let data = try trainedPlane(scratch)
        _ = try PredictCommand.parse(["--model", scratch.path("m.json"), "--data", data,
                                      "--output", scratch.path("p.csv")]).render()
        let written = try CSVTable.read(scratch.path("p.csv"))
        #expect(written.columnNames == ["x", "h", "T_predicted", "T", "T_residual"])
        let model = try Model<Double>.load(from: scratch.path("m.json"))
        let x = written.matrix(columns: [0, 1])
        let expected = try model.predict(x)
        for row in 0..<written.rowCount {
            let predicted = written[row, 2], target = written[row, 3]
            #expect(predicted == expected[row, 0])                    // the file holds the model's numbers exactly
            #expect(target == 300 + 40 * x[row, 0] - 6 * x[row, 1])    // targets are raw, as in the data file
            #expect(abs(predicted - target) < 0.05)                     // predictions in raw units (≈ 300), not scaled
            #expect(written[row, 4] == predicted - target)
        }
    }

    @Test("predict --json parses, with J and R² per output in raw units")
    func json() throws {
        let scratch = try Scratch()
        let data = try trainedPlane(scratch)
        let text = try PredictCommand.parse(["--model", scratch.path("m.json"), "--data", data, "--json"]).render()
        let json = try #require(try parseJSON(text) as? [String: Any])
        #expect(json["rows"] as? Int == 24)
        #expect(json["outputs"] as? [String] == ["T"])
        let metrics = try #require((json["metrics"] as? [[String: Any]])?.first)
        #expect(metrics["name"] as? String == "T")
        #expect(try #require(metrics["R2"] as? Double) > 0.9999)
        #expect(try #require(metrics["J"] as? Double) < 1e-3)
        #expect((json["predictions"] as? [[Double]])?.count == 24)
    }

    @Test("without the output columns, predict prints predictions only; inputs are found by name in any order")
    func withoutTargets() throws {
        let scratch = try Scratch()
        _ = try trainedPlane(scratch)
        try scratch.write("new.csv", "h,other,x\n2,7,0.5\n1,7,0\n")
        let text = try PredictCommand.parse(["--model", scratch.path("m.json"), "--data", scratch.path("new.csv")]).render()
        let lines = text.split(separator: "\n")
        #expect(lines.first == "x,h,T_predicted")
        let first = try #require(Double(lines[1].split(separator: ",")[2]))
        #expect(abs(first - (300 + 20 - 12)) < 0.05)
    }

    @Test("a data file without the model's input columns is a failure naming them")
    func missingColumns() throws {
        let scratch = try Scratch()
        _ = try trainedPlane(scratch)
        try scratch.write("wrong.csv", "x,q\n1,2\n")
        #expect {
            try PredictCommand.parse(["--model", scratch.path("m.json"), "--data", scratch.path("wrong.csv")]).render()
        } throws: { error in
            (error as? CommandFailure)?.message.contains("input column \"h\" is not in the file") == true
        }
    }
}

@Suite("Output metrics")
struct OutputMetricsTests {
    @Test("J, RMSE and R² by hand: ŷ = (1, 2, 4), y = (1, 3, 5)")
    func byHand() throws {
        // e = (0, −1, −1); J = (0 + 1 + 1)/(2·3) = 1/3; RMSE = √(2/3)
        // ȳ = 3, Σ(y − ȳ)² = 4 + 0 + 4 = 8, R² = 1 − 2/8 = 0.75
        let m = OutputMetrics.compute(yHat: Matrix(column: [1, 2, 4]), y: Matrix(column: [1, 3, 5]), names: ["y"])[0]
        #expect(abs(m.cost - 1.0 / 3) < 1e-15)
        #expect(abs(m.rootMeanSquareError - (2.0 / 3).squareRoot()) < 1e-15)
        #expect(m.rSquared == 0.75)
    }

    @Test("R² is NaN for a constant target")
    func constantTarget() {
        let m = OutputMetrics.compute(yHat: Matrix(column: [1, 2]), y: Matrix(column: [2, 2]), names: ["y"])[0]
        #expect(m.rSquared.isNaN)
    }
}
