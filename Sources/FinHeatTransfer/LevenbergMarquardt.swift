import Foundation

/// Why a Levenberg–Marquardt fit could not be made.
public enum LevenbergMarquardtError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Fewer residuals than parameters + 1: the fit or its variance σ̂² = S/(m − p) is undefined.
    case tooFewResiduals(residuals: Int, parameters: Int)
    /// The residuals at the starting point are not all finite.
    case nonFiniteResidual(index: Int, value: Double, parameters: [Double])
    /// The residual closure returned a different number of residuals than at the start.
    case residualCountChanged(expected: Int, got: Int)
    /// The Jacobian closure returned the wrong number of entries (expected m × p).
    case jacobianShape(expected: Int, got: Int)
    /// JᵀJ is singular: the data cannot tell the parameters apart (or a parameter has no effect).
    case singularNormalMatrix(parameters: [Double])
    /// The iteration limit was reached before any convergence test passed.
    case didNotConverge(iterations: Int, residualNorm: Double, parameters: [Double])

    public var description: String {
        switch self {
        case .tooFewResiduals(let residuals, let parameters):
            return "least squares: \(residuals) residuals for \(parameters) parameters; need at "
                + "least \(parameters + 1) to estimate the parameters and their standard errors"
        case .nonFiniteResidual(let index, let value, let parameters):
            return "least squares: residual \(index) is \(value) at the starting parameters "
                + "\(parameters); start from values the model accepts"
        case .residualCountChanged(let expected, let got):
            return "least squares: the residual function returned \(got) residuals, expected "
                + "\(expected) as at the start"
        case .jacobianShape(let expected, let got):
            return "least squares: the Jacobian has \(got) entries, expected m × p = \(expected) "
                + "(row-major, ∂r_i/∂p_j at i·p + j)"
        case .singularNormalMatrix(let parameters):
            return "least squares: JᵀJ is singular at \(parameters); the residuals do not depend "
                + "on some parameter (or on a combination of them) — fix it or add data"
        case .didNotConverge(let iterations, let residualNorm, let parameters):
            return "least squares: no convergence in \(iterations) iterations (‖r‖ = "
                + "\(residualNorm), parameters \(parameters)); raise maximumIterations or start "
                + "closer"
        }
    }
}

/// The result of a least-squares fit, with the Gauss–Newton uncertainty of the estimate.
public struct LeastSquaresFit: Equatable, Sendable {
    /// Which convergence test stopped the iteration.
    public enum Termination: String, Equatable, Sendable {
        /// ‖δ‖ ≤ stepTolerance (‖p‖ + stepTolerance).
        case smallStep
        /// The cost fell by less than costTolerance × cost, or to zero.
        case smallCostReduction
        /// ‖Jᵀr‖∞ ≤ gradientTolerance.
        case smallGradient
    }

    /// The estimate p̂.
    public let parameters: [Double]
    /// √diag(C): the standard error of each parameter.
    public let standardErrors: [Double]
    /// C = σ̂² (JᵀJ)⁻¹ at p̂, row-major p × p (C = (JᵀJ)⁻¹ when ``noiseIsKnown``: the residuals
    /// were divided by their stated σ_i, so J and r are in units of σ).
    public let covariance: [Double]
    /// r(p̂), model minus measurement (the lecture's e = ŷ − y).
    public let residuals: [Double]
    /// ‖r(p̂)‖₂.
    public let residualNorm: Double
    /// σ̂² = ‖r‖² / (m − p), the estimated measurement variance.
    public let residualVariance: Double
    /// Jacobian evaluations (outer iterations) used.
    public let iterations: Int
    /// Which test stopped the iteration.
    public let termination: Termination
    /// Whether the residuals came divided by a known σ_i (covariance (JᵀJ)⁻¹, normal
    /// quantiles) rather than with the noise to be estimated from them (σ̂² (JᵀJ)⁻¹, Student t).
    public let noiseIsKnown: Bool
    /// κ of the scaled normal matrix D^(−½) JᵀJ D^(−½), D = diag JᵀJ: 1 for parameters the data
    /// see independently; above ~10⁸ the data cannot separate them.
    public let conditionNumber: Double

