import Foundation

/// Whether the readings can tell the unknowns apart.
public enum Separability: Equatable, Sendable {
    /// The unknowns are seen independently enough (|ρ| ≤ 0.99 for every pair).
    case separable
    /// Two unknowns move together (0.99 < |ρ| and κ ≤ 10⁶): each interval is wide.
    case correlated(first: FinUnknown, second: FinUnknown, correlation: Double)
    /// The data cannot separate them (κ > 10⁶ or a singular normal matrix): no number is honest.
    case inseparable(first: FinUnknown, second: FinUnknown)
}

/// An estimate of a fin's unknowns from readings, with the uncertainty every route reports the
/// same way.
///
/// The fit minimises ½ Σ ((T̂(x_i; p) − T_i)/σ_i)², σ_i the stated noise (or 1, with σ then
/// estimated from the residuals), by `LevenbergMarquardt`. Its covariance is
///
///     C = s² (JᵀWJ)⁻¹ + b bᵀ,   b = (JᵀWJ)⁻¹ JᵀW δ·1
///
/// with s² = 1 for stated noise or σ̂² = Σ r_i²/(m − p) otherwise, and the second term the effect
/// of a systematic model error of δ kelvin shared by every reading (a surrogate's own error:
/// smooth in x, so neighbouring readings share it; δ = its RMS test error). The 95 % interval is
/// p̂ ± q SE with q from Student's t_(m−p) (σ estimated) or the normal (σ stated).
public struct ProfileEstimate: Sendable {
    /// What was estimated, in order.
    public let unknowns: [FinUnknown]
    /// p̂.
    public let values: [Double]
    /// √diag C.
    public let standardErrors: [Double]
    /// The multiplier q of the 95 % interval.
    public let intervalQuantile: Double
    /// ρ_ij = C_ij/(SE_i SE_j), row-major p × p.
    public let correlation: [Double]
    /// κ of the scaled normal matrix.
    public let conditionNumber: Double
    /// Whether the readings tell the unknowns apart.
    public let separability: Separability
    /// The readings fitted.
    public let readings: FinReadings
    /// T̂(x_i; p̂) [fin's scale].
    public let fittedTemperatures: [Double]
    /// r_i = T̂(x_i; p̂) − T_i [K].
    public let residuals: [Double]
    /// Whether σ_i were stated (else estimated from the residuals).
    public let noiseIsKnown: Bool
    /// σ̂ = √(Σ r_i²/(m − p)) [K], the scatter the residuals show.
    public let residualStandardDeviation: Double
    /// What the residuals say.
    public let diagnosis: ResidualDiagnosis
    /// LM iterations.
    public let iterations: Int
    /// δ [K], the systematic model error included in C (0 for the physics model).
    public let systematicError: Double

    /// An estimate obtained some other way (a direct inverse network, a PINN): its values and
    /// standard errors as given, with the residuals of `fitted` (the profile at p̂) diagnosed as a
    /// fit of `parameterCount` parameters would be (default: the unknowns; more when the route
    /// also fitted something it does not report, such as a PINN's free amplitude).
    public init(
        readings: FinReadings, unknowns: [FinUnknown], values: [Double], standardErrors: [Double],
        intervalQuantile: Double, fittedTemperatures: [Double], systematicError: Double = 0,
        parameterCount: Int? = nil
    ) {
        let p = parameterCount ?? unknowns.count, m = readings.count
        let residuals = (0..<m).map { fittedTemperatures[$0] - readings.temperatures[$0] }
        self.unknowns = unknowns
        self.values = values
        self.standardErrors = standardErrors
        self.intervalQuantile = intervalQuantile
        let u = unknowns.count
        self.correlation = (0..<(u * u)).map { $0 / u == $0 % u ? 1 : 0 }
        self.conditionNumber = 1
        self.separability = .separable
        self.readings = readings
        self.fittedTemperatures = fittedTemperatures
        self.residuals = residuals
        self.noiseIsKnown = readings.sigmas != nil
        self.residualStandardDeviation = (residuals.reduce(0) { $0 + $1 * $1 } / Double(max(m - p, 1))).squareRoot()
        self.diagnosis = ResidualDiagnosis(
            residuals: residuals, sigmas: readings.sigmas, parameterCount: p, positions: readings.positions)
        self.iterations = 0
        self.systematicError = systematicError
    }

