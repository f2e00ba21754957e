import BackpropPlots
import FinHeatTransfer
import FinInverse
import Foundation

/// `backprop fin --readings … --report FILE.html`: per set, the estimates, the readings with
/// every route's fitted profile, and the residuals against x.
enum FinReadingsHTMLReport {
    typealias R = FinReport

    static func report(_ r: FinReadingsEstimation, context: FinReadingsReport.Context) -> HTMLReport {
        var report = HTMLReport(title: "Fin: \(r.unknowns.map(\.symbol).joined(separator: ", ")) from your readings",
                                subtitle: "\(context.source) — \(context.description)")
        for set in r.sets { report.add(section(set, r)) }
        var timings = HTMLReport.Section(heading: "Timings")
        timings.table(headers: ["stage", "seconds"], rows: (context.timings + r.timings).map { [$0.stage, R.fixed($0.seconds, 4)] })
        report.add(timings)
        return report
    }

    static func section(_ set: FinSetEstimate, _ r: FinReadingsEstimation) -> HTMLReport.Section {
        var section = HTMLReport.Section(heading: set.label.map { "Set \($0)" } ?? "Estimate")
        var rows: [[String]] = []
        for route in set.routes {
            guard let e = route.estimate else {
                rows.append([route.route.title(nonlinear: r.nonlinear != nil), "—", route.skipped ?? "", "", ""])
                continue
            }
            rows.append([
                route.route.title(nonlinear: r.nonlinear != nil),
                e.unknowns.indices.map { "\(e.unknowns[$0].symbol) = \(R.est(e.values[$0]))" }.joined(separator: ", "),
                e.unknowns.indices.map { k in "[\(R.est(e.interval(k).lowerBound)), \(R.est(e.interval(k).upperBound))]" }.joined(separator: ", "),
                R.fixed(e.residualStandardDeviation, 3), e.reducedChiSquared.map { R.fixed($0, 2) } ?? "—",
            ])
        }
        section.table(headers: ["route", "estimate", "95 % interval", "σ̂ (K)", "reduced χ²"], rows: rows)
        let applied = set.routes.filter { $0.estimate != nil }.count
        section.paragraph(set.verdicts.isEmpty ? "Verdict: " + (applied > 1 ? "the routes agree and " : "") + "the residuals look like noise."
                          : "Verdict: " + set.verdicts.joined(separator: " • "))
        let readings = set.readings, length = set.fin.geometry.length
        let xs = (0...100).map { length * Double($0) / 100 }
        var series: [Series] = []
        for route in set.routes {
            guard let e = route.estimate, let fin = try? FinUnknown.fin(set.fin, setting: e.unknowns, to: e.values) else { continue }
            if let terms = r.nonlinear {
                if let solver = try? NonlinearFinSolver(gridIntervals: 200),
                   let t = try? terms.setting(e.unknowns, to: e.values).temperatures(at: xs, of: fin, solver: solver) {
                    series.append(Series(name: "nonlinear fin T(x) at the \(route.route.rawValue) estimate", x: xs.map { $0 * 1000 }, y: t.temperatures))
                }
                continue
            }
            guard let model = try? AnalyticFin(properties: fin, tip: r.tip) else { continue }
            if route.route == .surrogate, let s = r.surrogate?.withTemperaturesIfPossible(fin),
               let t = try? s.temperatures(at: xs, heatTransferCoefficient: fin.heatTransferCoefficient) {
                series.append(Series(name: "surrogate T̂(x) at its estimate", x: xs.map { $0 * 1000 }, y: t, dashed: true))
            } else {
                series.append(Series(name: "analytic T(x) at the \(route.route.rawValue) estimate", x: xs.map { $0 * 1000 },
                                     y: xs.map(model.temperature(at:)), dashed: route.route == .direct))
            }
        }
        series.append(Series(name: "readings" + (readings.sigmas != nil ? " ± σ" : ""), x: readings.positions.map { $0 * 1000 },
                             y: readings.temperatures, yError: readings.sigmas, style: .markers))
        section.figure(svg: Chart(title: "Temperature along the fin", xLabel: "x (mm)", yLabel: "T (°C)", series: series).svg(),
                       caption: "Each route's fitted profile and the readings.")
        let residualSeries = set.routes.compactMap { route -> Series? in
            guard let e = route.estimate else { return nil }
            return Series(name: route.route.rawValue, x: readings.positions.map { $0 * 1000 }, y: e.residuals, style: .lineAndMarkers)
        }
        if !residualSeries.isEmpty {
            section.figure(svg: Chart(title: "Residuals r = T̂ − T", xLabel: "x (mm)", yLabel: "r (K)", series: residualSeries,
                                      referenceLines: [.horizontal(y: 0)]).svg(),
                           caption: "Noise scatters about 0; a wave or a trend means the model does not fit.")
        }
        if let p = set.routes.lazy.compactMap(\.pinn).first {
            let t = p.training
            section.figure(svg: FinHTMLReport.odeResidualChart(t, length: length).svg(),
                           caption: "How closely the PINN's profile obeys the fin's equation at its \(t.collocation.count) collocation points (φ = θ/θ_b).")
        }
        return section
    }
}

extension FinSurrogate {
    /// The surrogate for `fin`'s temperatures, or nil when they are invalid.
    func withTemperaturesIfPossible(_ fin: FinProperties) -> FinSurrogate? {
        try? withTemperatures(base: fin.baseTemperature, ambient: fin.ambientTemperature)
    }
}