    /// m − p, the residuals' degrees of freedom.
    public var degreesOfFreedom: Int { residuals.count - parameters.count }

    /// Σ r_i² / (m − p): the reduced χ² when the residuals were divided by σ_i (≈ 1 when the
    /// model fits and σ_i are right), σ̂² otherwise.
    public var reducedChiSquared: Double { residualVariance }

    /// ρ_ij = C_ij / (SE_i SE_j), row-major p × p.
    public var correlation: [Double] {
        let p = parameters.count
        return (0..<(p * p)).map { covariance[$0] / (standardErrors[$0 / p] * standardErrors[$0 % p]) }
    }

    /// p̂_j ± q SE_j with q the two-sided `level` quantile of Student's t with m − p degrees of
    /// freedom (σ estimated from the residuals: with 9 readings and one unknown, q = 2.306, not
    /// 1.96 — the normal value covers only ≈ 91 % there), or of the normal when ``noiseIsKnown``.
    public func confidenceInterval(for index: Int, level: Double = 0.95) -> ClosedRange<Double> {
        confidenceInterval(for: index, z: intervalQuantile(level: level))
    }

    /// The multiplier q of SE in ``confidenceInterval(for:level:)``.
    public func intervalQuantile(level: Double = 0.95) -> Double {
        let p = (1 + level) / 2
        return noiseIsKnown
            ? Distributions.normalQuantile(p)
            : Distributions.studentTQuantile(p, degreesOfFreedom: Double(degreesOfFreedom))
    }

    /// p̂_j ± z SE_j for a given multiplier z.
    public func confidenceInterval(for index: Int, z: Double) -> ClosedRange<Double> {
        let halfWidth = z * standardErrors[index]
        return (parameters[index] - halfWidth)...(parameters[index] + halfWidth)
    }
}

/// A small Levenberg–Marquardt solver for nonlinear least squares with a few parameters:
/// minimise the cost S(p) = ½ Σ r_i(p)² = ½ ‖r‖².
///
/// Each iteration solves the damped normal equations (Marquardt's scaling by diag JᵀJ)
///
///     (JᵀJ + λ diag(JᵀJ)) δ = −Jᵀr,   J_ij = ∂r_i/∂p_j
///
/// and accepts p + δ if it lowers S (then λ ← λ/10), otherwise rejects it (λ ← 10λ) and solves
/// again. Small λ is Gauss–Newton, large λ a short gradient-descent step. A trial point where
/// the residual function throws or returns a non-finite value is rejected like a worse one, so
/// a model that throws for unphysical parameters (h ≤ 0) keeps the search inside its domain.
///
/// At the estimate p̂ the covariance is the Gauss–Newton C = σ̂² (JᵀJ)⁻¹, σ̂² = ‖r‖²/(m − p).
/// Without an analytic Jacobian, J is by central differences with step
/// Δ_j = `finiteDifferenceStep` · max(|p_j|, 1e−8).
public struct LevenbergMarquardt: Equatable, Sendable {
    /// Jacobian evaluations allowed.
    public var maximumIterations: Int
    /// Stop when ‖δ‖₂ ≤ stepTolerance (‖p‖₂ + stepTolerance).
    public var stepTolerance: Double
    /// Stop when an accepted step lowers S by less than costTolerance × S (0, the default,
    /// turns this test off: the step test then stops at the minimum to rounding).
    public var costTolerance: Double
    /// Stop when ‖Jᵀr‖∞ ≤ gradientTolerance.
    public var gradientTolerance: Double
    /// λ at the start.
    public var initialDamping: Double
    /// Relative step of the central-difference Jacobian.
    public var finiteDifferenceStep: Double

    /// Settings. With the defaults the iteration runs until S is flat to rounding: a step is
    /// accepted only if S visibly decreases, so p̂ is within ≈ √(ε (m − p)/2) ≈ 10⁻⁸ standard
    /// errors of the exact minimiser (and to ~1e−10 relative on noise-free data, where S → 0).
    public init(
        maximumIterations: Int = 100, stepTolerance: Double = 1e-10, costTolerance: Double = 0,
        gradientTolerance: Double = 0, initialDamping: Double = 1e-3,
        finiteDifferenceStep: Double = 1e-6
    ) {
        self.maximumIterations = maximumIterations
        self.stepTolerance = stepTolerance
        self.costTolerance = costTolerance
        self.gradientTolerance = gradientTolerance
        self.initialDamping = initialDamping
        self.finiteDifferenceStep = finiteDifferenceStep
    }

