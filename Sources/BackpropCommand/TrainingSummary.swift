import AtomicFiles
import Backprop
import BackpropPlots
import Foundation

/// What `train` reports at the end: the stop reason, J of the saved weights, how well they fit
/// in raw units, and J against epoch — as text, as JSON, and in the files asked for.
struct TrainingSummary {
    let setup: TrainingSetup
    let outcome: TrainingOutcome
    /// J of the saved weights in scaled units, `(1/N) Σ ½‖ŷ − y‖²`.
    let trainingCost: Double, validationCost: Double?
    /// Per-output fit of the saved model in raw units.
    let trainingMetrics: [OutputMetrics], validationMetrics: [OutputMetrics]?
    /// The saved model's predictions ŷ for the training and validation rows, in raw units.
    let trainingPredictions: Matrix<Double>, validationPredictions: Matrix<Double>?

    init(setup: TrainingSetup, outcome: TrainingOutcome) throws {
        self.setup = setup
        self.outcome = outcome
        let network = outcome.network, outputScaler = setup.template.outputScaler, names = setup.template.outputNames
        // One forward pass per row serves J (scaled units) and the metrics (raw units): the model
        // predicts outputScaler.inverse(network.predict(inputScaler.transform(x))), and the
        // scaled rows are inputScaler.transform(x), bit for bit.
        func evaluate(_ data: Dataset<Double>, rawTargets: Matrix<Double>) throws -> (Double, [OutputMetrics], Matrix<Double>) {
            let scaled = try network.predict(data.x)
            let scaledCost = cost(yHat: scaled, y: data.y)
            var raw = consume scaled
            outputScaler.inverse(inPlace: &raw)
            return (scaledCost, OutputMetrics.compute(yHat: raw, y: rawTargets, names: names), raw)
        }
        (trainingCost, trainingMetrics, trainingPredictions) = try evaluate(setup.training, rawTargets: setup.rawTrainingTargets)
        if let validation = setup.validation, let rawTargets = setup.rawValidationTargets {
            let (cost, metrics, predictions) = try evaluate(validation, rawTargets: rawTargets)
            (validationCost, validationMetrics, validationPredictions) = (cost, metrics, predictions)
        } else {
            (validationCost, validationMetrics, validationPredictions) = (nil, nil, nil)
        }
    }

    var records: [EpochRecord] { outcome.state.history.records }

    /// The stop reason in words.
    var stopDescription: String {
        guard let reason = outcome.reason else {
            return "diverged (J or a gradient became NaN or infinite); rolled back to epoch \(outcome.savedEpoch)"
        }
        return reason.description
    }

    /// The J-against-epoch series: training, and validation when there is one.
    var costSeries: [Series] {
        let epochs = records.map { Double($0.epoch) }
        var series = [Series(name: "training J", x: epochs, y: records.map(\.trainingCost))]
        if records.contains(where: { $0.validationCost != nil }) {
            series.append(Series(name: "validation J", x: epochs, y: records.map { $0.validationCost ?? .nan }, dashed: true))
        }
        return series
    }

    /// J against epoch as an SVG chart, log y, with the epoch of the saved weights marked when
    /// it is not the last (early stopping).
    var costChart: Chart {
        var chart = Chart(title: "Cost J against epoch", xLabel: "epoch", yLabel: "J = (1/N) Σ ½‖ŷ − y‖² (scaled units)",
                          series: costSeries, yScale: .log10)
        if outcome.savedEpoch > 0, outcome.savedEpoch != records.last?.epoch {
            chart.referenceLines.append(.vertical(x: Double(outcome.savedEpoch), label: "saved weights (epoch \(outcome.savedEpoch))"))
        }
        return chart
    }

    /// Writes the history CSV, the SVG plot and the HTML report, each when asked for.
    func writeFiles(history: String?, plot: String?, report: String?) throws {
        do {
            if let history { try AtomicFile.write(Array(outcome.state.history.csv.utf8), to: history) }
        } catch {
            throw CommandFailure("cannot write the history: \(error)")
        }
        if let plot { try write("the plot", to: plot) { try costChart.write(to: URL(fileURLWithPath: plot)) } }
        if let report {
            try write("the report", to: report) {
                try TrainingReport(summary: self).html.write(to: URL(fileURLWithPath: report))
            }
        }
    }

