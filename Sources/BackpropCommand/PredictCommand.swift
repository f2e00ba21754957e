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
        let csv = table(result)
        if let output {
            do {
                try CSVTable.write(columnNames: csv.names, rows: csv.rows, to: output,
                                   comments: ["predictions of \(model) for \(data)"])
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
        lines.append(csvText(csv))
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

    /// The output table: inputs, predictions, and targets and residuals when known.
    func table(_ r: Result) -> (names: [String], rows: Matrix<Double>) {
        var names = r.model.inputNames
        for name in r.model.outputNames {
            names.append(name + "_predicted")
            if r.y != nil { names += [name, name + "_residual"] }
        }
        var elements: [Double] = []
        elements.reserveCapacity(r.x.rows * names.count)
        for row in 0..<r.x.rows {
            elements += r.x.row(row)
            for j in 0..<r.yHat.columns {
                elements.append(r.yHat[row, j])
                if let y = r.y { elements += [y[row, j], r.yHat[row, j] - y[row, j]] }
            }
        }
        return (names, try! Matrix(rows: r.x.rows, columns: names.count, elements: elements))
    }

    func metricsText(_ metrics: [OutputMetrics]) -> String {
        let rows = metrics.map { [$0.name, Format.scientific($0.cost), Format.short($0.rootMeanSquareError), Format.short($0.rSquared)] }
        return Format.table(["output", "J (raw units)", "RMSE", "R²"], rows)
    }

    func csvText(_ table: (names: [String], rows: Matrix<Double>)) -> String {
        var lines = [table.names.joined(separator: ",")]
        for r in 0..<table.rows.rows { lines.append(table.rows.row(r).map { "\($0)" }.joined(separator: ",")) }
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
