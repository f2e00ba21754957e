import Backprop
import BackpropPlots
import Foundation

/// The HTML page `train --report` writes: the run's settings and result, J against epoch,
/// prediction against target and residuals for every output, and a gradient check of the
/// trained network.
struct TrainingReport {
    let summary: TrainingSummary

    /// Rows used for the gradient check (finite differences cost 4 forward passes per weight).
    static let gradientCheckRows = 8
    /// Networks larger than this skip the gradient check (it would take minutes).
    static let gradientCheckMaximumParameters = 50_000

    var html: HTMLReport {
        let setup = summary.setup, outcome = summary.outcome
        var report = HTMLReport(
            title: "Training report: " + setup.template.outputNames.joined(separator: ", ") + " from "
                + setup.template.inputNames.joined(separator: ", "),
            subtitle: "backprop " + CommandLine.arguments.dropFirst().joined(separator: " "))

        var run = HTMLReport.Section(heading: "Run")
        run.keyValueTable(setup.settings, caption: "Settings")
        var result: [(String, String)] = [
            ("stopped", summary.stopDescription),
            ("epochs", "\(outcome.state.epochsCompleted) (\(outcome.epochsRun) in this run, \(Format.duration(outcome.seconds)))"),
            ("saved weights", "epoch \(outcome.savedEpoch)"),
            ("training J (scaled)", Format.scientific(summary.trainingCost)),
        ]
        if let v = summary.validationCost { result.append(("validation J (scaled)", Format.scientific(v))) }
        run.keyValueTable(result, caption: "Result")
        var rows: [[String]] = []
        for (j, m) in summary.trainingMetrics.enumerated() {
            rows.append([m.name, "training", Format.scientific(m.cost), Format.short(m.rootMeanSquareError), Format.short(m.rSquared)])
            if let v = summary.validationMetrics?[j] {
                rows.append([v.name, "validation", Format.scientific(v.cost), Format.short(v.rootMeanSquareError), Format.short(v.rSquared)])
            }
        }
        run.table(headers: ["output", "rows", "J = (1/N) Σ ½ e²", "RMSE", "R²"], rows: rows,
                  caption: "Fit of the saved weights in raw units")
        report.add(run)

        var cost = HTMLReport.Section(heading: "Cost J against epoch")
        cost.figure(svg: summary.costChart.svg(),
                    caption: "J = (1/N) Σ ½‖ŷ − y‖² in scaled units after every epoch, on a log scale"
                        + (summary.validationCost == nil ? "." : "; dashed: the validation rows."))
        report.add(cost)

        report.add(predictions)
        report.add(gradientCheck)
        return report
    }

    /// Prediction against target and residual against target, per output, in raw units.
    var predictions: HTMLReport.Section {
        let setup = summary.setup
        var section = HTMLReport.Section(heading: "Predictions")
        let training = summary.trainingPredictions, validation = summary.validationPredictions
        for (j, name) in setup.template.outputNames.enumerated() {
            func column(_ m: Matrix<Double>) -> [Double] { (0..<m.rows).map { m[$0, j] } }
            let target = column(setup.rawTrainingTargets), predicted = column(training)
            var scatter = Chart.scatter(title: "\(name): prediction against target", xLabel: "target \(name)",
                                        yLabel: "prediction ŷ", name: "training rows", target: target, prediction: predicted)
            var residuals = Chart.residuals(title: "\(name): residual against target", xLabel: "target \(name)",
                                            name: "training rows", x: target,
                                            residual: zip(predicted, target).map { $0 - $1 })
            if let validation, let rawTargets = setup.rawValidationTargets {
                let vt = column(rawTargets), vp = column(validation)
                scatter.series.append(Series(name: "validation rows", x: vt, y: vp, style: .markers))
                residuals.series.append(Series(name: "validation rows", x: vt, y: zip(vp, vt).map { $0 - $1 }, style: .markers))
            }
            section.figure(svg: scatter.svg(), caption: "Predicted against target \(name) in raw units; perfect predictions lie on y = x.")
            section.figure(svg: residuals.svg(), caption: "Residual e = ŷ − y of \(name) in raw units; structure here is what the network missed.")
        }
        return section
    }

    /// Backprop against Richardson-extrapolated central differences on a few training rows.
    var gradientCheck: HTMLReport.Section {
        let network = summary.outcome.network, data = summary.setup.training
        var section = HTMLReport.Section(heading: "Gradient check")
        guard network.parameterCount <= Self.gradientCheckMaximumParameters else {
            section.paragraph("Skipped: \(network.parameterCount) parameters would need \(4 * network.parameterCount) forward passes; run backprop gradcheck --model to check.")
            return section
        }
        let rows = Array(0..<min(Self.gradientCheckRows, data.count))
        let sample = data.subset(rows)
        guard let check = try? network.gradientCheck(x: sample.x, y: sample.y, scheme: .richardson) else { return section }
        section.paragraph("The trained network's gradient on the first \(rows.count) training rows (scaled units), by backprop and by finite differences (\(check.scheme.rawValue)). The error of a component is |g − f| / max(|g|, |f|, 10⁻³ max|g|).")
        section.table(
            headers: ["block", "max relative error", "worst at (row, column), from 1", "backprop", "finite difference"],
            rows: check.blocks.map { b in
                [b.name, Format.scientific(b.maxRelativeError), "(\(b.worst.row + 1), \(b.worst.column + 1))",
                 Format.scientific(b.backprop), Format.scientific(b.finiteDifference)]
            })
        section.keyValueTable([
            ("backprop", "\(check.backpropForwardPasses) forward + \(check.backpropBackwardPasses) backward pass, \(Format.duration(check.backpropSeconds))"),
            ("finite differences", "\(check.finiteDifferenceForwardPasses) forward passes, \(Format.duration(check.finiteDifferenceSeconds))"),
            ("worst relative error", Format.scientific(check.maxRelativeError)),
        ], caption: "Cost of each method")
        return section
    }
}
