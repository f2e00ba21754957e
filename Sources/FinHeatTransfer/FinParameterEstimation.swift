import Foundation

/// The classical answer to the fin's inverse problem: fit the physics model itself to the
/// thermocouple readings by nonlinear least squares (`LevenbergMarquardt`), the baseline any
/// learned model has to beat.
///
///     minimise ½ Σ_i e_i²,   e_i = ŷ(x_i; p) − y_i
///
/// with ŷ the analytic temperature T(x; h) of `AnalyticFin` (estimating h), or the solver's
/// θ(x; G) of `NonlinearFinSolver` (estimating G). The fit reports p̂, its Gauss–Newton standard
/// error √(σ̂² (JᵀJ)⁻¹), the iterations and ‖e‖.
public enum FinParameterEstimation {
    /// Estimates h from temperatures measured along an analytic fin.
    ///
    /// - Parameters:
    ///   - positions: x_i [m], 0 ≤ x_i ≤ L, at least 2.
    ///   - temperatures: measured T_i on the fin's scale, same count.
    ///   - fin: everything but h (its h is the default starting guess).
    ///   - tip: tip condition of the model (default `.insulated`).
    ///   - initialGuess: h₀ [W/(m²·K)] (default `fin.heatTransferCoefficient`).
    ///   - fitter: Levenberg–Marquardt settings.
    /// - Returns: `parameters[0]` = ĥ, `standardErrors[0]` its standard error.
    /// - Throws: `FinParameterError` for bad measurements; `LevenbergMarquardtError`.
    public static func heatTransferCoefficient(
        positions: [Double], temperatures: [Double], fin: FinProperties,
        tip: FinTipCondition = .insulated, initialGuess: Double? = nil,
        fitter: LevenbergMarquardt = LevenbergMarquardt()
    ) throws -> LeastSquaresFit {
        try validate(
            positions: positions, values: temperatures, length: fin.geometry.length, positionUnit: "m",
            valueName: "temperature")
        return try fitter.fit(initial: [initialGuess ?? fin.heatTransferCoefficient]) { p in
            let model = try AnalyticFin(properties: try fin.withHeatTransferCoefficient(p[0]), tip: tip)
            return zip(positions, temperatures).map { model.temperature(at: $0) - $1 }  // ŷ − y
        }
    }

    /// Estimates h from `FinSensorReadings` (their measured temperatures).
    ///
    /// - Throws: as `heatTransferCoefficient(positions:temperatures:fin:tip:initialGuess:fitter:)`.
    public static func heatTransferCoefficient(
        readings: FinSensorReadings, fin: FinProperties = .aluminiumPinFinInAir,
        tip: FinTipCondition = .insulated, initialGuess: Double? = nil,
        fitter: LevenbergMarquardt = LevenbergMarquardt()
    ) throws -> LeastSquaresFit {
        try heatTransferCoefficient(
            positions: readings.positions, temperatures: readings.measured, fin: fin, tip: tip,
            initialGuess: initialGuess, fitter: fitter)
    }

    /// Estimates G from non-dimensional temperatures θ_i measured along a nonlinear fin; every
    /// residual evaluation solves the fin by Newton on `solver`'s grid.
    ///
    /// - Parameters:
    ///   - positions: x_i ∈ [0, 1], at least 2.
    ///   - theta: measured θ_i, same count.
    ///   - parameters: N, ε_c, ε_G (their G is the default starting guess).
    ///   - initialGuess: G₀ (default `parameters.heatGeneration`).
    ///   - solver: grid and Newton settings (default 400 intervals).
    ///   - fitter: Levenberg–Marquardt settings.
    /// - Returns: `parameters[0]` = Ĝ, `standardErrors[0]` its standard error.
    /// - Throws: `FinParameterError` for bad measurements; `LevenbergMarquardtError`;
    ///   `NonlinearFinSolverError` if the model cannot be solved at G₀.
    public static func heatGeneration(
        positions: [Double], theta: [Double], parameters: NonlinearFinParameters,
        initialGuess: Double? = nil, solver: NonlinearFinSolver? = nil,
        fitter: LevenbergMarquardt = LevenbergMarquardt()
    ) throws -> LeastSquaresFit {
        try validate(
            positions: positions, values: theta, length: 1,
            positionUnit: "", valueName: "theta")
        let solver = try solver ?? NonlinearFinSolver()
        return try fitter.fit(initial: [initialGuess ?? parameters.heatGeneration]) { p in
            let solution = try solver.solve(try parameters.withHeatGeneration(p[0]))
            return zip(positions, theta).map { solution.theta(at: $0) - $1 }  // ŷ − y
        }
    }

