import Backprop
import BackpropPlots
import FinHeatTransfer
import FinInverse
import Foundation

/// `backprop fin --report FILE.html`: one self-contained page with the fin, the estimates, and
/// the plots — profiles and measurements, J against epoch, estimate against noise, and the
/// direct inverse network's error against samples and noise.
enum FinHTMLReport {
    typealias R = FinReport

    static func report(_ e: FinInverseExperiment, command: String) -> HTMLReport {
        var report = HTMLReport(title: "Fin: estimating h with backpropagation", subtitle: command)
        report.add(finSection(e))
        report.add(estimatesSection(e))
        report.add(surrogateSection(e))
        report.add(directSection(e))
        if let p = e.pinn { report.add(pinnSection(p, length: e.configuration.fin.geometry.length)) }
        report.add(slabSection(e))
        var timings = HTMLReport.Section(heading: "Timings")
        timings.table(headers: ["stage", "seconds"], rows: e.timings.map { [$0.stage, R.fixed($0.seconds, 3)] })
        report.add(timings)
        return report
    }

    static func finSection(_ e: FinInverseExperiment) -> HTMLReport.Section {
        let c = e.configuration, fin = c.fin
        var section = HTMLReport.Section(heading: "The fin and its thermocouples")
        section.keyValueTable([
            ("conductivity k", "\(R.g(fin.conductivity)) W/(m·K)"),
            ("true heat-transfer coefficient h", "\(R.g(e.truth)) W/(m²·K)"),
            ("pin diameter D", "\(R.g((4 * fin.geometry.crossSectionArea / Double.pi).squareRoot() * 1000)) mm"),
            ("length L", "\(R.g(fin.geometry.length * 1000)) mm"),
            ("base temperature T_b", "\(R.g(fin.baseTemperature)) °C"),
            ("ambient temperature T∞", "\(R.g(fin.ambientTemperature)) °C"),
            ("m = √(hP/(kA_c)), mL", "\(R.est(fin.m)) 1/m, \(R.est(fin.finParameter))"),
            ("tip", FinSurrogate.tipName(c.tip)),
            ("noise σ", "\(R.fixed(c.noiseStandardDeviation, 3)) K"),
            ("seed", "\(c.seed)"),
        ], caption: "Parameters")
        let length = fin.geometry.length
        let xs = (0...100).map { length * Double($0) / 100 }
        var series: [Series] = []
        if let model = try? AnalyticFin(properties: fin, tip: c.tip) {
            series.append(Series(name: "analytic T(x), true h", x: xs.map { $0 * 1000 }, y: xs.map(model.temperature(at:))))
        }
        if let surrogate = try? e.surrogate.surrogate.temperatures(at: xs, heatTransferCoefficient: e.gaussNewton.heatTransferCoefficient) {
            series.append(Series(name: "surrogate T̂(x, ĥ) (Gauss–Newton ĥ)", x: xs.map { $0 * 1000 }, y: surrogate, dashed: true))
        }
        series.append(Series(name: "measured ± σ", x: e.readings.positions.map { $0 * 1000 }, y: e.readings.measured,
                             yError: e.readings.measured.map { _ in c.noiseStandardDeviation }, style: .markers))
        section.figure(svg: Chart(title: "Temperature along the fin", xLabel: "x (mm)", yLabel: "T (°C)", series: series).svg(),
                       caption: "The analytic profile at the true h, the surrogate at route 3's estimate, and the 9 readings.")
        return section
    }

