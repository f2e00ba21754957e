import ArgumentParser
import Backprop
import BackpropPlots
import Foundation

/// `backprop cost`: the lecture's argument for backprop, measured — time and forward passes
/// for the full gradient by finite differences and by backprop as the network grows.
struct CostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Measure the cost of the full gradient: finite differences against backprop.",
        discussion: """
        For each hidden width H, the MLP 1 → H → H → 1 (sigmoid, no bias units, one
        sample) has N = H + H² + H weights. Forward differences need N + 1 forward
        passes for ∂J/∂w; backprop needs one forward and one backward pass, so the
        lecture expects it to be about N/2 times faster. Each time is the best of
        three runs. Build in release mode to measure (swift build -c release); a debug
        build's times mean little.
        """)

    @Option(help: "Hidden widths H to measure, comma-separated.")
    var widths: String = "2,4,8,16,32,64"
    @Option(help: "Write the times against N as an SVG plot (log-log).")
    var plot: String?
    @Option(help: "Shortest timed run, in seconds (each time is the best of three such runs).")
    var minSeconds: Double = 0.05
    @Flag(help: "Print JSON instead of the table.")
    var json = false

    func validate() throws {
        let widths = try parseIntegerList(widths, name: "--widths")
        guard widths.allSatisfy({ $0 >= 1 && $0 <= 2048 }) else {
            throw ValidationError("--widths: every width must be between 1 and 2048; got '\(self.widths)'")
        }
        guard minSeconds.isFinite, minSeconds >= 0 else { throw ValidationError("--min-seconds must be ≥ 0, got \(minSeconds)") }
    }

    func run() throws {
        print(try render())
    }

    /// Measures, writes --plot if asked, and returns what the command prints.
    func render() throws -> String {
        try checkWritable([("--plot", plot)])
        let measurements = try parseIntegerList(widths, name: "--widths").map {
            CostMeasurement.measure(width: $0, minimumSeconds: minSeconds)
        }
        if let plot {
            do {
                try Self.chart(measurements).write(to: URL(fileURLWithPath: plot))
            } catch {
                throw CommandFailure("cannot write the plot to \(plot): \(error)")
            }
        }
        return json ? Self.jsonText(measurements) : Self.text(measurements, plot: plot)
    }

    static func text(_ measurements: [CostMeasurement], plot: String?) -> String {
        let rows = measurements.map { m in
            ["\(m.width)", "\(m.weights)", "\(m.finiteDifferencePasses)", Format.duration(m.finiteDifferenceSeconds),
             "1 + 1", Format.duration(m.backpropSeconds), String(format: "%.1f", m.speedUp),
             String(format: "%.1f", m.lectureSpeedUp), Format.scientific(m.maximumRelativeDifference)]
        }
        var lines = [
            "The full gradient ∂J/∂w of 1 → H → H → 1 (sigmoid, no bias, one sample):",
            "",
            Format.table(["H", "N weights", "FD passes", "FD time", "BP passes", "BP time", "speed-up", "lecture N/2", "max rel. diff"], rows),
            "",
            "FD: forward differences, N + 1 forward passes. BP: backprop, one forward + one backward pass.",
            "speed-up = FD time / BP time, measured; the lecture expects about N/2.",
        ]
        #if DEBUG
        lines.append("note: this is a debug build; build with -c release for meaningful times.")
        #endif
        if let plot { lines.append("wrote the plot to \(plot)") }
        return lines.joined(separator: "\n")
    }

    static func jsonText(_ measurements: [CostMeasurement]) -> String {
        JSONValue.array(measurements.map { m in
            .object([
                ("H", .number(Double(m.width))), ("weights", .number(Double(m.weights))),
                ("finiteDifferencePasses", .number(Double(m.finiteDifferencePasses))),
                ("finiteDifferenceSeconds", .number(m.finiteDifferenceSeconds)),
                ("backpropForwardPasses", .number(1)), ("backpropBackwardPasses", .number(1)),
                ("backpropSeconds", .number(m.backpropSeconds)),
                ("speedUp", .number(m.speedUp)), ("lectureSpeedUp", .number(m.lectureSpeedUp)),
                ("maxRelativeDifference", .number(m.maximumRelativeDifference)),
            ])
        }).serialized().trimmingCharacters(in: .newlines)
    }

    /// Seconds per gradient against N, log-log: forward differences, backprop, and the
    /// lecture's prediction for forward differences, N/2 × backprop's time.
    static func chart(_ measurements: [CostMeasurement]) -> Chart {
        let n = measurements.map { Double($0.weights) }
        return Chart(
            title: "Cost of the full gradient: finite differences vs backprop",
            xLabel: "N weights (1 → H → H → 1)", yLabel: "seconds per gradient",
            series: [
                Series(name: "forward differences (N + 1 passes)", x: n, y: measurements.map(\.finiteDifferenceSeconds), style: .lineAndMarkers),
                Series(name: "backprop (1 forward + 1 backward)", x: n, y: measurements.map(\.backpropSeconds), style: .lineAndMarkers),
                Series(name: "lecture: backprop × N/2", x: n, y: measurements.map { $0.backpropSeconds * $0.lectureSpeedUp }, dashed: true),
            ],
            xScale: .log10, yScale: .log10)
    }
}
