import Backprop
import BackpropData
import FinHeatTransfer
import FinInverse
import Foundation

/// Formats `backprop fin --readings`: the estimate first, then how it was obtained; JSON with
/// the schema in the README ("JSON of `fin --readings`"); the results CSV.
enum FinReadingsReport {
    typealias R = FinReport

    /// What the report says besides the estimation itself.
    struct Context {
        let source: String
        let description: String
        let tip: FinTipCondition
        let savedSurrogate: String?
        let loadedSurrogate: String?
        let output: String?
        /// Stages the command timed itself (reading the files), before the routes' own.
        var timings: [(stage: String, seconds: Double)] = []
    }

    /// `h = 24.93 W/(m²·K) [23.91, 25.96]`.
    static func valueText(_ e: ProfileEstimate, _ k: Int, scale: TemperatureScale = .celsius) -> String {
        let interval = e.interval(k)
        return "\(e.unknowns[k].symbol) = \(R.est(e.values[k])) \(e.unknowns[k].unit(scale)), 95 % interval "
            + "\(R.est(interval.lowerBound)) … \(R.est(interval.upperBound)) (± \(R.est(e.intervalQuantile * e.standardErrors[k])))"
    }

    // MARK: - Text

    static func text(_ r: FinReadingsEstimation, context: Context) -> String {
        var lines: [String] = []
        if r.sets.count == 1 {
            lines += setText(r.sets[0], r, context: context, headline: true)
        } else {
            lines += batchText(r, context: context)
        }
        lines.append("")
        lines += howText(r, context: context)
        lines.append("")
        lines.append("Timings:")
        for (stage, seconds) in context.timings + r.timings {
            lines.append("  " + R.pad(stage, 66) + R.padLeft(Format.duration(seconds), 10))
        }
        if let path = context.savedSurrogate { lines.append("Surrogate saved to \(path) (use it next time with --surrogate \(path)).") }
        if let path = context.output { lines.append("Results written to \(path) (one row per set and route).") }
        return lines.joined(separator: "\n")
    }