    static func estimatesSection(_ e: FinInverseExperiment) -> HTMLReport.Section {
        var section = HTMLReport.Section(heading: "Estimates of h")
        let h = e.truth
        func row(_ name: String, _ estimate: Double, _ se: Double, _ interval: ClosedRange<Double>) -> [String] {
            [name, R.est(estimate), R.percent((estimate - h) / h), R.est(se),
             "[\(R.est(interval.lowerBound)), \(R.est(interval.upperBound))]", interval.contains(h) ? "yes" : "no"]
        }
        let gd = e.gradientDescent, gn = e.gaussNewton, lm = e.levenbergMarquardt
        section.table(headers: ["route", "ĥ (W/(m²·K))", "error", "± SE", "95 % interval", "covers h"], rows: [
            row("3: surrogate, gradient descent on h", gd.heatTransferCoefficient, gd.standardError, gd.confidenceInterval),
            row("3: surrogate, Gauss–Newton on h", gn.heatTransferCoefficient, gn.standardError, gn.confidenceInterval),
            row("3: Gauss–Newton, bootstrap B = \(e.bootstrap.resamples)", gn.heatTransferCoefficient, e.bootstrap.standardError, e.bootstrap.interval),
            row("2: direct inverse network (SE = test RMS)", e.directEstimate, e.directInverse.testError.rms, e.directInterval),
        ] + (e.pinn.map { p in
            [row("4: PINN, φ̂(x) and h on readings + ODE", p.heatTransferCoefficient, p.standardError, p.interval)]
        } ?? []) + [
            row("baseline: Levenberg–Marquardt, analytic fin", lm.parameters[0], lm.standardErrors[0], lm.confidenceInterval(for: 0)),
        ], caption: "From the same 9 readings; true h = \(R.g(h)) W/(m²·K)")
        let sweep = e.noiseSweep
        let percents = sweep.map { 100 * $0.noiseFraction }
        var chart = Chart(
            title: "Estimate against noise", xLabel: "noise σ / θ_b (%)", yLabel: "ĥ (W/(m²·K))",
            series: [
                Series(name: "Gauss–Newton through the surrogate ± 1.96 SE", x: percents,
                       y: sweep.map(\.gaussNewton.heatTransferCoefficient),
                       yError: sweep.map { 1.96 * $0.gaussNewton.standardError }, style: .lineAndMarkers),
                Series(name: "Levenberg–Marquardt on the analytic fin ± 1.96 SE", x: percents,
                       y: sweep.map { $0.levenbergMarquardt.parameters[0] },
                       yError: sweep.map { 1.96 * $0.levenbergMarquardt.standardErrors[0] }, style: .lineAndMarkers,
                       dashed: true),
            ],
            referenceLines: [.horizontal(y: h, label: "true h")])
        chart.legend = .below
        section.figure(svg: chart.svg(), caption: "The same draws z_i scaled to each σ, so the estimates move smoothly with σ.")
        return section
    }

    static func surrogateSection(_ e: FinInverseExperiment) -> HTMLReport.Section {
        let s = e.surrogate, network = s.surrogate.model.network
        var section = HTMLReport.Section(heading: "Route 1: the surrogate T̂(x, h)")
        section.keyValueTable([
            ("network", network.layers.map(\.description).joined(separator: " → ")),
            ("weights and biases", "\(network.parameterCount)"),
            ("training points", "\(s.trainingSet.rows) (grid over x and h)"),
            ("epochs", "\(s.history.records.count)"),
            ("training time", "\(R.fixed(s.trainingSeconds, 2)) s"),
            ("test RMS / max error (K)", "\(R.fixed(s.testError.rms, 4)) / \(R.fixed(s.testError.maximum, 4)) on \(s.testError.count) points"),
            ("gradient check", "max relative error \(R.sci(e.gradientCheck.maxRelativeError)) (\(e.gradientCheck.scheme.rawValue))"),
        ])
        let chart = Chart(title: "Training J against epoch", xLabel: "epoch", yLabel: "J (scaled units)",
                          series: [Series(name: "training J", y: s.history.records.map(\.trainingCost))],
                          xScale: .log10, yScale: .log10)
        section.figure(svg: chart.svg(), caption: "Mini-batch Adam, learning rate decaying exponentially.")
        section.preformatted(e.gradientCheck.description)
        return section
    }

