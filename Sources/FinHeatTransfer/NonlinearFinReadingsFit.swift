import Foundation

/// What the nonlinear fin adds to ``FinProperties`` (see ``NonlinearFinParameters``):
///
///     d/dx[(1 + ε_c θ) dθ/dx] − N² θ + N² G (1 + ε_G θ) = 0,   θ(0) = 1,   θ′(1) = 0
///
/// with x = X/L, θ = (T − T∞)/θ_b, N² = hPL²/(k∞A_c) from the fin, k = k∞(1 + ε_c θ) and the
/// volumetric generation q̇ = q̇∞(1 + ε_G θ), G = q̇∞A_c/(hPθ_b). Known values, or the starts of
/// those that are unknowns (`G`, `epsG`).
public struct NonlinearFinTerms: Equatable, Sendable {
    /// ε_c in k = k∞(1 + ε_c θ) (k∞ is the fin's k).
    public var conductivityCoefficient: Double
    /// G.
    public var heatGeneration: Double
    /// ε_G.
    public var generationCoefficient: Double

    public init(conductivityCoefficient: Double = 0, heatGeneration: Double = 0, generationCoefficient: Double = 0) {
        self.conductivityCoefficient = conductivityCoefficient
        self.heatGeneration = heatGeneration
        self.generationCoefficient = generationCoefficient
    }

    /// The dimensionless problem of `fin` (N = mL from its h, k, P, A_c and L).
    ///
    /// - Throws: `FinParameterError` for a term out of ``NonlinearFinParameters``' ranges.
    public func parameters(of fin: FinProperties) throws -> NonlinearFinParameters {
        let g = fin.geometry
        let n = (fin.heatTransferCoefficient * g.perimeter / (fin.conductivity * g.crossSectionArea)).squareRoot() * g.length
        return try NonlinearFinParameters(
            finParameter: n, conductivityCoefficient: conductivityCoefficient, heatGeneration: heatGeneration,
            generationCoefficient: generationCoefficient)
    }
}

extension NonlinearFinTerms {
    /// These terms with the values of G and ε_G among `unknowns` taken from `values`.
    public func setting(_ unknowns: [FinUnknown], to values: [Double]) -> NonlinearFinTerms {
        var t = self
        for (unknown, value) in zip(unknowns, values) {
            if unknown == .heatGeneration { t.heatGeneration = value }
            if unknown == .generationCoefficient { t.generationCoefficient = value }
        }
        return t
    }

    /// T(x_i) = T∞ + θ_b θ(x_i/L) of `fin` with these terms, and the nodal θ (to warm-start the
    /// next solve).
    ///
    /// - Throws: `FinParameterError` for terms out of range; `NonlinearFinSolverError` when
    ///   Newton fails from `initialGuess` and from the linear profile.
    public func temperatures(
        at positions: [Double], of fin: FinProperties, solver: NonlinearFinSolver, initialGuess: [Double]? = nil
    ) throws -> (temperatures: [Double], theta: [Double]) {
        let parameters = try self.parameters(of: fin)
        let solution: NonlinearFinSolution
        do {
            solution = try solver.solve(parameters, initialGuess: initialGuess)
        } catch where initialGuess != nil {
            solution = try solver.solve(parameters)           // from the linear profile instead
        }
        let length = fin.geometry.length
        return (positions.map { fin.ambientTemperature + fin.baseExcessTemperature * solution.theta(at: $0 / length) }, solution.theta)
    }
}

