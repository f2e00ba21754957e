import ArgumentParser
import Backprop
import BackpropData
import Foundation

/// `backprop gradient`: ∂J/∂W_k, ∂J/∂b_k per layer and ∂J/∂x of a trained model on the rows of
/// a data file — one forward and one backward pass — for comparing with other tools.
struct GradientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradient",
        abstract: "Print ∂J/∂W, ∂J/∂b per layer and ∂J/∂x of a model on the rows of a data file.",
        discussion: """
        J is the mean over the N rows of the lecture's cost, in the network's scaled
        units:
          x̃ = (x − shift_x) / scale_x,  ỹ = (y − shift_y) / scale_y  (model's scalers)
          J = (1/N) Σ_n ½ ‖ŷ_n − ỹ_n‖²,   ŷ = network(x̃)
        so ∂J/∂W_k = (1/N) Σ_n δ_k,n a_(k−1),nᵀ and ∂J/∂b_k = (1/N) Σ_n δ_k,n are
        exactly what one training step on these rows uses, and ∂J/∂x is ∂J/∂x̃ (N ×
        inputs, scaled units). The JSON also gives J and ∂J/∂x in raw units (J_raw =
        (1/N) Σ ½‖ŷ_raw − y‖², ∂J_raw/∂x with respect to the raw inputs), the gradient
        an inverse problem descends. Weights are out × in: row i of ∂J/∂W_k belongs to
        neuron i of layer k. The file must hold the model's input and output columns.
        """)

    @Option(help: "The model file written by backprop train.")
    var model: String
    @Option(help: "The data file with the model's input and output columns.")
    var data: String
    @Flag(help: "Print JSON (every number, full precision).")
    var json = false

    /// One forward and one backward pass over the rows, in scaled and in raw units.
    struct Result {
        let model: Model<Double>
        let rows: Int
        let cost: Double
        let gradient: Gradient<Double>
        let inputGradient: Matrix<Double>
        let rawCost: Double
        let rawInputGradient: Matrix<Double>
    }

    func run() throws {
        print(try render())
    }

    /// What the command prints.
    func render() throws -> String {
        let result = try compute()
        return json ? jsonText(result) : text(result)
    }

    func compute() throws -> Result {
        let model = try ModelLoading.load(self.model)
        let (x, y) = try ModelLoading.columns(ofFile: data, for: model)
        guard let y else {
            throw CommandFailure("\(data): the gradient of J needs the targets: the model's output columns "
                + model.outputNames.map { "\"\($0)\"" }.joined(separator: ", ") + " are not all in the file")
        }
        do {
            // In chunks of rows: memory of one chunk's trace, not N rows'.
            let (cost, gradient, inputGradient) = try model.network.gradientInChunks(
                x: model.inputScaler.transform(x), y: model.outputScaler.transform(y))
            let (rawCost, rawInputGradient) = try model.costAndInputGradient(x: x, y: y)
            return Result(model: model, rows: x.rows, cost: cost, gradient: gradient, inputGradient: inputGradient,
                          rawCost: rawCost, rawInputGradient: rawInputGradient)
        } catch {
            throw CommandFailure("\(data): \(error)")
        }
    }

    func text(_ r: Result) -> String {
        let network = r.model.network
        var lines = [
            "J = (1/N) Σ ½‖ŷ − ỹ‖² over N = \(r.rows) rows, scaled units: \(Format.scientific(r.cost))   (raw units: \(Format.scientific(r.rawCost)))",
            "one forward and one backward pass gave all \(network.parameterCount) derivatives",
        ]
        for k in 1...network.depth {
            lines.append("")
            let g = r.gradient.weight(ofLayer: k)
            lines.append("layer \(k): \(network.layers[k - 1])   ‖∂J/∂W_\(k)‖ = \(Format.scientific(norm(g.elements)))")
            lines.append("∂J/∂W_\(k) (\(g.rows) × \(g.columns), out × in):")
            lines.append(Self.matrixText(g))
            if let b = r.gradient.bias(ofLayer: k) {
                lines.append("∂J/∂b_\(k):")
                lines.append(Self.matrixText(Matrix(row: b)))
            }
        }
        lines.append("")
        lines.append("∂J/∂x (\(r.inputGradient.rows) × \(r.inputGradient.columns), scaled units; columns \(r.model.inputNames.joined(separator: ", "))):")
        lines.append(Self.matrixText(r.inputGradient))
        return lines.joined(separator: "\n")
    }

    /// Rows of `%.6e` numbers; at most 12 rows and 8 columns (the JSON has them all).
    static func matrixText(_ m: Matrix<Double>, maximumRows: Int = 12, maximumColumns: Int = 8) -> String {
        var lines: [String] = []
        for i in 0..<min(m.rows, maximumRows) {
            var cells = (0..<min(m.columns, maximumColumns)).map { String(format: "% .6e", m[i, $0]) }
            if m.columns > maximumColumns { cells.append("… (\(m.columns - maximumColumns) more)") }
            lines.append("  " + cells.joined(separator: "  "))
        }
        if m.rows > maximumRows { lines.append("  … (\(m.rows - maximumRows) more rows; --json prints every number)") }
        return lines.joined(separator: "\n")
    }

    private func norm(_ values: [Double]) -> Double {
        values.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    func jsonText(_ r: Result) -> String {
        let network = r.model.network
        let layers: [JSONValue] = (1...network.depth).map { k in
            var pairs: [(String, JSONValue)] = [
                ("k", .number(Double(k))), ("layer", .string(network.layers[k - 1].description)),
                ("dJ_dW", .rows(r.gradient.weight(ofLayer: k))),
            ]
            if let b = r.gradient.bias(ofLayer: k) { pairs.append(("dJ_db", .numbers(b))) }
            return .object(pairs)
        }
        return JSONValue.object([
            ("model", .string(model)), ("data", .string(data)), ("rows", .number(Double(r.rows))),
            ("J", .number(r.cost)),
            ("units", .string("scaled: J = (1/N) sum_n 1/2 |yHat_n - yScaled_n|^2 with the model's scalers")),
            ("inputs", .strings(r.model.inputNames)), ("outputs", .strings(r.model.outputNames)),
            ("layers", .array(layers)),
            ("dJ_dx", .rows(r.inputGradient)),
            ("raw", .object([("J", .number(r.rawCost)), ("dJ_dx", .rows(r.rawInputGradient))])),
        ]).serialized().trimmingCharacters(in: .newlines)
    }
}