    /// Fits p to minimise ½‖r(p)‖².
    ///
    /// - Parameters:
    ///   - initial: p₀, the starting parameters (p ≥ 1 of them).
    ///   - residuals: r(p), m > p values, model minus measurement.
    ///   - noiseIsKnown: the residuals are already divided by their known σ_i, so the
    ///     covariance is (JᵀJ)⁻¹ rather than σ̂² (JᵀJ)⁻¹ (scipy's `absolute_sigma=True`).
    ///   - jacobian: J(p) row-major m × p (∂r_i/∂p_j at i·p + j); central differences if nil.
    /// - Returns: p̂ with standard errors, covariance, residuals and iteration count.
    /// - Throws: `LevenbergMarquardtError`; errors of `residuals` at p₀ or while differencing.
    public func fit(
        initial: [Double], noiseIsKnown: Bool = false, residuals: ([Double]) throws -> [Double],
        jacobian: (([Double]) throws -> [Double])? = nil
    ) throws -> LeastSquaresFit {
        let p = initial.count
        precondition(p >= 1, "LevenbergMarquardt: at least one parameter to fit")
        var parameters = initial
        var r = try residuals(parameters)
        let m = r.count
        guard m > p else { throw LevenbergMarquardtError.tooFewResiduals(residuals: m, parameters: p) }
        if let bad = r.firstIndex(where: { !$0.isFinite }) {
            throw LevenbergMarquardtError.nonFiniteResidual(
                index: bad, value: r[bad], parameters: parameters)
        }
        func evaluateJacobian(_ at: [Double]) throws -> [Double] {
            let values = try jacobian?(at) ?? centralDifferenceJacobian(at, m, residuals)
            guard values.count == m * p else {
                throw LevenbergMarquardtError.jacobianShape(expected: m * p, got: values.count)
            }
            return values
        }
        func finished(
            _ parameters: [Double], _ r: [Double], _ j: [Double], _ iterations: Int,
            _ termination: LeastSquaresFit.Termination
        ) throws -> LeastSquaresFit {
            try self.finish(parameters, r, j, m, p, iterations, termination, noiseIsKnown)
        }

        var cost = halfSumOfSquares(r)
        var damping = initialDamping
        for iteration in 1...maximumIterations {
            let j = try evaluateJacobian(parameters)
            let (normalMatrix, gradient) = normalEquations(j, r, m, p)  // JᵀJ, Jᵀr
            if gradient.map(abs).max()! <= gradientTolerance || cost == 0 {
                return try finished(parameters, r, j, iteration, cost == 0 ? .smallCostReduction : .smallGradient)
            }
            // Inner loop: raise λ until a step lowers the cost.
            while true {
                var damped = normalMatrix
                for k in 0..<p {
                    // Marquardt scaling; a zero diagonal (parameter with no effect) gets λ alone.
                    damped[k * p + k] += damping * max(normalMatrix[k * p + k], 1e-300)
                }
                guard let factor = Cholesky(damped, order: p) else {
                    throw LevenbergMarquardtError.singularNormalMatrix(parameters: parameters)
                }
                let step = factor.solve(gradient.map { -$0 })  // δ
                let trial = zip(parameters, step).map { $0 + $1 }
                let stepNorm = euclideanNorm(step)
                let parameterNorm = euclideanNorm(parameters)
                if stepNorm <= stepTolerance * (parameterNorm + stepTolerance) {
                    return try finished(parameters, r, j, iteration, .smallStep)
                }
                if let trialResiduals = try? residuals(trial) {
                    guard trialResiduals.count == m else {
                        throw LevenbergMarquardtError.residualCountChanged(
                            expected: m, got: trialResiduals.count)
                    }
                    let trialCost = halfSumOfSquares(trialResiduals)
                    if trialCost.isFinite, trialCost < cost {
                        let reduction = cost - trialCost
                        parameters = trial
                        r = trialResiduals
                        cost = trialCost
                        damping = max(damping / 10, 1e-15)
                        if reduction <= costTolerance * (cost + reduction) {
                            return try finished(
                                parameters, r, try evaluateJacobian(parameters), iteration,
                                .smallCostReduction)
                        }
                        break
                    }
                }
                damping *= 10
                // δ ≈ −Jᵀr / (λ diag JᵀJ) is then far below any useful step: give up honestly.
                guard damping < 1e30 else {
                    throw LevenbergMarquardtError.didNotConverge(
                        iterations: iteration, residualNorm: euclideanNorm(r),
                        parameters: parameters)
                }
            }
        }
        throw LevenbergMarquardtError.didNotConverge(
            iterations: maximumIterations, residualNorm: euclideanNorm(r), parameters: parameters)
    }