    init(
        unknowns: [FinUnknown], values: [Double], standardErrors: [Double], intervalQuantile: Double,
        correlation: [Double], conditionNumber: Double, separability: Separability, readings: FinReadings,
        fittedTemperatures: [Double], residuals: [Double], noiseIsKnown: Bool, residualStandardDeviation: Double,
        diagnosis: ResidualDiagnosis, iterations: Int, systematicError: Double
    ) {
        self.unknowns = unknowns
        self.values = values
        self.standardErrors = standardErrors
        self.intervalQuantile = intervalQuantile
        self.correlation = correlation
        self.conditionNumber = conditionNumber
        self.separability = separability
        self.readings = readings
        self.fittedTemperatures = fittedTemperatures
        self.residuals = residuals
        self.noiseIsKnown = noiseIsKnown
        self.residualStandardDeviation = residualStandardDeviation
        self.diagnosis = diagnosis
        self.iterations = iterations
        self.systematicError = systematicError
    }

    /// p̂_j ± q SE_j.
    public func interval(_ j: Int) -> ClosedRange<Double> {
        (values[j] - intervalQuantile * standardErrors[j])...(values[j] + intervalQuantile * standardErrors[j])
    }

    /// Σ (r_i/σ_i)²/(m − p) for stated noise; nil when σ was estimated (it would be 1).
    public var reducedChiSquared: Double? { noiseIsKnown ? diagnosis.reducedChiSquared : nil }

    /// The value of one unknown, if estimated.
    public func value(of unknown: FinUnknown) -> Double? {
        unknowns.firstIndex(of: unknown).map { values[$0] }
    }

    /// The estimate of `kept` alone, the other unknowns fitted as nuisance parameters: the
    /// marginal of a Gaussian is its sub-vector and sub-block of C, so each SE keeps what the
    /// nuisance parameters' uncertainty adds (as T_b from a noisy reading at x = 0 does). The
    /// residuals, their diagnosis (with m − p degrees of freedom of the whole fit) and the
    /// separability verdict stay those of the whole fit.
    ///
    /// - Precondition: `kept` is a non-empty subset of ``unknowns``.
    public func marginal(_ kept: [FinUnknown]) -> ProfileEstimate {
        let index = kept.map { unknown in
            guard let j = unknowns.firstIndex(of: unknown) else { preconditionFailure("\(unknown) was not estimated") }
            return j
        }
        if index == Array(unknowns.indices) { return self }
        let p = unknowns.count
        return ProfileEstimate(
            unknowns: kept, values: index.map { values[$0] }, standardErrors: index.map { standardErrors[$0] },
            intervalQuantile: intervalQuantile, correlation: index.flatMap { a in index.map { b in correlation[a * p + b] } },
            conditionNumber: conditionNumber, separability: separability, readings: readings,
            fittedTemperatures: fittedTemperatures, residuals: residuals, noiseIsKnown: noiseIsKnown,
            residualStandardDeviation: residualStandardDeviation, diagnosis: diagnosis, iterations: iterations,
            systematicError: systematicError)
    }
}

/// Why a profile fit gave no estimate.
public enum ProfileFitError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The normal matrix is singular: the readings cannot separate these unknowns.
    case inseparable(unknowns: [FinUnknown])
    /// The least-squares solver failed (its message).
    case solver(String)

    public var description: String {
        switch self {
        case .inseparable(let unknowns):
            let why = unknowns.contains(where: \.isNonlinear)
                ? "heat generation raises the profile as a smaller h would, and on a short fin (small N = mL) these readings cannot tell which; fix one of them or add readings"
                : "they change the profile in the same way (for an insulated or infinite tip, h and k enter only as h/k); fix one of them"
            return "the readings cannot separate " + unknowns.map(\.symbol).joined(separator: " and ") + ": " + why
        case .solver(let message):
            return message
        }
    }
}