    static func setText(_ set: FinSetEstimate, _ r: FinReadingsEstimation, context: Context, headline: Bool) -> [String] {
        var lines: [String] = []
        let scale = set.fin.temperatureScale
        if let primary = set.primary, let e = primary.estimate {
            let from = "from \(set.readings.count) readings of \(context.source)" + (set.label.map { ", set \($0)" } ?? "")
            if case .inseparable = e.separability {
                lines.append("No estimate: the readings cannot separate \(e.unknowns.map(\.symbol).joined(separator: " and ")) (\(primary.route.title(nonlinear: r.nonlinear != nil)), \(from)).")
            } else {
                lines.append(valueText(e, 0, scale: scale) + ",")
                for k in 1..<max(1, e.unknowns.count) { lines.append("  " + valueText(e, k, scale: scale) + ",") }
                lines.append("  by \(primary.route.title(nonlinear: r.nonlinear != nil)), \(from).")
            }
        } else {
            lines.append("No route gave an estimate from \(context.source)" + (set.label.map { ", set \($0)" } ?? "") + ":")
        }
        if set.verdicts.isEmpty {
            let ran = set.routes.filter { $0.estimate != nil }.count
            lines.append("Verdict: " + (ran > 1 ? "the \(ran) routes agree within their 95 % intervals, and " : "")
                         + "the residuals look like noise.")
        } else {
            lines.append("Verdict — look at these:")
            for verdict in set.verdicts { lines.append("  • " + verdict) }
        }
        lines.append("")

        lines.append("Every route on the same readings (95 % intervals):")
        var rows: [[String]] = []
        for route in set.routes {
            guard let e = route.estimate else {
                rows.append([route.route.title(nonlinear: r.nonlinear != nil), "—", route.skipped ?? "", "", "", ""])
                continue
            }
            let values = e.unknowns.indices.map { k -> String in
                let i = e.interval(k)
                return "\(e.unknowns[k].symbol) = \(R.est(e.values[k])) [\(R.est(i.lowerBound)), \(R.est(i.upperBound))]"
            }.joined(separator: "; ")
            rows.append([route.route.title(nonlinear: r.nonlinear != nil), values, R.fixed(e.residualStandardDeviation, 3),
                         e.reducedChiSquared.map { R.fixed($0, 2) } ?? "—", Format.duration(route.seconds),
                         route.atRangeBoundary ? "at range edge" : ""])
        }
        lines += Format.table(["  route", "estimate [95 % interval]", "σ̂ [K]", "χ²_red", "time", ""],
                              rows.map { ["  " + $0[0]] + $0.dropFirst() }).components(separatedBy: "\n")
        for route in set.routes {
            guard let e = route.estimate, e.unknowns.count > 1 else { continue }
            let p = e.unknowns.count
            lines.append("  Correlation of the \(route.route.rawValue) estimates (condition number \(String(format: "%.3g", e.conditionNumber))):")
            for a in 0..<p {
                lines.append("    " + R.pad(e.unknowns[a].symbol, 4) + (0..<p).map { R.padLeft(R.fixed(e.correlation[a * p + $0], 4), 9) }.joined())
            }
        }
        lines.append("")

        lines.append("Fin: \(context.description); T_b = \(R.g(set.fin.baseTemperature)) °C (\(set.baseTemperatureSource)).")
        lines.append("Readings and residuals r = T̂ − T [K] of each route:")
        let estimates = set.routes.filter { $0.estimate != nil }
        var table: [[String]] = []
        for i in 0..<set.readings.count {
            var row = ["  \(set.readings.lineNumbers[i])", R.fixed(set.readings.positions[i] * 1000, 2), R.fixed(set.readings.temperatures[i], 3)]
            if let s = set.readings.sigmas { row.append(R.fixed(s[i], 3)) }
            for route in estimates { row.append(String(format: "%+.3f", route.estimate!.residuals[i])) }
            table.append(row)
        }
        var header = ["  line", "x [mm]", "T [°C]"]
        if set.readings.sigmas != nil { header.append("σ [K]") }
        header += estimates.map { "r \($0.route.rawValue)" }
        lines += Format.table(header, table).components(separatedBy: "\n")
        return lines
    }

    static func batchText(_ r: FinReadingsEstimation, context: Context) -> [String] {
        var lines = ["\(r.sets.count) sets of readings in \(context.source); fin: \(context.description).", ""]
        let routeNames = r.sets[0].routes.map(\.route)
        var rows: [[String]] = []
        for set in r.sets {
            var row = [set.label ?? "?", "\(set.readings.count)"]
            for route in routeNames {
                guard let result = set.routes.first(where: { $0.route == route }), let e = result.estimate else {
                    row.append("—")
                    continue
                }
                let i = e.interval(0)
                row.append("\(R.est(e.values[0])) [\(R.est(i.lowerBound)), \(R.est(i.upperBound))]")
            }
            row.append(set.verdicts.isEmpty ? "ok" : "\(set.verdicts.count) to check")
            rows.append(row)
        }
        lines.append("\(r.unknowns[0].symbol) [\(r.unknowns[0].unit())] by each route, with its 95 % interval:")
        lines += Format.table(["set", "m"] + routeNames.map(\.rawValue) + ["verdict"], rows).components(separatedBy: "\n")
        for set in r.sets where !set.verdicts.isEmpty {
            lines.append("Set \(set.label ?? "?"):")
            for verdict in set.verdicts { lines.append("  • " + verdict) }
        }
        return lines
    }

