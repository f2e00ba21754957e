import ArgumentParser
import Backprop
import BackpropData
import Foundation

/// `backprop predict`: a trained model's predictions for the rows of a data file, in raw
/// units, with J and R² per output when the file also holds the targets.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict outputs for the rows of a data file with a trained model.",
        discussion: """
        The input columns are found by the names stored in the model, in any order and
        among other columns. Predictions are in raw units (the model's scalers are
        applied). When the file also has the output columns, each output's J = (1/N) Σ
        ½ (ŷ − y)², RMSE and R² = 1 − Σ(ŷ − y)² / Σ(y − ȳ)² are reported, in raw
        units.

        Output: with --output, a CSV file with the input columns, NAME_predicted per
        output and, when the targets are known, NAME and NAME_residual (ŷ − y).
        Without --output the same CSV goes to stdout, preceded by the metrics as #
        comment lines.
        """)

    @Option(help: "The model file written by backprop train.")
    var model: String
    @Option(help: "The data file (CSV with a header row).")
    var data: String
    @Option(help: "Write the predictions to this CSV file.")
    var output: String?
    @Flag(help: "Print JSON (metrics and predictions) instead of text.")
    var json = false

    /// What a prediction run computed.
    struct Result {
        let model: Model<Double>
        let x: Matrix<Double>, y: Matrix<Double>?, yHat: Matrix<Double>
        let metrics: [OutputMetrics]?
    }

    func run() throws {
        print(try render())
    }

    /// Predicts, writes --output if asked, and returns what the command prints.
    func render() throws -> String {
        let result = try predict()
        let columns = outputColumns(result)
        if let output {
            do {
                // Row by row: the file's table is never held whole.
                try CSVWriter(comments: ["predictions of \(model) for \(data)"]).write(
                    columnNames: columns, rowCount: result.x.rows, to: URL(fileURLWithPath: output)
                ) { row, values in Self.fill(row, of: result, into: &values) }
            } catch {
                throw CommandFailure("cannot write the predictions: \(error)")
            }
        }
        if json { return jsonText(result) }
        if let output {
            var lines = ["predicted \(result.yHat.rows) rows of \(data) with \(model); wrote \(output)"]
            if let metrics = result.metrics { lines.append(metricsText(metrics)) }
            return lines.joined(separator: "\n")
        }
        var lines: [String] = []
        if let metrics = result.metrics {
            lines += metricsText(metrics).split(separator: "\n").map { "# " + $0 }
        }
        lines.append(csvText(names: columns, result))
        return lines.joined(separator: "\n")
    }

    /// Loads the model and the data and predicts.
    func predict() throws -> Result {
        let model = try ModelLoading.load(self.model)
        let (x, y) = try ModelLoading.columns(ofFile: data, for: model)
        let yHat: Matrix<Double>
        do {
            yHat = try model.predict(x)
        } catch {
            throw CommandFailure("\(data): \(error)")
        }
        let metrics = y.map { OutputMetrics.compute(yHat: yHat, y: $0, names: model.outputNames) }
        return Result(model: model, x: x, y: y, yHat: yHat, metrics: metrics)
    }

    /// The output table's columns: the inputs, NAME_predicted per output and, when the targets
    /// are known, NAME and NAME_residual.
    func outputColumns(_ r: Result) -> [String] {
        var names = r.model.inputNames
        for name in r.model.outputNames {
            names.append(name + "_predicted")
            if r.y != nil { names += [name, name + "_residual"] }
        }
        return names
    }

    /// Row `row` of the output table (``outputColumns(_:)``): x, then ŷ (and y, ŷ − y) per output.
    static func fill(_ row: Int, of r: Result, into values: inout [Double]) {
        var column = 0
        for value in r.x.row(row) {
            values[column] = value
            column += 1
        }
        for j in 0..<r.yHat.columns {
            values[column] = r.yHat[row, j]
            column += 1
            if let y = r.y {
                values[column] = y[row, j]
                values[column + 1] = r.yHat[row, j] - y[row, j]
                column += 2
            }
        }
    }

    func metricsText(_ metrics: [OutputMetrics]) -> String {
        let rows = metrics.map { [$0.name, Format.scientific($0.cost), Format.short($0.rootMeanSquareError), Format.short($0.rSquared)] }
        return Format.table(["output", "J (raw units)", "RMSE", "R²"], rows)
    }

    func csvText(names: [String], _ r: Result) -> String {
        var lines = [names.joined(separator: ",")]
        var values = [Double](repeating: 0, count: names.count)
        for row in 0..<r.x.rows {
            Self.fill(row, of: r, into: &values)
            lines.append(values.map { "\($0)" }.joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    func jsonText(_ r: Result) -> String {
        JSONValue.object([
            ("model", .string(model)), ("data", .string(data)), ("rows", .number(Double(r.yHat.rows))),
            ("inputs", .strings(r.model.inputNames)), ("outputs", .strings(r.model.outputNames)),
            ("metrics", r.metrics.map { .array($0.map(\.jsonValue)) } ?? .null),
            ("predictions", .rows(r.yHat)),
            ("output", output.map { .string($0) } ?? .null),
        ]).serialized().trimmingCharacters(in: .newlines)
    }
}