    /// Estimates G from `FinSensorReadings` of a nonlinear fin (their measured θ).
    ///
    /// - Throws: as `heatGeneration(positions:theta:parameters:initialGuess:solver:fitter:)`.
    public static func heatGeneration(
        readings: FinSensorReadings, parameters: NonlinearFinParameters,
        initialGuess: Double? = nil, solver: NonlinearFinSolver? = nil,
        fitter: LevenbergMarquardt = LevenbergMarquardt()
    ) throws -> LeastSquaresFit {
        try heatGeneration(
            positions: readings.positions, theta: readings.measured, parameters: parameters,
            initialGuess: initialGuess, solver: solver, fitter: fitter)
    }

    /// Measurements from outside: equal counts, at least 2, finite, positions on the fin.
    private static func validate(
        positions: [Double], values: [Double], length: Double,
        positionUnit: String, valueName: String
    ) throws {
        guard positions.count == values.count else {
            throw FinParameterError(
                field: "\(valueName) count", symbol: "m", value: Double(values.count), unit: "",
                allowedRange: "m = \(positions.count), one per sensor position")
        }
        guard positions.count >= 2 else {
            throw FinParameterError(
                field: "sensor count", symbol: "m", value: Double(positions.count), unit: "",
                allowedRange: "m ≥ 2 (one parameter and its standard error)")
        }
        for (i, x) in positions.enumerated() {
            try FinParameterError.requireWithin(
                x, field: "sensor position x[\(i)]", symbol: "x", unit: positionUnit,
                0...length)
        }
        for (i, value) in values.enumerated() where !value.isFinite {
            throw FinParameterError(
                field: "measured \(valueName)[\(i)]", symbol: "y", value: value, unit: "",
                allowedRange: "a finite number")
        }
    }
}

extension FinParameterEstimation {
    /// The baseline route on an engineer's readings: the analytic fin fitted for `unknowns` by
    /// Levenberg–Marquardt (``ProfileFit``), with its 95 % interval, residuals and diagnosis.
    ///
    /// - Parameters:
    ///   - readings: validated readings (see ``FinReadings/validate(length:tip:ambientTemperature:baseTemperature:parameterCount:)``).
    ///   - fin: the fin; the known quantities are taken from it, the unknowns start from
    ///     `initial` (or from it).
    ///   - tip: tip condition.
    ///   - unknowns: h and optionally T∞, T_b, k.
    ///   - initial: p₀ (default: ``initialGuess(readings:fin:tip:unknowns:)``).
    /// - Throws: ``ProfileFitError``.
    public static func fit(
        readings: FinReadings, fin: FinProperties, tip: FinTipCondition, unknowns: [FinUnknown],
        initial: [Double]? = nil
    ) throws(ProfileFitError) -> ProfileEstimate {
        let start = initial ?? initialGuess(readings: readings, fin: fin, tip: tip, unknowns: unknowns)
        return try ProfileFit.fit(readings: readings, unknowns: unknowns, initial: start) { p in
            let model = try AnalyticFin(properties: try FinUnknown.fin(fin, setting: unknowns, to: p), tip: tip)
            return readings.positions.map(model.temperature(at:))
        }
    }

    /// A start for h from the readings themselves: for each reading with 0.05 < φ < 0.95,
    /// φ = (T − T∞)/θ_b, the infinite fin's φ = e^(−mx) gives m ≈ −ln φ / x; the median m gives
    /// h₀ = m² k A_c / P. Falls back to the fin's own h when no reading qualifies.
    public static func initialGuess(
        readings: FinReadings, fin: FinProperties, tip: FinTipCondition, unknowns: [FinUnknown]
    ) -> [Double] {
        let thetaB = fin.baseExcessTemperature
        var ms: [Double] = []
        for (x, t) in zip(readings.positions, readings.temperatures) where x > 0 {
            let phi = (t - fin.ambientTemperature) / thetaB
            if phi > 0.05, phi < 0.95 { ms.append(-Foundation.log(phi) / x) }
        }
        var h = fin.heatTransferCoefficient
        if !ms.isEmpty {
            let m = ms.sorted()[ms.count / 2]
            let guess = m * m * fin.conductivity * fin.geometry.crossSectionArea / fin.geometry.perimeter
            if guess.isFinite, guess > 0 { h = Swift.min(guess, FinProperties.maximumHeatTransferCoefficient / 2) }
        }
        return unknowns.map { $0 == .h ? h : $0.value(in: fin) }
    }
}
