import Backprop
import FinHeatTransfer
import Foundation

/// The routes that estimate a fin's unknowns from readings.
public enum FinRoute: String, CaseIterable, Equatable, Hashable, Sendable {
    /// Levenberg–Marquardt on the analytic fin: the engineer's baseline.
    case levenbergMarquardt = "lm"
    /// The surrogate network φ̂(x, h) with Levenberg–Marquardt on its inputs by backprop.
    case surrogate
    /// The direct inverse network, readings → h.
    case direct
    /// The physics-informed network φ̂(x) trained with h on the readings and the fin's ODE.
    case pinn

    /// How the route is named in the output.
    public var title: String {
        switch self {
        case .levenbergMarquardt: "Levenberg–Marquardt on the analytic fin"
        case .surrogate: "surrogate network, backprop to h (Levenberg–Marquardt)"
        case .direct: "direct inverse network, readings → h"
        case .pinn: "physics-informed network (PINN), h trained with φ̂(x)"
        }
    }

    /// The title, naming the nonlinear fin's model when the baseline solved it.
    public func title(nonlinear: Bool) -> String {
        self == .levenbergMarquardt && nonlinear ? "Levenberg–Marquardt on the nonlinear fin" : title
    }

    /// Parses `lm,surrogate,direct` (also `all`).
    public static func parseList(_ text: String) -> [FinRoute]? {
        if text.trimmingCharacters(in: .whitespaces).lowercased() == "all" { return allCases }
        var routes: [FinRoute] = []
        for word in text.split(separator: ",") {
            guard let route = FinRoute(rawValue: word.trimmingCharacters(in: .whitespaces).lowercased()) else { return nil }
            if !routes.contains(route) { routes.append(route) }
        }
        return routes.isEmpty ? nil : routes
    }
}

/// How `backprop fin --readings` runs.
public struct FinReadingsConfiguration: Sendable {
    /// What to estimate (h first; T∞, T_b, k optional).
    public var unknowns: [FinUnknown] = [.h]
    /// Which routes run, in this order.
    public var routes: [FinRoute] = FinRoute.allCases
    /// The h range the networks learn; nil: ĥ_LM/2.5 … 2.5 ĥ_LM around the baseline's estimates
    /// of every set (1 … 1000 W/(m²·K) if the baseline did not run or failed).
    public var heatTransferRange: ClosedRange<Double>?
    /// Route 1's settings (its range is replaced by the range above).
    public var surrogate = FinSurrogateConfiguration()
    /// Route 2's settings (its noise is replaced by the readings'): 4000 simulated specimens
    /// rather than the demonstration's 400, which the 14-sensor brass fin of
    /// `scripts/coverage.py` at σ = 3 % overfitted (median error 1.6–1.9× LM's; 1.03–1.05× with
    /// 4000, for 0.1 s more simulation — the cost is in the 20 000 updates, not the samples).
    public var directInverse: DirectInverseConfiguration = {
        var c = DirectInverseConfiguration()
        c.trainingSamples = 4000
        return c
    }()
    /// A surrogate trained before (`--surrogate`), used instead of training one.
    public var savedSurrogate: FinSurrogate?
    /// Route 4's settings.
    public var pinn = FinPINNConfiguration()
    /// Seed of every network and simulation.
    public var seed: UInt64 = 42
    /// The nonlinear fin's ε_c, G and ε_G (nil: the linear fin). With them LM and the PINN
    /// apply (the surrogate and the direct network learn the linear fin), and the tip must be
    /// insulated.
    public var nonlinear: NonlinearFinTerms?

    public init() {}
}

/// What one route gave for one set of readings.
public struct FinRouteResult: Sendable {
    /// The route.
    public let route: FinRoute
    /// Its estimate, or nil when it did not apply or failed (see ``skipped``).
    public let estimate: ProfileEstimate?
    /// Why there is no estimate.
    public let skipped: String?
    /// Wall time of this route for this set [s] (shared training counted once, on the first set).
    public let seconds: Double
    /// Whether ĥ sits on an end of the networks' training range (an extrapolation refused).
    public let atRangeBoundary: Bool
    /// The PINN route's training, for its ODE residual and its cost (nil for the other routes).
    public var pinn: FinPINNEstimate? = nil

