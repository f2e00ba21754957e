import Backprop
import BackpropPlots
import FinHeatTransfer
import FinInverse
import Foundation

/// Formats a `FinInverseExperiment` as the terminal summary or as JSON.
enum FinReport {
    /// `%.*f` with the given digits.
    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
    /// Three significant digits in scientific notation.
    static func sci(_ value: Double) -> String { String(format: "%.2e", value) }
    /// `+1.23 %`.
    static func percent(_ value: Double) -> String {
        String(format: "%+.2f %%", abs(value) < 5e-5 ? 0 : 100 * value)      // no "-0.00 %"
    }
    /// A stated parameter, compactly: 200, 0.005, 25, 1e+06.
    static func g(_ value: Double) -> String { String(format: "%.6g", value) }

    /// An estimate: four significant digits, trailing zeros kept (25.05, 0.3284, 1234).
    static func est(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return "\(value)" }
        let digits = Swift.max(0, 3 - Int(Foundation.log10(abs(value)).rounded(.down)))
        return digits > 8 ? String(format: "%.3e", value) : String(format: "%.\(digits)f", value)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }

    // MARK: - Text

    static func text(_ e: FinInverseExperiment) -> String {
        var lines: [String] = []
        let c = e.configuration, fin = c.fin, geometry = fin.geometry
        let thetaB = fin.baseExcessTemperature, h = e.truth, range = c.heatTransferRange
        let diameter = (4 * geometry.crossSectionArea / Double.pi).squareRoot()
        lines.append("backprop fin — estimating a fin's heat-transfer coefficient h with backpropagation")
        lines.append("")
        lines.append("Fin (pin, \(FinSurrogate.tipName(c.tip)) tip): k = \(g(fin.conductivity)) W/(m·K), D = \(g(diameter * 1000)) mm, L = \(g(geometry.length * 1000)) mm,")
        lines.append("  T_b = \(g(fin.baseTemperature)) °C, T∞ = \(g(fin.ambientTemperature)) °C (θ_b = \(g(thetaB)) K); true h = \(g(h)) W/(m²·K),")
        lines.append("  so m = √(hP/(kA_c)) = \(est(fin.m)) 1/m and mL = \(est(fin.finParameter)).")
        let fraction = c.noiseStandardDeviation / abs(thetaB)
        lines.append("Readings: 9 thermocouples at x = L/10 … 9L/10, noise σ = \(fixed(c.noiseStandardDeviation, 3)) K (\(fixed(100 * fraction, 2)) % of θ_b), seed \(c.seed).")
        lines.append("  x [mm]  " + e.readings.positions.map { padLeft(fixed($0 * 1000, 1), 8) }.joined())
        lines.append("  T [°C]  " + e.readings.measured.map { padLeft(fixed($0, 2), 8) }.joined())
        lines.append("The networks learn h over \(g(range.lowerBound)) … \(g(range.upperBound)) W/(m²·K) (0.4 h … 4 h); every estimate starts at \(g((range.lowerBound + range.upperBound) / 2)).")
        lines.append("")

        lines.append("Estimates of h [W/(m²·K)] from the same 9 readings (true \(g(h))):")
        lines.append(pad("  route", 52) + padLeft("ĥ", 9) + padLeft("error", 10) + padLeft("± SE", 9) + "   95 % interval       covers")
        func row(_ name: String, _ estimate: Double, _ se: Double, _ interval: ClosedRange<Double>) {
            lines.append(pad("  " + name, 52) + padLeft(est(estimate), 9) + padLeft(percent((estimate - h) / h), 10)
                         + padLeft(est(se), 9) + "   " + pad("[\(est(interval.lowerBound)), \(est(interval.upperBound))]", 20)
                         + (interval.contains(h) ? "yes" : "no"))
        }
        let gd = e.gradientDescent, gn = e.gaussNewton
        row("3 surrogate + backprop to h, gradient descent", gd.heatTransferCoefficient, gd.standardError, gd.confidenceInterval)
        row("3 surrogate + backprop to h, Gauss–Newton", gn.heatTransferCoefficient, gn.standardError, gn.confidenceInterval)
        row("  (Gauss–Newton, bootstrap B = \(e.bootstrap.resamples))", gn.heatTransferCoefficient, e.bootstrap.standardError, e.bootstrap.interval)
        row("2 direct inverse network (SE = test RMS)", e.directEstimate, e.directInverse.testError.rms, e.directInterval)
        if let p = e.pinn {
            row("4 PINN: φ̂(x) and h trained on readings + ODE", p.heatTransferCoefficient, p.standardError, p.interval)
        } else if let why = e.pinnFailure {
            lines.append(pad("  4 PINN: φ̂(x) and h trained on readings + ODE", 52) + " no estimate: " + why)
        }
        let lm = e.levenbergMarquardt
        row("baseline: Levenberg–Marquardt on the analytic fin", lm.parameters[0], lm.standardErrors[0], lm.confidenceInterval(for: 0))
        lines.append("  Gradient descent: \(gd.iterations) updates\(gd.converged ? "" : " (not converged)"); Gauss–Newton: \(gn.iterations) updates\(gn.converged ? "" : " (not converged)"); LM: \(lm.iterations) iterations.")
        if let p = e.pinn {
            lines.append("  PINN: \(p.training.updates) steps (Adam, then L-BFGS), largest ODE residual \(sci(p.training.final.residuals.map(abs).max() ?? 0)) at \(p.training.collocation.count) collocation points;")
            lines.append("  its SE from the curvature of the readings' χ² in ln h, φ̂ re-trained at ln ĥ ± \(g(p.profile.step)).")
        }
        lines.append("  ∂J/∂h is the h-column of the engine's input gradient ∂J/∂x summed over the 9 sensors; ∂T̂/∂h from one")
        lines.append("  backward pass with e_L = 1. SE from σ̂²(JᵀJ)⁻¹ counts the readings' scatter only, not the surrogate's error.")
        let sweep = e.noiseSweep
        lines.append("  Against noise (same draws z_i scaled to each σ):")
        lines.append("    σ/θ_b [%]        " + sweep.map { padLeft(fixed(100 * $0.noiseFraction, 2), 9) }.joined())
        lines.append("    ĥ Gauss–Newton   " + sweep.map { padLeft(est($0.gaussNewton.heatTransferCoefficient), 9) }.joined())
        lines.append("     ± 1.96 SE       " + sweep.map { padLeft(est(1.96 * $0.gaussNewton.standardError), 9) }.joined())
        lines.append("    ĥ LM             " + sweep.map { padLeft(est($0.levenbergMarquardt.parameters[0]), 9) }.joined())
        lines.append("     ± 1.96 SE       " + sweep.map { padLeft(est(1.96 * $0.levenbergMarquardt.standardErrors[0]), 9) }.joined())
        if gd.atRangeBoundary || gn.atRangeBoundary {
            lines.append("  Note: an estimate sits on the edge of the learned h range; the data want an h the surrogate never saw.")
        }
        lines.append("")

        let s = e.surrogate, network = s.surrogate.model.network
        lines.append("Route 1 — surrogate T̂(x, h): \(network.widths.map(String.init).joined(separator: " → ")) \(network.layers[0].activation), \(network.parameterCount) weights and biases,")
        lines.append("  trained on \(s.trainingSet.rows) grid points by Adam (batch \(c.surrogate.batchSize), α \(g(c.surrogate.learningRate)) → \(g(c.surrogate.finalLearningRate))) for \(s.history.records.count) epochs in \(fixed(s.trainingSeconds, 2)) s.")
        lines.append("  Test error against the analytic profile on \(s.testError.count) held-out points: RMS \(fixed(s.testError.rms, 4)) K, max \(fixed(s.testError.maximum, 4)) K.")
        let finalCost = s.history.records.last?.trainingCost ?? .nan
        lines.append("  It learns φ = θ/θ_b (T̂ = T∞ + θ_b φ̂). Training J = (1/N) Σ ½(φ̂ − φ)² in scaled units against epoch (log–log);")
        lines.append("  last J = \(sci(finalCost)), i.e. RMS |θ_b| σ_φ √(2J) = \(fixed(abs(thetaB) * s.surrogate.model.outputScaler.scale[0] * (2 * finalCost).squareRoot(), 4)) K on the training grid:")
        lines.append(contentsOf: costPlot(s.history).map { "    " + $0 })
        let check = e.gradientCheck
        lines.append("  Gradient check on \(c.gradientCheckSamples) training samples: max relative error \(sci(check.maxRelativeError)) over \(check.parameterCount) weights and ∂J/∂x")
        lines.append("  (\(check.scheme.rawValue) differences: \(check.finiteDifferenceForwardPasses) forward passes against backprop's 1 forward + 1 backward).")
        lines.append("")

        lines.append("Route 2 — direct inverse network, 9 temperatures → h (\(e.directInverse.network.model.network.widths.map(String.init).joined(separator: " → ")) tanh, learns ln h, \(c.directInverse.updates) Adam updates):")
        let study = e.directStudy
        lines.append("  Test error of ĥ on 200 held-out samples against training samples (noise \(fixed(100 * study.samplesNoiseFraction, 2)) % of θ_b):")
        lines.append("    samples   RMS [W/(m²·K)]   max [W/(m²·K)]   relative RMS")
        for r in study.bySamples {
            lines.append("    " + padLeft("\(r.trainingSamples)", 7) + padLeft(fixed(r.testError.rms, 3), 17) + padLeft(fixed(r.testError.maximum, 3), 17) + padLeft(fixed(100 * r.testError.relativeRMS, 2) + " %", 15))
        }
        lines.append("  … and against noise (\(study.noiseSamples) samples):")
        lines.append("    σ/θ_b     RMS [W/(m²·K)]   max [W/(m²·K)]   relative RMS")
        for r in study.byNoise {
            lines.append("    " + padLeft(fixed(100 * r.noiseFraction, 1) + " %", 7) + padLeft(fixed(r.testError.rms, 3), 17) + padLeft(fixed(r.testError.maximum, 3), 17) + padLeft(fixed(100 * r.testError.relativeRMS, 2) + " %", 15))
        }
        if let nonlinear = e.nonlinear, let setting = c.nonlinearFin {
            lines.append("  Nonlinear fin (N = \(est(fin.finParameter)), ε_c = \(g(setting.conductivityCoefficient)), ε_G = \(g(setting.generationCoefficient)), noise \(fixed(100 * setting.noiseFraction, 1)) % of θ_b): Ĝ = \(fixed(nonlinear.estimate, 4)) for G = \(g(nonlinear.truth))")
            lines.append("    (error \(fixed(nonlinear.estimate - nonlinear.truth, 4)); test RMS \(fixed(nonlinear.training.testError.rms, 4)) on G ∈ \(g(setting.heatGenerationRange.lowerBound)) … \(g(setting.heatGenerationRange.upperBound)), \(nonlinear.training.trainingSamples) samples solved by Newton).")
        }
        lines.append("")

        let slab = e.slab, normal = slab.normalEquations
        lines.append("Slab — one linear neuron ŷ = w x_s + b (Network 1 → 1 identity), full-batch gradient descent, \(slab.epochs) epochs:")
        lines.append("  x_s = (x − \(fixed(slab.positionMean, 3)) m) / \(fixed(slab.positionScale, 5)) m; w = \(fixed(slab.weight, 6)), b = \(fixed(slab.bias, 6)) K")
        lines.append("  s = w/σ_x = \(fixed(slab.slope, 6)) K/m (normal equations \(fixed(normal.slope, 6)); |difference| \(sci(slab.slopeDifference)))")
        lines.append("  T₀ = b − w μ_x/σ_x = \(fixed(slab.intercept, 4)) °C, q = −k s = \(fixed(slab.heatFlux / 1000, 4)) kW/m²")
        lines.append("")

        lines.append("Timings:")
        for (stage, seconds) in e.timings {
            lines.append("  " + pad(stage, 62) + padLeft(fixed(seconds, 3), 8) + " s")
        }
        lines.append("  " + pad("total", 62) + padLeft(fixed(e.timings.reduce(0) { $0 + $1.seconds }, 3), 8) + " s")
        return lines.joined(separator: "\n")
    }

    /// Training J against epoch as a terminal plot, both axes log₁₀ (J falls over decades,
    /// most of it in the first epochs), with the RMS error in kelvin that J means at the end.
    static func costPlot(_ history: TrainingHistory) -> [String] {
        let costs = history.records.map(\.trainingCost)
        guard !costs.isEmpty else { return ["(no epochs)"] }
        let plot = TerminalPlot(series: [Series(name: "training J (scaled units)", y: costs)],
                                width: 60, height: 10, xScale: .log10, yScale: .log10)
        return plot.render().components(separatedBy: "\n")
    }

    // MARK: - JSON

    static func json(_ e: FinInverseExperiment) -> String {
        let c = e.configuration, fin = c.fin
        func estimate(_ s: SurrogateEstimate) -> [String: Any] {
            [
                "h": s.heatTransferCoefficient, "standard_error": s.standardError,
                "interval95": [s.confidenceInterval.lowerBound, s.confidenceInterval.upperBound],
                "covers_truth": s.covers(e.truth), "iterations": s.iterations, "converged": s.converged,
                "J": s.cost, "residuals": s.residuals, "at_range_boundary": s.atRangeBoundary,
            ]
        }
        func error(_ p: PredictionError) -> [String: Any] {
            ["rms": p.rms, "max": p.maximum, "relative_rms": p.relativeRMS, "count": p.count]
        }
        func rows(_ rows: [DirectInverseStudyRow]) -> [[String: Any]] {
            rows.map { ["samples": $0.trainingSamples, "noise_K": $0.noiseStandardDeviation,
                        "noise_fraction": $0.noiseFraction, "test_error": error($0.testError), "seconds": $0.seconds] }
        }
        let lm = e.levenbergMarquardt
        var object: [String: Any] = [
            "fin": [
                "k": fin.conductivity, "h": fin.heatTransferCoefficient,
                "diameter": (4 * fin.geometry.crossSectionArea / Double.pi).squareRoot(),
                "length": fin.geometry.length, "base_temperature": fin.baseTemperature,
                "ambient_temperature": fin.ambientTemperature, "m": fin.m, "mL": fin.finParameter, "tip": FinSurrogate.tipName(c.tip),
            ],
            "readings": [
                "x": e.readings.positions, "T_exact": e.readings.exact, "T_measured": e.readings.measured,
                "noise_K": c.noiseStandardDeviation, "seed": c.seed,
            ],
            "h_range": [c.heatTransferRange.lowerBound, c.heatTransferRange.upperBound],
            "surrogate": [
                "widths": e.surrogate.surrogate.model.network.widths,
                "parameters": e.surrogate.surrogate.model.network.parameterCount,
                "training_points": e.surrogate.trainingSet.rows, "epochs": e.surrogate.history.records.count,
                "seconds": e.surrogate.trainingSeconds, "test_error_K": error(e.surrogate.testError),
                "J": e.surrogate.history.records.map(\.trainingCost),
            ],
            "gradient_check": [
                "max_relative_error": e.gradientCheck.maxRelativeError, "scheme": e.gradientCheck.scheme.rawValue,
                "samples": c.gradientCheckSamples,
            ],
            "gradient_descent": estimate(e.gradientDescent),
            "gauss_newton": estimate(e.gaussNewton),
            "bootstrap": [
                "resamples": e.bootstrap.resamples, "standard_error": e.bootstrap.standardError,
                "interval95": [e.bootstrap.interval.lowerBound, e.bootstrap.interval.upperBound],
                "covers_truth": e.bootstrap.covers(e.truth),
            ],
            "direct_inverse": [
                "h": e.directEstimate, "test_error": error(e.directInverse.testError),
                "interval95": [e.directInterval.lowerBound, e.directInterval.upperBound],
                "covers_truth": e.directInterval.contains(e.truth),
                "by_samples": rows(e.directStudy.bySamples), "by_noise": rows(e.directStudy.byNoise),
            ],
            "levenberg_marquardt": [
                "h": lm.parameters[0], "standard_error": lm.standardErrors[0],
                "interval95": [lm.confidenceInterval(for: 0).lowerBound, lm.confidenceInterval(for: 0).upperBound],
                "covers_truth": lm.confidenceInterval(for: 0).contains(e.truth), "iterations": lm.iterations,
            ],
            "pinn": e.pinn.map { p -> [String: Any] in
                ["h": p.heatTransferCoefficient, "standard_error": p.standardError,
                 "interval95": [p.interval.lowerBound, p.interval.upperBound],
                 "covers_truth": p.interval.contains(e.truth), "steps": p.training.updates,
                 "ode_residual": p.training.final.residuals, "seconds": p.seconds]
            } as Any? ?? (e.pinnFailure.map { ["failure": $0] as [String: Any] } as Any? ?? NSNull()),
            "slab": [
                "slope": e.slab.slope, "normal_equations_slope": e.slab.normalEquations.slope,
                "intercept": e.slab.intercept, "heat_flux": e.slab.heatFlux, "epochs": e.slab.epochs,
                "weight": e.slab.weight, "bias": e.slab.bias,
                "position_mean": e.slab.positionMean, "position_scale": e.slab.positionScale,
            ],
            "timings": e.timings.map { ["stage": $0.stage, "seconds": $0.seconds] },
        ]
        if let nonlinear = e.nonlinear {
            object["nonlinear_fin"] = [
                "G": nonlinear.truth, "G_estimate": nonlinear.estimate, "test_error": error(nonlinear.training.testError),
            ]
        }
        object["truth_h"] = e.truth
        object["noise_sweep"] = e.noiseSweep.map {
            [
                "noise_fraction": $0.noiseFraction, "noise_K": $0.noiseStandardDeviation,
                "gauss_newton": estimate($0.gaussNewton),
                "levenberg_marquardt": ["h": $0.levenbergMarquardt.parameters[0],
                                        "standard_error": $0.levenbergMarquardt.standardErrors[0]],
            ] as [String: Any]
        }
        return JSONValue(report: object).serialized().trimmingCharacters(in: .newlines)
    }
}