    private func write(_ what: String, to path: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            throw CommandFailure("cannot write \(what) to \(path): \(error)")
        }
    }

    /// The summary for people.
    func text(files: (history: String?, plot: String?, report: String?), color: Bool) -> String {
        var lines: [String] = []
        let rate = outcome.seconds > 0 ? Double(outcome.epochsRun) / outcome.seconds : 0
        lines.append("stopped after epoch \(outcome.state.epochsCompleted) (\(outcome.epochsRun) epochs in \(Format.duration(outcome.seconds)), \(Format.rate(rate)) epochs/s): \(stopDescription)")
        var cost = "J of the saved weights (epoch \(outcome.savedEpoch), scaled units): training \(Format.scientific(trainingCost))"
        if let validationCost { cost += ", validation \(Format.scientific(validationCost))" }
        lines.append(cost)
        if let validation = records.compactMap({ r in r.validationCost.map { (r.epoch, $0) } }).min(by: { $0.1 < $1.1 }),
           validation.0 != outcome.savedEpoch {
            lines.append("lowest validation J \(Format.scientific(validation.1)) at epoch \(validation.0); --early-stopping P keeps those weights")
        }
        for (j, m) in trainingMetrics.enumerated() {
            var line = "\(m.name) (raw units): training RMSE \(Format.short(m.rootMeanSquareError)), R² \(Format.short(m.rSquared))"
            if let v = validationMetrics?[j] { line += "; validation RMSE \(Format.short(v.rootMeanSquareError)), R² \(Format.short(v.rSquared))" }
            lines.append(line)
        }
        lines.append("saved the model to \(setup.modelPath)" + (outcome.checkpoints > 0 ? " (and \(outcome.checkpoints) checkpoints while training)" : ""))
        let written = [("history", files.history), ("plot", files.plot), ("report", files.report)].compactMap { name, path in path.map { "\(name) \($0)" } }
        if !written.isEmpty { lines.append("wrote " + written.joined(separator: ", ")) }
        if records.count >= 2 {
            lines.append("")
            lines.append(TerminalPlot(series: costSeries, title: "J against epoch (log scale)", width: 60, height: 12,
                                      yScale: .log10, glyphs: .braille, useColor: color).render())
        }
        return lines.joined(separator: "\n")
    }

    /// The summary for scripts.
    func json(files: (history: String?, plot: String?, report: String?)) -> String {
        func metrics(_ m: [OutputMetrics]?) -> JSONValue { m.map { .array($0.map(\.jsonValue)) } ?? .null }
        let value: JSONValue = .object([
            ("model", .string(setup.modelPath)),
            ("stopReason", .string(outcome.reason?.name ?? "diverged")),
            ("stopDescription", .string(stopDescription)),
            ("epochsCompleted", .number(Double(outcome.state.epochsCompleted))),
            ("epochsRun", .number(Double(outcome.epochsRun))),
            ("savedEpoch", .number(Double(outcome.savedEpoch))),
            ("seconds", .number(outcome.seconds)),
            ("parameters", .number(Double(outcome.network.parameterCount))),
            ("trainingJ", .number(trainingCost)),
            ("validationJ", .optional(validationCost)),
            ("trainingMetrics", metrics(trainingMetrics)),
            ("validationMetrics", metrics(validationMetrics)),
            ("files", .object([("history", files.history.map { .string($0) } ?? .null),
                               ("plot", files.plot.map { .string($0) } ?? .null),
                               ("report", files.report.map { .string($0) } ?? .null)])),
            ("history", .array(records.map { r in
                .object([("epoch", .number(Double(r.epoch))), ("trainingJ", .number(r.trainingCost)),
                         ("validationJ", .optional(r.validationCost)), ("learningRate", .number(r.learningRate))])
            })),
        ])
        return value.serialized().trimmingCharacters(in: .newlines)
    }
}