    public init(route: FinRoute, estimate: ProfileEstimate?, skipped: String?, seconds: Double, atRangeBoundary: Bool,
                pinn: FinPINNEstimate? = nil) {
        self.route = route
        self.estimate = estimate
        self.skipped = skipped
        self.seconds = seconds
        self.atRangeBoundary = atRangeBoundary
        self.pinn = pinn
    }
}

/// Every route's estimate for one specimen, and what looks wrong.
public struct FinSetEstimate: Sendable {
    /// The set's label (nil for a file without a set column).
    public let label: String?
    /// The fin with this set's T_b and T∞ (the unknowns at their starting values).
    public let fin: FinProperties
    /// Where T_b came from: "given", "the reading at x = 0" or "estimated".
    public let baseTemperatureSource: String
    /// The readings the routes fitted, every one of them (a reading at x = 0 that gives T_b is
    /// fitted with the others; each route's residuals follow this order).
    public let readings: FinReadings
    /// One result per route, in the configuration's order.
    public let routes: [FinRouteResult]
    /// Plain-words verdicts: routes that disagree, residuals that show a misfit, unknowns the
    /// data cannot separate, estimates at the edge of a network's range. Empty when all is well.
    public let verdicts: [String]

    /// The first route's estimate that exists (the baseline's, by default order).
    public var primary: FinRouteResult? { routes.first { $0.estimate != nil } }
}

/// `backprop fin --readings`: every route on the engineer's own readings, one estimate per set.
public struct FinReadingsEstimation: Sendable {
    /// The tip condition.
    public let tip: FinTipCondition
    /// What was estimated.
    public let unknowns: [FinUnknown]
    /// The h range the networks learned.
    public let heatTransferRange: ClosedRange<Double>
    /// The surrogate used (trained here or loaded), if that route ran.
    public let surrogate: FinSurrogate?
    /// Its training, when trained in this call.
    public let surrogateTraining: FinSurrogateTraining?
    /// The direct inverse networks trained (one per distinct sensor layout).
    public let directNetworks: [DirectInverseTraining]
    /// One estimate per set, in file order.
    public let sets: [FinSetEstimate]
    /// Stage timings [s].
    public let timings: [(stage: String, seconds: Double)]
    /// The nonlinear fin's terms the baseline solved with (nil: the linear fin).
    public let nonlinear: NonlinearFinTerms?

