import ArgumentParser
import Backprop
import BackpropData
import Foundation

/// `backprop gradcheck`: backprop's gradient against finite differences, layer by layer, with
/// the forward passes and the time each method took — the lecture's own check.
struct GradcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradcheck",
        abstract: "Check backprop's gradient against finite differences, layer by layer.",
        discussion: """
        The network is a trained model (--model) or a fresh one built from --layers
        (all widths, input first), --activation, --no-bias, --initialisation and
        --seed. The rows are the first --samples rows of --data (a model finds its
        columns by name and scales them; a fresh network needs --inputs and
        --outputs), or --samples seeded random rows with x and y uniform in [−1, 1).

        J = (1/N) Σ ½‖ŷ − y‖² over the rows. A component's error is |g − f| / max(|g|,
        |f|, 10⁻³ max|g|), g from backprop and f from finite differences:
          forward     [J(p + Δp) − J(p)] / Δp             N + 1 passes, O(Δp)
          central     [J(p + Δp) − J(p − Δp)] / 2Δp       2N passes, O(Δp²)
          richardson  central at Δp and Δp/2, combined    4N passes, O(Δp⁴)
        (N weights; the error term is the truncation error.) Exits with status 1 when the worst error exceeds --tolerance.

        --input-derivatives C also checks ŷ′ = ∂ŷ/∂x_C and ŷ″ = ∂²ŷ/∂x_C² by forward mode
        (z′ = W a′, a′ = g′(z) z′, a″ = g″(z) z′² + g′(z) z″) against differences of ŷ
        and ŷ′ in x_C, and the backward pass through them — ∂C/∂w and ∂C/∂x of
        C = (1/2N) Σ [(ŷ − r)² + (ŷ′ − r′)² + (ŷ″ − r″)²], seeded targets r — against
        differences of C: what a physics-informed cost on the ODE residual needs.
        """)

    @Option(help: "A model file to check (its architecture and weights replace the options below).")
    var model: String?
    @OptionGroup var architecture: ArchitectureOptions
    @Option(help: "Rows to check on (CSV with a header row).")
    var data: String?
    @Option(help: "Input columns of --data for a network built from --layers.")
    var inputs: String?
    @Option(help: "Output columns of --data for a network built from --layers.")
    var outputs: String?
    @Option(help: "Rows used: the first N of --data (default: all, at most 32), or N random rows (default 4).")
    var samples: Int?
    @Option(help: "Finite differences: forward (the lecture's), central or richardson.")
    var scheme: FiniteDifference = .richardson
    @Option(help: "Largest acceptable relative error (default: 1e-3 forward, 1e-5 central, 1e-6 richardson; a wrong gradient is off by far more).")
    var tolerance: Double?
    @Option(help: "Also check the derivatives with respect to this input, by 0-based index or a model's input name: ŷ′, ŷ″ by forward mode and the backward pass through them.")
    var inputDerivatives: String?
    @Flag(help: "Print JSON instead of the table.")
    var json = false

    func validate() throws {
        if let samples, samples < 1 { throw ValidationError("--samples must be at least 1, got \(samples)") }
        if let tolerance, !(tolerance > 0) { throw ValidationError("--tolerance must be > 0, got \(tolerance)") }
        if model == nil, data != nil, inputs == nil || outputs == nil {
            throw ValidationError("--data with a network from --layers needs --inputs COLS and --outputs COLS")
        }
    }

    /// The largest acceptable relative error.
    var limit: Double {
        tolerance ?? [FiniteDifference.forward: 1e-3, .central: 1e-5, .richardson: 1e-6][scheme]!
    }

    func run() throws {
        let (text, passed, worst) = try render()
        print(text)
        if !passed {
            throw CommandFailure("gradient check failed: the worst relative error \(Format.scientific(worst)) exceeds the tolerance \(Format.scientific(limit))")
        }
    }

    /// What the command prints, whether the check passed, and the worst relative error.
    func render() throws -> (text: String, passed: Bool, worst: Double) {
        let (network, x, y, names) = try problem()
        let check: GradientCheck, derivatives: InputDerivativeCheck?
        do {
            check = try network.gradientCheck(x: x, y: y, scheme: scheme)
            derivatives = try inputDerivatives.map { text throws in
                try network.inputDerivativeCheck(x: x, column: try inputColumn(text, names: names, width: network.inputWidth), scheme: scheme)
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            throw CommandFailure("\(error)")
        }
        let worst = max(check.maxRelativeError, derivatives?.maxRelativeError ?? 0)
        var text = json ? jsonText(check, network: network, rows: x.rows, derivatives: derivatives)
                        : self.text(check, network: network, rows: x.rows)
        if let derivatives, !json { text += "\n\n" + self.text(derivatives, network: network) }
        return (text, worst <= limit, worst)
    }

    /// The input `text` names: a 0-based index, or one of the model's input names.
    func inputColumn(_ text: String, names: [String]?, width: Int) throws -> Int {
        if let index = Int(text), (0..<width).contains(index) { return index }
        if let names, let index = names.firstIndex(of: text) { return index }
        let known = names.map { ", or one of " + $0.map { "\"\($0)\"" }.joined(separator: ", ") } ?? ""
        throw ValidationError("--input-derivatives: '\(text)' is not an input; give 0 … \(width - 1)\(known)")
    }

    /// The last line of either table: the worst error against --tolerance, passed or FAILED.
    func verdict(_ worst: Double) -> String {
        let passed = worst <= limit
        return "worst relative error \(Format.scientific(worst)) \(passed ? "≤" : ">") tolerance \(Format.scientific(limit)): \(passed ? "passed" : "FAILED")"
    }

    func text(_ check: InputDerivativeCheck, network: Network<Double>) -> String {
        var table = check.derivatives.map { b in
            [b.name, "by forward mode", Format.scientific(b.maxRelativeError), "row \(b.worst.row + 1), output \(b.worst.column + 1)",
             Format.scientific(b.backprop), Format.scientific(b.finiteDifference)]
        }
        table += tableRows(check.gradient, network: network, prefix: "∂C/∂w of ", input: "∂C/∂x")
        return [
            "input derivatives: ŷ′ and ŷ″ in x_\(check.column), and backprop through them to every weight",
            "",
            Format.table(["", "", "max rel. error", "worst at", "backprop", "finite difference"], table),
            "",
            verdict(check.maxRelativeError),
        ].joined(separator: "\n")
    }

    /// The network and the rows (in its units) to check on.
    func problem() throws -> (Network<Double>, Matrix<Double>, Matrix<Double>, [String]?) {
        if let model {
            let m = try ModelLoading.load(model)
            guard let data else {
                let (x, y) = randomRows(inputs: m.network.inputWidth, outputs: m.network.outputWidth)
                return (m.network, x, y, m.inputNames)
            }
            let (x, y) = try ModelLoading.columns(ofFile: data, for: m)
            guard let y else {
                throw CommandFailure("\(data): the model's output columns " + m.outputNames.map { "\"\($0)\"" }.joined(separator: ", ") + " are not all in the file")
            }
            let rows = Array(0..<min(x.rows, samples ?? 32))
            let subset = try Dataset(x: x, y: y).subset(rows)
            return (m.network, m.inputScaler.transform(subset.x), m.outputScaler.transform(subset.y), m.inputNames)
        }
        let network = try architecture.network(defaultOutput: .identity)
        guard let data, let inputs, let outputs else {
            let (x, y) = randomRows(inputs: network.inputWidth, outputs: network.outputWidth)
            return (network, x, y, nil)
        }
        let reader = try CSVReader.open(data)
        let inputColumns = try reader.columnIndices(inputs), outputColumns = try reader.columnIndices(outputs)
        guard inputColumns.count == network.inputWidth, outputColumns.count == network.outputWidth else {
            throw ValidationError("--layers \(architecture.layers) takes \(network.inputWidth) inputs and gives \(network.outputWidth) outputs; --inputs names \(inputColumns.count) and --outputs \(outputColumns.count) columns")
        }
        let matrices = try reader.readMatrices(columns: [inputColumns, outputColumns])
        let rows = Array(0..<min(matrices[0].rows, samples ?? 32))
        let subset = try Dataset(x: matrices[0], y: matrices[1]).subset(rows)
        return (network, subset.x, subset.y, inputColumns.map { reader.columnNames[$0] })
    }

    /// `--samples` rows with x and y uniform in [−1, 1), from the seed after the weights'.
    func randomRows(inputs: Int, outputs: Int) -> (Matrix<Double>, Matrix<Double>) {
        var generator = SeededGenerator(seed: architecture.seed &+ 1)
        let n = samples ?? 4
        let x = (0..<(n * inputs)).map { _ in 2 * generator.uniform() - 1 }
        let y = (0..<(n * outputs)).map { _ in 2 * generator.uniform() - 1 }
        return (try! Matrix(rows: n, columns: inputs, elements: x), try! Matrix(rows: n, columns: outputs, elements: y))
    }

    /// One table row per layer (its worst block) and one for the input, as both checks print them.
    func tableRows(_ check: GradientCheck, network: Network<Double>, prefix: String, input: String) -> [[String]] {
        var table: [[String]] = []
        for k in 1...network.depth {
            let worst = check.blocks.filter { $0.layer == k }.max { $0.maxRelativeError < $1.maxRelativeError }!
            table.append(["\(k)", prefix + network.layers[k - 1].description, Format.scientific(worst.maxRelativeError),
                          "\(worst.name)(\(worst.worst.row + 1),\(worst.worst.column + 1))",
                          Format.scientific(worst.backprop), Format.scientific(worst.finiteDifference)])
        }
        if let x = check.blocks.first(where: { $0.layer == 0 }) {
            table.append(["0 (x)", input, Format.scientific(x.maxRelativeError), "row \(x.worst.row + 1), input \(x.worst.column + 1)",
                          Format.scientific(x.backprop), Format.scientific(x.finiteDifference)])
        }
        return table
    }

    func text(_ check: GradientCheck, network: Network<Double>, rows: Int) -> String {
        let table = tableRows(check, network: network, prefix: "", input: "∂J/∂x")
        return [
            "gradient check: \(network.parameterCount) parameters, \(rows) rows, \(scheme.rawValue) differences",
            "",
            Format.table(["layer", "", "max rel. error", "worst at", "backprop", "finite difference"], table),
            "",
            "backprop:           \(check.backpropForwardPasses) forward + \(check.backpropBackwardPasses) backward pass   \(Format.duration(check.backpropSeconds))",
            "finite differences: \(check.finiteDifferenceForwardPasses) forward passes          \(Format.duration(check.finiteDifferenceSeconds))",
            verdict(check.maxRelativeError),
        ].joined(separator: "\n")
    }

    func jsonText(_ check: GradientCheck, network: Network<Double>, rows: Int, derivatives: InputDerivativeCheck? = nil) -> String {
        func blocks(_ list: [GradientCheck.Block]) -> JSONValue {
            .array(list.map { b in
                .object([("name", .string(b.name)), ("layer", .number(Double(b.layer))),
                         ("maxRelativeError", .number(b.maxRelativeError)),
                         ("worst", .numbers([Double(b.worst.row), Double(b.worst.column)])),
                         ("backprop", .number(b.backprop)), ("finiteDifference", .number(b.finiteDifference))])
            })
        }
        var members: [(String, JSONValue)] = [
            ("scheme", .string(scheme.rawValue)),
            ("parameters", .number(Double(network.parameterCount))),
            ("rows", .number(Double(rows))),
            ("maxRelativeError", .number(check.maxRelativeError)),
            ("tolerance", .number(limit)),
            ("passed", .bool(check.maxRelativeError <= limit)),
            ("layers", .array(check.layerMaxRelativeErrors.enumerated().map { index, error in
                .object([("k", .number(Double(index + 1))), ("layer", .string(network.layers[index].description)),
                         ("maxRelativeError", .number(error))])
            })),
            ("inputMaxRelativeError", .number(check.inputMaxRelativeError)),
            ("blocks", blocks(check.blocks)),
            ("backprop", .object([("forwardPasses", .number(Double(check.backpropForwardPasses))),
                                  ("backwardPasses", .number(Double(check.backpropBackwardPasses))),
                                  ("seconds", .number(check.backpropSeconds))])),
            ("finiteDifferences", .object([("forwardPasses", .number(Double(check.finiteDifferenceForwardPasses))),
                                           ("seconds", .number(check.finiteDifferenceSeconds))])),
        ]
        if let derivatives {
            members.append(("inputDerivatives", .object([
                ("column", .number(Double(derivatives.column))),
                ("maxRelativeError", .number(derivatives.maxRelativeError)),
                ("derivatives", blocks(derivatives.derivatives)),
                ("blocks", blocks(derivatives.gradient.blocks)),
            ])))
            members = members.map { $0.0 == "passed" ? ("passed", .bool(max(check.maxRelativeError, derivatives.maxRelativeError) <= limit)) : $0 }
        }
        return JSONValue.object(members).serialized().trimmingCharacters(in: .newlines)
    }
}