    static func howText(_ r: FinReadingsEstimation, context: Context) -> [String] {
        var lines = ["How each route estimated:"]
        let routes = Set(r.sets.flatMap { $0.routes.map(\.route) })
        if routes.contains(.levenbergMarquardt), let t = r.nonlinear {
            lines.append("  lm: the nonlinear fin d/dx[(1 + ε_c θ) θ′] − N²θ + N²G(1 + ε_G θ) = 0, θ(0) = 1, θ′(1) = 0 (ε_c = \(R.g(t.conductivityCoefficient)),")
            lines.append("      G = \(R.g(t.heatGeneration)), ε_G = \(R.g(t.generationCoefficient)), as given or as starts) solved by Newton on 200 finite-difference")
            lines.append("      intervals for each trial (\(r.unknowns.map(\.symbol).joined(separator: ", "))), fitted by Levenberg–Marquardt")
            lines.append("      with a central-difference Jacobian; interval ± t SE (Student t, m − p dof) or ± z SE when σ is stated.")
        } else if routes.contains(.levenbergMarquardt) {
            lines.append("  lm: the analytic fin T(x; \(r.unknowns.map(\.symbol).joined(separator: ", "))) fitted by Levenberg–Marquardt; interval ± t SE,")
            lines.append("      Student t with m − p degrees of freedom when σ is estimated from the residuals, normal when σ is stated.")
        }
        if r.sets.contains(where: { $0.baseTemperatureSource.hasPrefix("the reading at x = 0") }) {
            lines.append("  T_b: the reading at x = 0 is T_b plus noise, so lm and the surrogate fit T_b with the other unknowns")
            lines.append("      (p counts it) and report the others' intervals with its uncertainty in them; the direct network is")
            lines.append("      trained and its SE measured with that reading's noise too.")
        }
        if routes.contains(.surrogate), let s = r.surrogate {
            let network = s.model.network
            let trained = r.surrogateTraining.map { "trained on \($0.trainingSet.rows) grid points in \(Format.duration($0.trainingSeconds))" }
                ?? "loaded from \(context.loadedSurrogate ?? "a file")"
            lines.append("  surrogate: φ̂ = θ/θ_b over (x, h), \(network.widths.map(String.init).joined(separator: " → ")) \(network.layers[0].activation), \(trained),")
            lines.append("      h ∈ \(R.g(s.heatTransferRange.lowerBound)) … \(R.g(s.heatTransferRange.upperBound)) W/(m²·K); T̂ = T∞ + θ_b φ̂, ∂T̂/∂h by one backward pass with e_L = 1;")
            lines.append("      its RMS test error (\(R.fixed(100 * s.testRMS, 4)) % of θ_b) is in the SE as an error shared by all readings.")
        }
        if routes.contains(.direct), r.nonlinear == nil {
            if let d = r.directNetworks.first {
                lines.append("  direct: \(d.network.model.network.widths.map(String.init).joined(separator: " → ")) tanh from φ_i = (T_i − T∞)/θ_b to ln h, trained on \(d.trainingSamples) simulated specimens")
                lines.append("      at σ/θ_b = \(R.fixed(100 * d.noiseStandardDeviation, 3)) % in \(Format.duration(d.trainingSeconds)); SE = its RMS error on 200 simulated specimens near ĥ.")
            } else {
                lines.append("  direct: does not apply to \(r.unknowns.map(\.symbol).joined(separator: ", ")) (it estimates h alone).")
            }
        }
        if routes.contains(.pinn), let p = r.sets.lazy.compactMap({ $0.routes.first { $0.pinn != nil }?.pinn }).first {
            let t = p.training
            let ode = r.nonlinear == nil ? "φ″ − N²φ = 0" : "(1 + ε_c φ)φ″ + ε_c φ′² − N²φ + N²G(1 + ε_G φ) = 0"
            lines.append("  pinn: φ̂(x) \(t.network.widths.map(String.init).joined(separator: " → ")) \(t.network.layers[0].activation) and s = ln h\(t.heatGeneration == nil ? "" : " and G") trained together on the readings, the ODE")
            lines.append("      \(ode) at \(t.collocation.count) collocation points and the boundary conditions (Adam, then L-BFGS: \(t.updates) steps,")
            lines.append("      \(Format.duration(t.seconds))); SE from the curvature of the readings' χ² in ln h with φ̂ re-trained at ln ĥ ± \(R.g(p.profile.step)).")
        }
        if r.nonlinear != nil {
            lines.append("  surrogate, direct: do not apply; the networks learn the linear fin (constant k, no generation).")
            return lines
        }
        lines.append("  The networks learned h over \(R.g(r.heatTransferRange.lowerBound)) … \(R.g(r.heatTransferRange.upperBound)) W/(m²·K) (--h-range to choose).")
        return lines
    }