    /// Runs the routes on every set.
    ///
    /// - Parameters:
    ///   - sets: the readings, one element per specimen.
    ///   - fin: k, geometry and T∞ (the starting value when T∞ is unknown); its T_b is used
    ///     only when `baseTemperature` is given.
    ///   - baseTemperature: T_b when given; otherwise each set's reading at x = 0 (or, with
    ///     T_b unknown, the hottest reading as the starting value).
    ///   - tip: tip condition.
    ///   - configuration: unknowns, routes and network settings.
    /// - Throws: ``FinReadingsError`` for readings that do not fit the fin; ``FinInverseError``
    ///   for settings the routes reject.
    public static func run(
        sets: [FinReadings], fin: FinProperties, baseTemperature: Double?, tip: FinTipCondition,
        configuration c: FinReadingsConfiguration
    ) throws -> FinReadingsEstimation {
        precondition(!sets.isEmpty, "FinReadingsEstimation: at least one set of readings")
        var timings: [(String, Double)] = []
        let clock = ContinuousClock()
        let unknowns = c.unknowns
        if unknowns.contains(where: \.isNonlinear), c.nonlinear == nil {
            throw FinInverseError.invalidSetting(name: "unknowns", value: unknowns.map(\.rawValue).joined(separator: ","),
                                                 expected: "G and epsG with the nonlinear fin's terms")
        }
        if c.nonlinear != nil, tip != .insulated {
            throw FinInverseError.invalidSetting(name: "tip", value: FinSurrogate.tipName(tip),
                                                 expected: "insulated: the nonlinear fin is solved with θ′(L) = 0")
        }

        // Each set's T_b, its readings, and the baseline fit.
        var prepared: [PreparedSet] = []
        for readings in sets {
            prepared.append(try prepare(readings, fin: fin, baseTemperature: baseTemperature, tip: tip, unknowns: unknowns))
        }
        var baseline: [FinRouteResult?] = Array(repeating: nil, count: sets.count)
        if c.routes.contains(.levenbergMarquardt) {
            let t0 = clock.now
            for (n, set) in prepared.enumerated() {
                let s0 = clock.now
                do {
                    let estimate = try c.nonlinear.map { terms in
                        try FinParameterEstimation.fit(readings: set.readings, fin: set.fin, nonlinear: terms, unknowns: set.fitUnknowns)
                    } ?? FinParameterEstimation.fit(readings: set.readings, fin: set.fin, tip: tip, unknowns: set.fitUnknowns)
                    baseline[n] = FinRouteResult(route: .levenbergMarquardt, estimate: estimate.marginal(unknowns), skipped: nil,
                                                 seconds: (clock.now - s0).seconds, atRangeBoundary: false)
                } catch {
                    baseline[n] = FinRouteResult(route: .levenbergMarquardt, estimate: nil, skipped: "\(error)",
                                                 seconds: (clock.now - s0).seconds, atRangeBoundary: false)
                }
            }
            timings.append(("Levenberg–Marquardt on the \(c.nonlinear == nil ? "analytic" : "nonlinear") fin (\(sets.count) set\(sets.count == 1 ? "" : "s"))", (clock.now - t0).seconds))
        }

        let range = try heatTransferRange(c, baseline: baseline.compactMap { $0?.estimate?.value(of: .h) })
        var surrogate: FinSurrogate? = nil, surrogateTraining: FinSurrogateTraining? = nil
        var surrogateResults: [FinRouteResult?] = Array(repeating: nil, count: sets.count)
        let linearOnly = "does not apply: the networks learn the linear fin"
        if c.routes.contains(.surrogate), c.nonlinear != nil {
            surrogateResults = notApplied(.surrogate, linearOnly, sets: prepared.count)
        } else if c.routes.contains(.surrogate) {
            let t0 = clock.now
            if let saved = c.savedSurrogate {
                surrogate = saved
            } else {
                var settings = c.surrogate
                settings.heatTransferRange = range
                settings.seed = c.seed &+ 1
                let training = try FinSurrogate.train(fin: prepared[0].fin, tip: tip, configuration: settings)
                surrogateTraining = training
                surrogate = training.surrogate
                timings.append(("surrogate: train φ̂(x, h) on \(training.trainingSet.rows) points", training.trainingSeconds))
            }
            let f0 = clock.now
            for (n, set) in prepared.enumerated() {
                let s0 = clock.now
                surrogateResults[n] = surrogateRoute(surrogate!, set, unknowns, seconds: { (clock.now - s0).seconds })
            }
            timings.append(("surrogate: fit \(sets.count) set\(sets.count == 1 ? "" : "s") by backprop to h", (clock.now - f0).seconds))
            _ = t0
        }

        var directResults: [FinRouteResult?] = Array(repeating: nil, count: sets.count)
        var directNetworks: [DirectInverseTraining] = []
        if c.routes.contains(.direct) {
            if c.nonlinear != nil {
                directResults = notApplied(.direct, linearOnly, sets: prepared.count)
            } else if unknowns != [.h] {
                directResults = notApplied(.direct, "does not apply: it maps readings to h alone, with T∞, T_b and k known",
                                           sets: prepared.count)
            } else {
                let t0 = clock.now
                // One network per sensor layout, trained at the readings' noise on φ = θ/θ_b (and
                // on the noise of θ_b itself when it comes from a reading at x = 0).
                var networks: [[Double]: DirectInverseTraining] = [:]
                for (n, set) in prepared.enumerated() {
                    let s0 = clock.now
                    let layout = set.directReadings.positions
                    let noise = noiseFractions(of: prepared, baseline: baseline, layout: layout)
                    let training: DirectInverseTraining
                    if let trained = networks[layout] {
                        training = trained
                    } else {
                        let problem = try DirectInverseProblem.linearFinProfile(
                            fin: set.fin, tip: tip, heatTransferRange: range, positions: layout)
                        var settings = c.directInverse
                        settings.noiseStandardDeviation = noise.readings
                        settings.baseNoise = set.baseIsReading ? noise.base : 0
                        settings.seed = c.seed &+ 2
                        training = try DirectInverseNetwork.train(problem: problem, configuration: settings)
                        networks[layout] = training
                        directNetworks.append(training)
                    }
                    directResults[n] = try directRoute(training, set, tip, noise: noise,
                                                       seed: c.seed &+ 3 &+ UInt64(n), seconds: { (clock.now - s0).seconds })
                }
                timings.append(("direct inverse: train \(networks.count) network\(networks.count == 1 ? "" : "s"), estimate \(sets.count) set\(sets.count == 1 ? "" : "s")", (clock.now - t0).seconds))
            }
        }

        var pinnResults: [FinRouteResult?] = Array(repeating: nil, count: sets.count)
        if c.routes.contains(.pinn) {
            let t0 = clock.now
            for (n, set) in prepared.enumerated() {
                pinnResults[n] = pinnRoute(set, tip, c)
            }
            timings.append(("PINN: train and profile \(sets.count) set\(sets.count == 1 ? "" : "s")", (clock.now - t0).seconds))
        }

        var results: [FinSetEstimate] = []
        for (n, set) in prepared.enumerated() {
            var routes: [FinRouteResult] = []
            for route in c.routes {
                switch route {
                case .levenbergMarquardt: if let r = baseline[n] { routes.append(r) }
                case .surrogate: if let r = surrogateResults[n] { routes.append(r) }
                case .direct: if let r = directResults[n] { routes.append(r) }
                case .pinn: if let r = pinnResults[n] { routes.append(r) }
                }
            }
            results.append(FinSetEstimate(
                label: set.readings.label, fin: set.fin, baseTemperatureSource: set.source, readings: set.readings,
                routes: routes, verdicts: verdicts(routes, range: range)))
        }
        return FinReadingsEstimation(
            tip: tip, unknowns: unknowns, heatTransferRange: range, surrogate: surrogate,
            surrogateTraining: surrogateTraining, directNetworks: directNetworks, sets: results, timings: timings,
            nonlinear: c.nonlinear)
    }

