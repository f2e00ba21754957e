import Backprop
import Foundation
import Testing
@testable import BackpropCommand

@Suite("backprop cost")
struct CostCommandTests {
    @Test("cost --json parses: N = H + H² + H weights, N + 1 forward passes, both gradients agree")
    func json() throws {
        let scratch = try Scratch()
        let text = try CostCommand.parse(["--widths", "2,3", "--min-seconds", "0", "--json",
                                          "--plot", scratch.path("cost.svg")]).render()
        let rows = try #require(try parseJSON(text) as? [[String: Any]])
        #expect(rows.count == 2)
        for (row, h) in zip(rows, [2, 3]) {
            let n = h + h * h + h
            #expect(row["H"] as? Int == h)
            #expect(row["weights"] as? Int == n)
            #expect(row["finiteDifferencePasses"] as? Int == n + 1)
            #expect(row["lectureSpeedUp"] as? Double == Double(n) / 2)
            #expect(try #require(row["maxRelativeDifference"] as? Double) < 1e-4)   // forward differences: ~√ε
            #expect(try #require(row["finiteDifferenceSeconds"] as? Double) > 0)
            #expect(try #require(row["backpropSeconds"] as? Double) > 0)
        }
        let svg = try scratch.read("cost.svg")
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("lecture: backprop × N/2"))
    }

    @Test("the lecture's loop of forward differences gives ∂J/∂w for the scalar chain to about √ε")
    func plainLoop() throws {
        // The chain 1 → 1 → 1 → 1, w = (0.3, −0.2, 0.8), x = 0.5, y = 0.2 (see LectureExampleTests).
        var network = try Network<Double>(widths: [1, 1, 1, 1], activation: .sigmoid, outputActivation: .sigmoid, bias: false)
        try network.setParameters([0.3, -0.2, 0.8])
        var trace = Trace(for: network, batchSize: 1)
        var estimate = [Double](repeating: 0, count: 3)
        let passes = CostMeasurement.forwardDifferences(&network, x: Matrix(row: [0.5]), y: Matrix(row: [0.2]),
                                                        trace: &trace, into: &estimate)
        #expect(passes == 4)
        let byHand = [-0.000470667932888875, 0.010175060542733081, 0.044920215897283056]
        for (f, g) in zip(estimate, byHand) { #expect(abs(f - g) < 1e-6) }
        #expect(network.parameters == [0.3, -0.2, 0.8])   // every weight put back
    }

    @Test("the table lists the measured speed-up next to the lecture's N/2")
    func table() throws {
        let text = try CostCommand.parse(["--widths", "2", "--min-seconds", "0"]).render()
        #expect(text.contains("speed-up"))
        #expect(text.contains("lecture N/2"))
        let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("2 ") })
        #expect(row.contains(" 8 ") && row.contains(" 9 ") && row.contains("4.0"))
    }
}