extension FinParameterEstimation {
    /// The baseline route on readings of a nonlinear fin (insulated tip): for each trial p the
    /// boundary-value problem of ``NonlinearFinTerms`` is solved by ``NonlinearFinSolver``
    /// (Newton on the finite-difference equations, warm-started from the last solution), and
    ///
    ///     T̂_i(p) = T∞ + θ_b θ(x_i/L; N(h), ε_c, G, ε_G)
    ///
    /// is fitted for `unknowns` (h, G, ε_G, T∞, T_b; not k, which enters with h only through N
    /// and ε_c) by Levenberg–Marquardt through ``ProfileFit``, with its Jacobian by central
    /// differences (one solve per unknown and side).
    ///
    /// - Parameters:
    ///   - readings: validated readings.
    ///   - fin: k∞, geometry, T∞, T_b (the known ones, and the starts of the unknown ones).
    ///   - terms: ε_c, G, ε_G (known, or starts).
    ///   - unknowns: what to estimate (h first).
    ///   - initial: p₀ (default: h from ``initialGuess(readings:fin:tip:unknowns:)`` of the
    ///     linear fin, the rest from `fin` and `terms`).
    ///   - solver: the grid (default 200 intervals: θ to ≈ 5·10⁻⁷ N²).
    /// - Throws: ``ProfileFitError``.
    public static func fit(
        readings: FinReadings, fin: FinProperties, nonlinear terms: NonlinearFinTerms, unknowns: [FinUnknown],
        initial: [Double]? = nil, solver: NonlinearFinSolver? = nil
    ) throws(ProfileFitError) -> ProfileEstimate {
        if unknowns.contains(.conductivity) {
            throw .solver("k cannot be estimated with the nonlinear fin's terms: it enters with h only through N = mL")
        }
        let grid: NonlinearFinSolver
        do { grid = try solver ?? NonlinearFinSolver(gridIntervals: 200) } catch { throw .solver("\(error)") }
        // The last θ on the grid, to start the next Newton solve near it (the fit's trial p move
        // little), so that each solve takes two or three iterations.
        var warm: [Double]?
        func model(_ p: [Double]) throws -> [Double] {
            let trial = try FinUnknown.fin(fin, setting: unknowns, to: p)
            let (t, theta) = try terms.setting(unknowns, to: p).temperatures(
                at: readings.positions, of: trial, solver: grid, initialGuess: warm)
            warm = theta
            return t
        }
        let start = initial ?? scannedStart(readings: readings, fin: fin, unknowns: unknowns, terms: terms, model: model)
        // The solver's θ is exact only to its Newton tolerance, so S is flat to ~10⁻¹² of itself
        // rather than to rounding: stop on the relative decrease instead of chasing that noise.
        let fitter = LevenbergMarquardt(costTolerance: 1e-12)
        return try ProfileFit.fit(readings: readings, unknowns: unknowns, initial: start, model: model, fitter: fitter)
    }

    /// p₀ for the nonlinear fit. The linear fin's h from ``initialGuess(readings:fin:tip:unknowns:)``
    /// can be far off (generation flattens the profile, so the readings look like a small h; a
    /// fin hotter inside than at its base has no linear guess at all), and from there LM can
    /// crawl along the valley of S where N²G, not h and G, is what the readings see. So p₀ is
    /// the best, by the weighted cost, of h₀ = that guess × 2ᵏ (k = −3 … 6) and, when G is
    /// unknown, G₀ ∈ {its start, 0, ¼, ½, 1, 2, 4}, with the other unknowns at their starts.
    static func scannedStart(
        readings: FinReadings, fin: FinProperties, unknowns: [FinUnknown], terms: NonlinearFinTerms,
        model: ([Double]) throws -> [Double]
    ) -> [Double] {
        let linear = unknowns.filter { !$0.isNonlinear }
        let guess = initialGuess(readings: readings, fin: fin, tip: .insulated, unknowns: linear)
        let start = unknowns.map { u in linear.firstIndex(of: u).map { guess[$0] } ?? u.value(in: fin, nonlinear: terms) }
        guard let hIndex = unknowns.firstIndex(of: .h) else { return start }
        let h0 = start[hIndex]
        let hs = (-3...6).map { h0 * Foundation.pow(2, Double($0)) }.filter { $0 < FinProperties.maximumHeatTransferCoefficient }
        let gIndex = unknowns.firstIndex(of: .heatGeneration)
        var gs = gIndex.map { [start[$0]] } ?? [terms.heatGeneration]
        if gIndex != nil { gs += [0, 0.25, 0.5, 1, 2, 4].filter { !gs.contains($0) } }
        let weights = readings.sigmas.map { $0.map { 1 / $0 } } ?? Array(repeating: 1, count: readings.count)
        var best = (cost: Double.infinity, p: start)
        for g in gs {
            for h in hs {
                var trial = start
                trial[hIndex] = h
                if let gIndex { trial[gIndex] = g }
                guard let t = try? model(trial) else { continue }
                let cost = (0..<readings.count).reduce(0.0) { s, i in
                    let r = (t[i] - readings.temperatures[i]) * weights[i]
                    return s + r * r
                }
                if cost.isFinite, cost < best.cost { best = (cost, trial) }
            }
        }
        return best.p
    }
}