    /// `route` skipped for every set, saying `why`.
    static func notApplied(_ route: FinRoute, _ why: String, sets: Int) -> [FinRouteResult?] {
        Array(repeating: FinRouteResult(route: route, estimate: nil, skipped: why, seconds: 0, atRangeBoundary: false), count: sets)
    }

    /// One set, ready for the routes.
    struct PreparedSet {
        /// The fin with this set's T_b (the reading at x = 0, given, or the start).
        var fin: FinProperties
        /// Where T_b came from.
        var source: String
        /// The readings the physics and surrogate routes fit: all of them.
        var readings: FinReadings
        /// What those routes fit: the unknowns, plus T_b as a nuisance parameter when it comes
        /// from the reading at x = 0 (so that reading's noise reaches every interval).
        var fitUnknowns: [FinUnknown]
        /// The direct network's inputs: the readings other than the one at x = 0 that gives T_b.
        var directReadings: FinReadings
        /// Whether T_b is the reading at x = 0 (known only as well as that reading).
        var baseIsReading: Bool
    }

    /// The set's fin (with its T_b) and readings, checked.
    ///
    /// A reading at x = 0 is T(0) = T_b plus noise. Taking it as the exact T_b would leave its
    /// noise out of every interval (it shifts φ = θ/θ_b at every sensor at once), so T_b is
    /// fitted with h, starting from that reading, and its uncertainty is marginalised out.
    static func prepare(
        _ readings: FinReadings, fin: FinProperties, baseTemperature: Double?, tip: FinTipCondition,
        unknowns: [FinUnknown]
    ) throws -> PreparedSet {
        var base = baseTemperature, source = "given", fitUnknowns = unknowns, direct = readings, baseIsReading = false
        if base == nil {
            if let reading = readings.baseReading {
                base = reading
                if unknowns.contains(.baseTemperature) {
                    source = "estimated (from the reading at x = 0 as the start)"
                } else {
                    source = "the reading at x = 0, fitted with the others"
                    fitUnknowns.append(.baseTemperature)
                    direct = readings.droppingBaseReading()
                    baseIsReading = true
                }
            } else if unknowns.contains(.baseTemperature) {
                // Start from the reading farthest from T∞.
                base = readings.temperatures.max { abs($0 - fin.ambientTemperature) < abs($1 - fin.ambientTemperature) }
                source = "estimated"
            } else {
                throw FinReadingsError(
                    file: readings.source, line: nil, column: readings.columnNames.x, set: readings.label,
                    message: "no reading at x = 0 gives the base temperature; give it with --base-temperature, add a reading at x = 0, or estimate it (--unknowns h,Tb)")
            }
        } else if unknowns.contains(.baseTemperature) {
            source = "estimated (from --base-temperature as the start)"
        }
        let setFin: FinProperties
        do {
            setFin = try FinProperties(
                conductivity: fin.conductivity, heatTransferCoefficient: fin.heatTransferCoefficient, geometry: fin.geometry,
                baseTemperature: base!, ambientTemperature: fin.ambientTemperature, temperatureScale: fin.temperatureScale)
        } catch {
            throw FinReadingsError(file: readings.source, line: nil, column: nil, set: readings.label,
                                   message: "base temperature \(base!): \(error)")
        }
        do {
            try readings.validate(
                length: fin.geometry.length, tip: tip,
                ambientTemperature: unknowns.contains(.ambientTemperature) ? nil : fin.ambientTemperature,
                baseTemperature: setFin.baseTemperature, parameterCount: fitUnknowns.count)
        } catch {
            guard baseIsReading, error.line == nil else { throw error }
            throw FinReadingsError(file: error.file, line: nil, column: error.column, set: error.set,
                                   message: error.message + " (T_b, from the reading at x = 0, is fitted too)")
        }
        return PreparedSet(fin: setFin, source: source, readings: readings, fitUnknowns: fitUnknowns,
                           directReadings: direct, baseIsReading: baseIsReading)
    }