    // MARK: - JSON

    static func json(_ r: FinReadingsEstimation, context: Context) -> String {
        func estimate(_ e: ProfileEstimate) -> [String: Any] {
            var values: [String: Any] = [:]
            for (k, unknown) in e.unknowns.enumerated() {
                let i = e.interval(k)
                values[unknown.rawValue] = [
                    "value": e.values[k], "standard_error": e.standardErrors[k], "interval95": [i.lowerBound, i.upperBound],
                    "unit": unknown.unit(),
                ] as [String: Any]
            }
            let p = e.unknowns.count
            let separability: String
            switch e.separability {
            case .separable: separability = "separable"
            case .correlated: separability = "correlated"
            case .inseparable: separability = "inseparable"
            }
            return [
                "estimates": values, "interval_quantile": e.intervalQuantile, "noise_stated": e.noiseIsKnown,
                "correlation": (0..<p).map { a in (0..<p).map { e.correlation[a * p + $0] } },
                "condition_number": e.conditionNumber, "separability": separability,
                "fitted_T": e.fittedTemperatures, "residuals_K": e.residuals,
                "sigma_hat_K": e.residualStandardDeviation,
                "reduced_chi2": e.reducedChiSquared.map { $0 as Any } ?? NSNull(),
                "chi2_p_value": e.diagnosis.chiSquaredPValue.map { $0 as Any } ?? NSNull(),
                "runs": e.diagnosis.runs, "findings": e.diagnosis.findings.map { f -> [String: Any] in
                    ["kind": f.kind.rawValue, "reading": f.index.map { $0 as Any } ?? NSNull(), "message": f.message]
                },
                "iterations": e.iterations, "systematic_error_K": e.systematicError,
            ]
        }
        let sets: [[String: Any]] = r.sets.map { set in
            [
                "set": set.label.map { $0 as Any } ?? NSNull(),
                "base_temperature": set.fin.baseTemperature, "base_temperature_source": set.baseTemperatureSource,
                "readings": [
                    "x": set.readings.positions, "T": set.readings.temperatures, "line": set.readings.lineNumbers.map(Double.init),
                    "sigma": set.readings.sigmas.map { $0 as Any } ?? NSNull(),
                ] as [String: Any],
                "routes": set.routes.map { route -> [String: Any] in
                    var object: [String: Any] = [
                        "route": route.route.rawValue, "applied": route.estimate != nil,
                        "reason": route.skipped.map { $0 as Any } ?? NSNull(), "seconds": route.seconds,
                        "at_range_boundary": route.atRangeBoundary,
                    ]
                    if let e = route.estimate { object.merge(estimate(e)) { $1 } }
                    if let p = route.pinn {
                        let t = p.training
                        object["pinn"] = [
                            "widths": t.network.widths, "updates": t.updates, "training_seconds": t.seconds,
                            "cost": t.final.cost, "cost_data": t.final.data, "cost_residual": t.final.residual, "cost_boundary": t.final.boundary,
                            "collocation_x": t.collocation.map { $0 * set.fin.geometry.length },
                            "ode_residual": t.final.residuals,
                            "profile": ["step_ln_h": p.profile.step, "chi2_minus": p.profile.minus, "chi2": p.profile.centre, "chi2_plus": p.profile.plus],
                        ] as [String: Any]
                    }
                    return object
                },
                "verdicts": set.verdicts,
            ]
        }
        let fin = r.sets[0].fin
        var object: [String: Any] = [
            "schema": "backprop-fin-readings/1",
            "source": context.source,
            "fin": [
                "description": context.description, "k": fin.conductivity, "perimeter": fin.geometry.perimeter,
                "area": fin.geometry.crossSectionArea, "length": fin.geometry.length,
                "ambient_temperature": fin.ambientTemperature, "tip": FinSurrogate.tipName(r.tip),
                "nonlinear": r.nonlinear.map {
                    ["conductivity_coefficient": $0.conductivityCoefficient, "heat_generation": $0.heatGeneration,
                     "generation_coefficient": $0.generationCoefficient] as [String: Any]
                } as Any? ?? NSNull(),
            ] as [String: Any],
            "unknowns": r.unknowns.map(\.rawValue),
            "h_range": [r.heatTransferRange.lowerBound, r.heatTransferRange.upperBound],
            "sets": sets,
            "timings": (context.timings + r.timings).map { ["stage": $0.stage, "seconds": $0.seconds] as [String: Any] },
        ]
        if let s = r.surrogate {
            object["surrogate"] = [
                "widths": s.model.network.widths, "test_rms_fraction_of_theta_b": s.testRMS,
                "h_range": [s.heatTransferRange.lowerBound, s.heatTransferRange.upperBound],
                "trained_seconds": r.surrogateTraining.map { $0.trainingSeconds as Any } ?? NSNull(),
                "loaded_from": context.loadedSurrogate.map { $0 as Any } ?? NSNull(),
            ] as [String: Any]
        }
        var text = JSONValue(report: object).serialized()
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }

    // MARK: - Results CSV

    /// One row per set and route: set, route (1 lm, 2 surrogate, 3 direct, 4 pinn), then per unknown its
    /// value, SE, 95 % lower and upper bound; σ̂ [K]; reduced χ² (−1 when σ was estimated); the
    /// number of verdicts of the set. Routes without an estimate have no row.
    static func writeResults(_ r: FinReadingsEstimation, to path: String) throws {
        var names = ["set", "route"]
        for unknown in r.unknowns {
            names += [unknown.rawValue, "\(unknown.rawValue)_se", "\(unknown.rawValue)_low95", "\(unknown.rawValue)_high95"]
        }
        names += ["sigma_hat_K", "reduced_chi2", "verdicts"]
        var rows: [[Double]] = []
        for (n, set) in r.sets.enumerated() {
            for route in set.routes {
                guard let e = route.estimate else { continue }
                var row = [Double(set.label ?? "") ?? Double(n + 1), Double(FinRoute.allCases.firstIndex(of: route.route)! + 1)]
                for k in e.unknowns.indices {
                    let i = e.interval(k)
                    row += [e.values[k], e.standardErrors[k], i.lowerBound, i.upperBound]
                }
                row += [e.residualStandardDeviation, e.reducedChiSquared ?? -1, Double(set.verdicts.count)]
                guard row.allSatisfy(\.isFinite) else { continue }
                rows.append(row)
            }
        }
        let writer = CSVWriter(comments: [
            "backprop fin --readings \(r.sets.first?.readings.source ?? ""): one row per set and route",
            "route: 1 = Levenberg-Marquardt on the analytic fin, 2 = surrogate, 3 = direct inverse network, 4 = PINN",
            "units: h W/(m2 K), Tinf and Tb degC, k W/(m K), sigma_hat_K K; reduced_chi2 = -1 when sigma was estimated",
        ])
        do {
            try writer.write(columnNames: names, rowCount: rows.count, to: URL(fileURLWithPath: path)) { row, values in
                for (c, v) in rows[row].enumerated() { values[c] = v }
            }
        } catch {
            throw CommandFailure("--output: \(error)")
        }
    }
}