/// The fit behind ``ProfileEstimate``, shared by every route that fits a profile model.
public enum ProfileFit {
    /// Fits `model` to `readings`.
    ///
    /// - Parameters:
    ///   - readings: x_i, T_i and optional σ_i.
    ///   - unknowns: what p holds.
    ///   - initial: p₀.
    ///   - model: p ↦ T̂(x_i; p) at the readings' positions; throws for p it rejects.
    ///   - jacobian: p ↦ ∂T̂_i/∂p_j, row-major m × p (central differences if nil).
    ///   - systematicError: δ [K] of the model itself (see ``ProfileEstimate``).
    ///   - fitter: LM settings.
    /// - Throws: ``ProfileFitError``.
    public static func fit(
        readings: FinReadings, unknowns: [FinUnknown], initial: [Double],
        model: @escaping ([Double]) throws -> [Double], jacobian: (([Double]) throws -> [Double])? = nil,
        systematicError: Double = 0, fitter: LevenbergMarquardt = LevenbergMarquardt()
    ) throws(ProfileFitError) -> ProfileEstimate {
        let m = readings.count, p = unknowns.count
        let weights = readings.sigmas.map { $0.map { 1 / $0 } } ?? Array(repeating: 1, count: m)
        let noiseIsKnown = readings.sigmas != nil
        func weightedResiduals(_ q: [Double]) throws -> [Double] {
            let t = try model(q)
            return (0..<m).map { (t[$0] - readings.temperatures[$0]) * weights[$0] }   // (ŷ − y)/σ
        }
        func weightedJacobian(_ q: [Double]) throws -> [Double] {
            if let jacobian {
                var j = try jacobian(q)
                for i in 0..<m { for k in 0..<p { j[i * p + k] *= weights[i] } }
                return j
            }
            return try centralDifferences(q, m: m, unknowns: unknowns, weightedResiduals)
        }
        let fit: LeastSquaresFit
        do {
            fit = try fitter.fit(
                initial: initial, noiseIsKnown: noiseIsKnown, residuals: weightedResiduals, jacobian: weightedJacobian)
        } catch LevenbergMarquardtError.singularNormalMatrix {
            throw .inseparable(unknowns: unknowns)
        } catch LevenbergMarquardtError.didNotConverge(let iterations, let norm, let last) {
            // LM wandering along a valley of S is what two unknowns the data cannot tell apart
            // look like: say so when they are that correlated where it stopped.
            if let pair = try? strongestCorrelation(weightedJacobian(last), m: m, p: p), abs(pair.2) > 0.99 {
                throw .inseparable(unknowns: [unknowns[pair.0], unknowns[pair.1]])
            }
            let at = zip(unknowns, last).map { "\($0.symbol) = \($1)" }.joined(separator: ", ")
            throw .solver("Levenberg–Marquardt did not converge in \(iterations) iterations (last at \(at), ‖r‖ = \(norm)): "
                + "the readings determine some combination of " + unknowns.map(\.symbol).joined(separator: ", ")
                + " only weakly; fix one of them or add readings")
        } catch {
            throw .solver(String(describing: error))
        }
        let fitted: [Double], jw: [Double]
        do {
            fitted = try model(fit.parameters)
            jw = try weightedJacobian(fit.parameters)
        } catch {
            throw .solver(String(describing: error))
        }
        let residuals = (0..<m).map { fitted[$0] - readings.temperatures[$0] }
        var covariance = fit.covariance
        if systematicError > 0 {
            // b = (JᵀWJ)⁻¹ JᵀW δ·1, in the fit's weighted units.
            var normal = [Double](repeating: 0, count: p * p), rhs = [Double](repeating: 0, count: p)
            for i in 0..<m {
                for a in 0..<p {
                    rhs[a] += jw[i * p + a] * systematicError * weights[i]
                    for b in 0..<p { normal[a * p + b] += jw[i * p + a] * jw[i * p + b] }
                }
            }
            if let factor = Cholesky(normal, order: p) {
                let b = factor.solve(rhs)
                for a in 0..<p { for c in 0..<p { covariance[a * p + c] += b[a] * b[c] } }
            }
        }
        let se = (0..<p).map { covariance[$0 * p + $0].squareRoot() }
        let correlation = (0..<(p * p)).map { covariance[$0] / (se[$0 / p] * se[$0 % p]) }
        let sigmaHat = (residuals.reduce(0) { $0 + $1 * $1 } / Double(m - p)).squareRoot()
        return ProfileEstimate(
            unknowns: unknowns, values: fit.parameters, standardErrors: se,
            intervalQuantile: fit.intervalQuantile(), correlation: correlation,
            conditionNumber: fit.conditionNumber,
            separability: separability(unknowns, correlation: correlation, conditionNumber: fit.conditionNumber),
            readings: readings, fittedTemperatures: fitted, residuals: residuals, noiseIsKnown: noiseIsKnown,
            residualStandardDeviation: sigmaHat,
            diagnosis: ResidualDiagnosis(
                residuals: residuals, sigmas: readings.sigmas, parameterCount: p, positions: readings.positions),
            iterations: fit.iterations, systematicError: systematicError)
    }