    /// The configured range, or ĥ/2.5 … 2.5 ĥ over the baseline's estimates.
    static func heatTransferRange(_ c: FinReadingsConfiguration, baseline: [Double]) throws(FinInverseError) -> ClosedRange<Double> {
        if let saved = c.savedSurrogate, c.heatTransferRange == nil { return saved.heatTransferRange }
        if let range = c.heatTransferRange {
            guard range.lowerBound > 0, range.upperBound <= FinProperties.maximumHeatTransferCoefficient,
                  range.lowerBound < range.upperBound else {
                throw .invalidSetting(name: "--h-range", value: "\(range)", expected: "0 < h_min < h_max ≤ 1000000 W/(m²·K)")
            }
            return range
        }
        let estimates = baseline.filter { $0.isFinite && $0 > 0 }
        guard let low = estimates.min(), let high = estimates.max() else { return 1...1000 }
        return (low / 2.5)...Swift.min(high * 2.5, FinProperties.maximumHeatTransferCoefficient)
    }

    /// The surrogate route for one set (its own start, independent of the baseline).
    static func surrogateRoute(
        _ surrogate: FinSurrogate, _ set: PreparedSet, _ unknowns: [FinUnknown], seconds: () -> Double
    ) -> FinRouteResult {
        if unknowns.contains(.conductivity) {
            return FinRouteResult(route: .surrogate, estimate: nil,
                                  skipped: "does not apply: the surrogate was trained for one k", seconds: 0, atRangeBoundary: false)
        }
        let range = surrogate.heatTransferRange
        do {
            let bound = try surrogate.withTemperatures(base: set.fin.baseTemperature, ambient: set.fin.ambientTemperature)
            // Start in the middle of the range: the route stays independent of the baseline.
            let initial = set.fitUnknowns.map { $0 == .h ? Foundation.sqrt(range.lowerBound * range.upperBound) : $0.value(in: set.fin) }
            let estimate = try SurrogateInversion.fit(surrogate: bound, readings: set.readings, unknowns: set.fitUnknowns, initial: initial)
                .marginal(unknowns)
            let h = estimate.value(of: .h)!
            let edge = (range.upperBound - range.lowerBound) * 1e-6
            return FinRouteResult(route: .surrogate, estimate: estimate, skipped: nil, seconds: seconds(),
                                  atRangeBoundary: h <= range.lowerBound + edge || h >= range.upperBound - edge)
        } catch {
            return FinRouteResult(route: .surrogate, estimate: nil, skipped: error.description, seconds: seconds(), atRangeBoundary: false)
        }
    }