    /// J by central differences, J_ij = [r_i(p + Δ_j e_j) − r_i(p − Δ_j e_j)] / (2Δ_j).
    func centralDifferenceJacobian(
        _ parameters: [Double], _ m: Int, _ residuals: ([Double]) throws -> [Double]
    ) throws -> [Double] {
        let p = parameters.count
        var j = [Double](repeating: 0, count: m * p)
        for column in 0..<p {
            let delta = finiteDifferenceStep * max(abs(parameters[column]), 1e-8)
            var plus = parameters
            var minus = parameters
            plus[column] += delta
            minus[column] -= delta
            let up = try residuals(plus)
            let down = try residuals(minus)
            guard up.count == m, down.count == m else {
                throw LevenbergMarquardtError.residualCountChanged(
                    expected: m, got: up.count == m ? down.count : up.count)
            }
            for i in 0..<m { j[i * p + column] = (up[i] - down[i]) / (2 * delta) }
        }
        return j
    }

    /// Standard errors from C = σ̂² (JᵀJ)⁻¹ at the estimate (C = (JᵀJ)⁻¹ for known noise).
    private func finish(
        _ parameters: [Double], _ r: [Double], _ j: [Double], _ m: Int, _ p: Int,
        _ iterations: Int, _ termination: LeastSquaresFit.Termination, _ noiseIsKnown: Bool
    ) throws -> LeastSquaresFit {
        let (normalMatrix, _) = normalEquations(j, r, m, p)
        guard let factor = Cholesky(normalMatrix, order: p) else {
            throw LevenbergMarquardtError.singularNormalMatrix(parameters: parameters)
        }
        let sumOfSquares = 2 * halfSumOfSquares(r)
        let variance = sumOfSquares / Double(m - p)  // σ̂²
        let covariance = factor.inverse().map { (noiseIsKnown ? 1 : variance) * $0 }
        return LeastSquaresFit(
            parameters: parameters,
            standardErrors: (0..<p).map { covariance[$0 * p + $0].squareRoot() },
            covariance: covariance, residuals: r, residualNorm: sumOfSquares.squareRoot(),
            residualVariance: variance, iterations: iterations, termination: termination,
            noiseIsKnown: noiseIsKnown,
            conditionNumber: SymmetricEigenvalues.conditionNumber(ofScaled: normalMatrix, order: p))
    }

    /// JᵀJ (row-major p × p) and Jᵀr (p).
    private func normalEquations(_ j: [Double], _ r: [Double], _ m: Int, _ p: Int)
        -> ([Double], [Double])
    {
        var normalMatrix = [Double](repeating: 0, count: p * p)
        var gradient = [Double](repeating: 0, count: p)
        for i in 0..<m {
            for a in 0..<p {
                gradient[a] += j[i * p + a] * r[i]
                for b in 0..<p { normalMatrix[a * p + b] += j[i * p + a] * j[i * p + b] }
            }
        }
        return (normalMatrix, gradient)
    }

    private func halfSumOfSquares(_ r: [Double]) -> Double {
        r.reduce(0) { $0 + $1 * $1 } / 2
    }

    private func euclideanNorm(_ v: [Double]) -> Double {
        v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }
}