    static func pinnSection(_ p: FinPINNEstimate, length: Double) -> HTMLReport.Section {
        var section = HTMLReport.Section(heading: "Route 4: the physics-informed network")
        let t = p.training
        section.paragraph("φ̂(x) \(t.network.widths.map(String.init).joined(separator: " → ")) and s = ln h trained together on the readings, the ODE φ″ − N²φ = 0 at \(t.collocation.count) collocation points and the boundary conditions: \(t.updates) steps (Adam, then L-BFGS) in \(Format.duration(t.seconds)). ĥ = \(R.est(p.heatTransferCoefficient)) ± \(R.est(p.standardError)) W/(m²·K), the SE from the curvature of the readings' χ² in ln h with φ̂ re-trained at ln ĥ ± \(R.g(p.profile.step)).")
        section.figure(svg: odeResidualChart(t, length: length).svg(), caption: "How closely the trained φ̂ obeys the fin's equation.")
        let history = t.history.filter { $0.cost > 0 }
        section.figure(svg: Chart(title: "PINN cost against step", xLabel: "step", yLabel: "C",
                                  series: [Series(name: "C", x: history.map { Double($0.update) }, y: history.map(\.cost), style: .lineAndMarkers)],
                                  yScale: .log10).svg(),
                       caption: "Adam with an exponentially decaying rate, then L-BFGS (the last point).")
        return section
    }

    /// The PINN's ODE residual at its collocation points against x [mm].
    static func odeResidualChart(_ t: FinPINNTraining, length: Double) -> Chart {
        Chart(title: "PINN: ODE residual R = (φ̂″ − N²φ̂)/(1 + N²)", xLabel: "x (mm)", yLabel: "R",
              series: [Series(name: "pinn", x: t.collocation.map { $0 * length * 1000 }, y: t.final.residuals, style: .lineAndMarkers)],
              referenceLines: [.horizontal(y: 0)])
    }

    static func directSection(_ e: FinInverseExperiment) -> HTMLReport.Section {
        let study = e.directStudy
        var section = HTMLReport.Section(heading: "Route 2: the direct inverse network")
        func rows(_ rows: [DirectInverseStudyRow]) -> [[String]] {
            rows.map { ["\($0.trainingSamples)", R.fixed(100 * $0.noiseFraction, 2), R.fixed($0.testError.rms, 3),
                        R.fixed($0.testError.maximum, 3), R.fixed(100 * $0.testError.relativeRMS, 2)] }
        }
        let headers = ["samples", "σ/θ_b (%)", "RMS (W/(m²·K))", "max (W/(m²·K))", "relative RMS (%)"]
        section.table(headers: headers, rows: rows(study.bySamples), caption: "Test error against training samples")
        section.figure(svg: Chart(title: "Test RMS of ĥ against training samples", xLabel: "training samples",
                                  yLabel: "RMS (W/(m²·K))",
                                  series: [Series(name: "test RMS", x: study.bySamples.map { Double($0.trainingSamples) },
                                                  y: study.bySamples.map(\.testError.rms), style: .lineAndMarkers)],
                                  xScale: .log10, yScale: .log10).svg())
        section.table(headers: headers, rows: rows(study.byNoise), caption: "Test error against noise")
        section.figure(svg: Chart(title: "Test RMS of ĥ against noise", xLabel: "σ / θ_b (%)", yLabel: "RMS (W/(m²·K))",
                                  series: [Series(name: "test RMS", x: study.byNoise.map { 100 * $0.noiseFraction },
                                                  y: study.byNoise.map(\.testError.rms), style: .lineAndMarkers)]).svg())
        if let nonlinear = e.nonlinear {
            section.paragraph("Nonlinear fin: Ĝ = \(R.fixed(nonlinear.estimate, 4)) for G = \(R.g(nonlinear.truth)); test RMS \(R.fixed(nonlinear.training.testError.rms, 4)).")
        }
        return section
    }

    static func slabSection(_ e: FinInverseExperiment) -> HTMLReport.Section {
        let slab = e.slab
        var section = HTMLReport.Section(heading: "Slab: one linear neuron is least squares")
        section.keyValueTable([
            ("neuron", "ŷ = w x_s + b, x_s = (x − μ_x)/σ_x"),
            ("w, b", "\(R.fixed(slab.weight, 6)), \(R.fixed(slab.bias, 6)) K"),
            ("slope s = w/σ_x", "\(R.fixed(slab.slope, 6)) K/m"),
            ("normal equations", "\(R.fixed(slab.normalEquations.slope, 6)) K/m"),
            ("intercept T₀ = b − w μ_x/σ_x", "\(R.fixed(slab.intercept, 4)) °C"),
            ("heat flux q = −k s", "\(R.fixed(slab.heatFlux / 1000, 4)) kW/m²"),
        ])
        return section
    }
}