    /// The direct route for one set: ĥ from φ_i = (T_i − T∞)/θ_b, its local error as SE (with
    /// the noise of θ_b when it is a reading), and the analytic profile at ĥ at every reading.
    /// The PINN route for one set: ĥ (and Ĝ of the nonlinear fin) with profile-likelihood
    /// intervals (``FinPINNEstimate``),
    /// from h₀ of the readings' log-slope (independent of the other routes); T_b as a nuisance
    /// (the base condition left out) when it is the reading at x = 0.
    static func pinnRoute(_ set: PreparedSet, _ tip: FinTipCondition, _ c: FinReadingsConfiguration) -> FinRouteResult {
        let clock = ContinuousClock(), start = clock.now
        func skipped(_ why: String) -> FinRouteResult {
            FinRouteResult(route: .pinn, estimate: nil, skipped: why, seconds: (clock.now - start).seconds, atRangeBoundary: false)
        }
        let trainsG = c.unknowns == [.h, .heatGeneration]
        guard c.unknowns == [.h] || (trainsG && c.nonlinear != nil) else {
            return skipped("does not apply: it trains h (and G of the nonlinear fin), with T∞ and k known")
        }
        do {
            let loss = try FinPINNLoss(readings: set.readings, fin: set.fin, baseTemperature: set.fin.baseTemperature, tip: tip,
                                       baseIsKnown: !set.baseIsReading, collocationPoints: c.pinn.collocationPoints,
                                       weights: c.pinn.weights, nonlinear: c.nonlinear, estimatesHeatGeneration: trainsG)
            var settings = c.pinn
            settings.seed = c.seed &+ 4
            if c.nonlinear != nil {
                // A stiffer problem (N ≈ 4, G and ε_c): on the steel pin of the tests 3000 steps
                // left χ² at ≈ 8× LM's; 9000 gave ĥ, Ĝ within 0.1 % of LM's, interval ends within 0.4 %.
                settings.updates *= 3
                settings.lbfgsIterations *= 3
            }
            let h0 = FinParameterEstimation.initialGuess(readings: set.readings, fin: set.fin, tip: tip, unknowns: [.h])[0]
            let e = try FinPINNEstimate.estimate(loss, initialH: h0, configuration: settings)
            if let why = e.training.stoppedEarly { return skipped("training diverged (\(why))") }
            // The free amplitude (T_b as a reading) is a fitted parameter too, as in LM's count.
            let estimate = ProfileEstimate(
                readings: set.readings, unknowns: c.unknowns,
                values: [e.heatTransferCoefficient] + (e.training.heatGeneration.map { [$0] } ?? []),
                standardErrors: [e.standardError] + (e.heatGenerationStandardError.map { [$0] } ?? []),
                intervalQuantile: e.intervalQuantile, fittedTemperatures: e.fittedTemperatures,
                parameterCount: c.unknowns.count + (set.baseIsReading ? 1 : 0))
            return FinRouteResult(route: .pinn, estimate: estimate, skipped: nil, seconds: (clock.now - start).seconds,
                                  atRangeBoundary: false, pinn: e)
        } catch {
            return skipped("\(error)")
        }
    }

    static func directRoute(
        _ training: DirectInverseTraining, _ set: PreparedSet, _ tip: FinTipCondition,
        noise: (readings: Double, base: Double), seed: UInt64, seconds: () -> Double
    ) throws -> FinRouteResult {
        let fin = set.fin, thetaB = fin.baseExcessTemperature
        let phi = set.directReadings.temperatures.map { ($0 - fin.ambientTemperature) / thetaB }
        do {
            let h = try training.network.estimate(readings: phi)
            let range = training.network.problem.parameterRange
            let local = try training.network.localError(
                near: h, noise: noise.readings, baseNoise: set.baseIsReading ? noise.base : 0, seed: seed)
            let model = try AnalyticFin(properties: fin.withHeatTransferCoefficient(Swift.max(h, 1e-12)), tip: tip)
            // T_b taken from the reading at x = 0 counts as a parameter fitted exactly (its
            // residual is 0), as in the other routes' degrees of freedom.
            let parameters: [FinUnknown] = set.baseIsReading ? [.h, .baseTemperature] : [.h]
            let estimate = ProfileEstimate(
                readings: set.readings, unknowns: parameters, values: parameters.map { $0 == .h ? h : fin.baseTemperature },
                standardErrors: parameters.map { $0 == .h ? local.rms : noise.base * abs(thetaB) },
                intervalQuantile: Distributions.normalQuantile(0.975),
                fittedTemperatures: set.readings.positions.map(model.temperature(at:)))
                .marginal([.h])
            let edge = 0.02 * (range.upperBound - range.lowerBound)
            return FinRouteResult(route: .direct, estimate: estimate, skipped: nil, seconds: seconds(),
                                  atRangeBoundary: h <= range.lowerBound + edge || h >= range.upperBound - edge)
        } catch {
            return FinRouteResult(route: .direct, estimate: nil, skipped: "\(error)", seconds: seconds(), atRangeBoundary: false)
        }
    }