    /// ∂r_i/∂p_j by central differences with Δ_j = 10⁻⁶ max(|p_j|, 1) for temperatures and G,
    /// ε_G and 10⁻⁶ |p_j| for h and k; one-sided at the edge of the model's domain (a G at its
    /// bound), where one side throws.
    static func centralDifferences(
        _ q: [Double], m: Int, unknowns: [FinUnknown], _ residuals: ([Double]) throws -> [Double]
    ) throws -> [Double] {
        let p = q.count
        var j = [Double](repeating: 0, count: m * p)
        for k in 0..<p {
            // Temperatures (T∞ may be 0 °C) and the nonlinear fin's G and ε_G (often 0) step by at
            // least 10⁻⁶; h and k, always > 0, relative to themselves.
            let mayBeZero = unknowns[k] != .h && unknowns[k] != .conductivity
            let delta = 1e-6 * (mayBeZero ? max(abs(q[k]), 1) : abs(q[k]))
            var plus = q, minus = q
            plus[k] += delta
            minus[k] -= delta
            switch (try? residuals(plus), try? residuals(minus)) {
            case let (up?, down?):
                for i in 0..<m { j[i * p + k] = (up[i] - down[i]) / (2 * delta) }
            case let (up?, nil):
                let r = try residuals(q)
                for i in 0..<m { j[i * p + k] = (up[i] - r[i]) / delta }
            case let (nil, down?):
                let r = try residuals(q)
                for i in 0..<m { j[i * p + k] = (r[i] - down[i]) / delta }
            case (nil, nil):
                _ = try residuals(plus)                 // its error
            }
        }
        return j
    }

    /// The pair (a, b) with the largest |ρ_ab| of (JᵀJ)⁻¹, J row-major m × p; nil if JᵀJ is
    /// singular or p = 1.
    static func strongestCorrelation(_ j: [Double], m: Int, p: Int) -> (Int, Int, Double)? {
        guard p > 1 else { return nil }
        var normal = [Double](repeating: 0, count: p * p)
        for i in 0..<m { for a in 0..<p { for b in 0..<p { normal[a * p + b] += j[i * p + a] * j[i * p + b] } } }
        guard let factor = Cholesky(normal, order: p) else { return nil }
        let inverse = (0..<p).map { k in factor.solve((0..<p).map { $0 == k ? 1 : 0 }) }   // columns
        var worst: (Int, Int, Double)?
        for a in 0..<p {
            for b in (a + 1)..<p {
                let rho = inverse[b][a] / (inverse[a][a] * inverse[b][b]).squareRoot()
                if abs(rho) > abs(worst?.2 ?? 0) { worst = (a, b, rho) }
            }
        }
        return worst
    }

    /// κ > 10⁶: inseparable; any |ρ| > 0.99: correlated (the worst pair named).
    static func separability(_ unknowns: [FinUnknown], correlation: [Double], conditionNumber: Double) -> Separability {
        let p = unknowns.count
        var worst: (Int, Int, Double)?
        for a in 0..<p {
            for b in (a + 1)..<max(a + 1, p) where abs(correlation[a * p + b]) > abs(worst?.2 ?? 0) {
                worst = (a, b, correlation[a * p + b])
            }
        }
        guard let worst else { return .separable }
        if conditionNumber > 1e6 || !conditionNumber.isFinite {
            return .inseparable(first: unknowns[worst.0], second: unknowns[worst.1])
        }
        if abs(worst.2) > 0.99 {
            return .correlated(first: unknowns[worst.0], second: unknowns[worst.1], correlation: worst.2)
        }
        return .separable
    }
}