    /// σ/|θ_b| to train the direct network at, for the readings and for the one at x = 0: the
    /// stated σ_i (RMS over the sensors), else the baseline's σ̂; the median over the sets with
    /// this sensor layout.
    static func noiseFractions(
        of prepared: [PreparedSet], baseline: [FinRouteResult?], layout: [Double]
    ) -> (readings: Double, base: Double) {
        var fractions: [(Double, Double)] = []
        for (n, set) in prepared.enumerated() where set.directReadings.positions == layout {
            let scale = abs(set.fin.baseExcessTemperature)
            if let s = set.readings.sigmas {
                let sensors = set.readings.positions.indices.filter { set.readings.positions[$0] > 0 || !set.baseIsReading }
                let rms = (sensors.reduce(0) { $0 + s[$1] * s[$1] } / Double(max(sensors.count, 1))).squareRoot()
                fractions.append((rms / scale, set.baseIsReading ? s[0] / scale : 0))
            } else if let sigma = baseline[n]?.estimate?.residualStandardDeviation, sigma.isFinite {
                fractions.append((sigma / scale, sigma / scale))
            }
        }
        guard !fractions.isEmpty else { return (0.01, 0.01) }
        let readings = fractions.map(\.0).sorted(), base = fractions.map(\.1).sorted()
        return (readings[readings.count / 2], Swift.min(base[base.count / 2], 0.5))
    }

    /// What looks wrong, in plain words.
    static func verdicts(_ routes: [FinRouteResult], range: ClosedRange<Double>) -> [String] {
        var verdicts: [String] = []
        for result in routes {
            guard let e = result.estimate else { continue }
            let name = result.route.title
            switch e.separability {
            case .separable: break
            case let .correlated(a, b, rho):
                verdicts.append("\(name): \(a.symbol) and \(b.symbol) are strongly correlated (ρ = \(String(format: "%.3f", rho))): the readings mostly fix a combination of them, so each interval is wide")
            case let .inseparable(a, b):
                verdicts.append("\(name): the readings cannot separate \(a.symbol) and \(b.symbol) (condition number \(String(format: "%.2g", e.conditionNumber))); the numbers below are not estimates — fix one of them")
            }
            for finding in e.diagnosis.findings where result.route != .direct || finding.kind != .misfit {
                verdicts.append("\(name): \(finding.message)")
            }
            if result.atRangeBoundary {
                verdicts.append("\(name): ĥ = \(String(format: "%.4g", e.values[0])) W/(m²·K) is at the edge of the networks' training range \(String(format: "%.4g", range.lowerBound)) … \(String(format: "%.4g", range.upperBound)); the data want an h it never saw — widen --h-range")
            }
        }
        // Routes that disagree beyond their intervals.
        let estimated = routes.filter { $0.estimate != nil && !$0.atRangeBoundary }
        for i in estimated.indices {
            for j in estimated.indices where j > i {
                let a = estimated[i].estimate!, b = estimated[j].estimate!
                for (k, unknown) in a.unknowns.enumerated() {
                    guard let l = b.unknowns.firstIndex(of: unknown) else { continue }
                    let ia = a.interval(k), ib = b.interval(l)
                    if ia.upperBound < ib.lowerBound || ib.upperBound < ia.lowerBound {
                        verdicts.append("the routes disagree: \(unknown.symbol) = \(String(format: "%.4g", a.values[k])) by \(estimated[i].route.title) and \(String(format: "%.4g", b.values[l])) by \(estimated[j].route.title), beyond both 95 % intervals; trust the physics fit unless its residuals show a misfit")
                    }
                }
            }
        }
        return verdicts
    }
}
