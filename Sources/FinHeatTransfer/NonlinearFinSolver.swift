import Foundation

/// Why `NonlinearFinSolver.solve` gave up.
public enum NonlinearFinSolverError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Newton's method took `iterations` steps without the step falling below the tolerance.
    case newtonDidNotConverge(
        iterations: Int, residualNorm: Double, lastStepNorm: Double, tolerance: Double)
    /// An iterate made the conductivity 1 + ε_c θ non-positive at node x: the problem is
    /// ill-posed there (heat would flow uphill).
    case nonPositiveConductivity(x: Double, theta: Double, conductivity: Double)
    /// The Newton Jacobian could not be factorised.
    case singularJacobian(iteration: Int, TridiagonalSolverError)

    public var description: String {
        switch self {
        case .newtonDidNotConverge(let iterations, let residualNorm, let lastStep, let tolerance):
            return "nonlinear fin: Newton did not converge in \(iterations) iterations "
                + "(max |residual| = \(residualNorm), last max |step| = \(lastStep), "
                + "tolerance \(tolerance)); raise maximumIterations, refine the grid, or reduce "
                + "|ε_c|, |G ε_G|"
        case .nonPositiveConductivity(let x, let theta, let conductivity):
            return "nonlinear fin: conductivity 1 + ε_c θ = \(conductivity) ≤ 0 at x = \(x) "
                + "(θ = \(theta)); choose ε_c so that k stays positive over the fin"
        case .singularJacobian(let iteration, let error):
            return "nonlinear fin: Newton iteration \(iteration): \(error)"
        }
    }
}

/// Finite differences and Newton's method for the nonlinear fin of `NonlinearFinParameters`,
///
///     d/dx[(1 + ε_c θ) dθ/dx] − N² θ + N² G (1 + ε_G θ) = 0,   θ(0) = 1,   θ′(1) = 0.
///
/// Grid x_i = i Δx, Δx = 1/n, i = 0 … n; θ_0 = 1 is known and θ_1 … θ_n are unknown. With
/// k_i = 1 + ε_c θ_i, k_(i±½) = (k_i + k_(i±1))/2 and S_i = −N²θ_i + N²G(1 + ε_Gθ_i), the
/// conservative second-order scheme is
///
///     R_i = [k_(i+½)(θ_(i+1) − θ_i) − k_(i−½)(θ_i − θ_(i−1))] / Δx² + S_i = 0,   1 ≤ i < n,
///     R_n = 2 k_(n−½)(θ_(n−1) − θ_n) / Δx² + S_n = 0,
///
/// the tip row from a ghost node θ_(n+1) = θ_(n−1) (central θ′(1) = 0, second order). The
/// Jacobian ∂R_i/∂θ_j is tridiagonal; each Newton step solves J δ = −R by the Thomas algorithm
/// and sets θ ← θ + δ, halving δ (up to 10 times) when the full step would make the
/// conductivity non-positive or increase max |R|. Newton stops when max |δ| ≤ `tolerance`.
///
/// The first guess is the exact constant-property solution `linearTheta(at:)`, so ε_c = ε_G = 0
/// converges in one step (plus one to confirm) and moderate ε in a handful.
/// The discretisation error is O(Δx²): max |θ_i − θ(x_i)| ≈ 0.02 N² Δx² for ε_c = ε_G = G = 0 and
/// 1 ≤ N ≤ 5 (measured; the tests check the order).
public struct NonlinearFinSolver: Equatable, Sendable {
    /// Number of grid intervals n; Δx = 1/n.
    public let gridIntervals: Int
    /// Newton stops when max |δθ| ≤ tolerance.
    public let tolerance: Double
    /// Newton gives up (throwing `.newtonDidNotConverge`) after this many steps.
    public let maximumIterations: Int

    /// A solver on a uniform grid of `gridIntervals` intervals.
    ///
    /// - Parameters:
    ///   - gridIntervals: n, 2 ≤ n ≤ 1 000 000 (default 400: error ≈ 1.3·10⁻⁷ N², below 1e−6
    ///     for N ≤ 2.5).
    ///   - tolerance: Newton step tolerance, 0 < tol ≤ 0.1 (default 1e−11).
    ///   - maximumIterations: 1 … 1000 (default 50).
    /// - Throws: `FinParameterError` naming the value out of range.
    public init(gridIntervals: Int = 400, tolerance: Double = 1e-11, maximumIterations: Int = 50)
        throws
    {
        try FinParameterError.requireWithin(
            Double(gridIntervals), field: "grid intervals", symbol: "n", unit: "", 2...1_000_000)
        try FinParameterError.requirePositive(
            tolerance, field: "Newton tolerance", symbol: "tol", unit: "", atMost: 0.1)
        try FinParameterError.requireWithin(
            Double(maximumIterations), field: "maximum Newton iterations", symbol: "iterations",
            unit: "", 1...1000)
        self.gridIntervals = gridIntervals
        self.tolerance = tolerance
        self.maximumIterations = maximumIterations
    }

    /// Grid spacing Δx = 1/n.
    public var spacing: Double { 1 / Double(gridIntervals) }

    /// The grid x_i = i/n, i = 0 … n.
    public var positions: [Double] {
        (0...gridIntervals).map { Double($0) / Double(gridIntervals) }
    }

    /// Solves the nonlinear fin.
    ///
    /// - Parameters:
    ///   - parameters: N, ε_c, G, ε_G.
    ///   - initialGuess: θ_0 … θ_n (n + 1 values, θ_0 is reset to 1); default `linearTheta`.
    /// - Returns: the nodal θ_i with the iteration count and final residual.
    /// - Throws: `NonlinearFinSolverError` when Newton fails (with iterations and residual).
    public func solve(_ parameters: NonlinearFinParameters, initialGuess: [Double]? = nil)
        throws -> NonlinearFinSolution
    {
        let n = gridIntervals
        let x = positions
        var theta = initialGuess ?? x.map { parameters.linearTheta(at: $0) }
        precondition(
            theta.count == n + 1,
            "NonlinearFinSolver: initial guess has \(theta.count) values, expected n + 1 = \(n + 1)")
        theta[0] = 1
        try checkConductivity(theta, parameters)

        var residual = residuals(of: theta, parameters)
        var residualNorm = maxMagnitude(residual)
        var stepNorm = Double.infinity
        for iteration in 1...maximumIterations {
            let jacobian = self.jacobian(at: theta, parameters)
            let step: [Double]
            do {
                step = try TridiagonalSolver.solve(
                    lower: jacobian.lower, diagonal: jacobian.diagonal, upper: jacobian.upper,
                    rightHandSide: residual.map { -$0 })
            } catch let error as TridiagonalSolverError {
                throw NonlinearFinSolverError.singularJacobian(iteration: iteration, error)
            }
            // Damped update: halve δ while it would make k ≤ 0 or increase max |R|.
            var scale = 1.0
            var trial = theta
            var trialResidual = residual
            for halving in 0...10 {
                for i in 1...n { trial[i] = theta[i] + scale * step[i - 1] }
                let conductivityStaysPositive = (0...n).allSatisfy {
                    parameters.conductivity(at: trial[$0]) > 0
                }
                if conductivityStaysPositive {
                    trialResidual = residuals(of: trial, parameters)
                    if maxMagnitude(trialResidual) <= residualNorm || halving == 10 { break }
                } else if halving == 10 {
                    try checkConductivity(trial, parameters)
                }
                scale /= 2
            }
            theta = trial
            residual = trialResidual
            residualNorm = maxMagnitude(residual)
            stepNorm = scale * maxMagnitude(step)
            if stepNorm <= tolerance {
                return NonlinearFinSolution(
                    parameters: parameters, theta: theta, newtonIterations: iteration,
                    residualNorm: residualNorm)
            }
        }
        throw NonlinearFinSolverError.newtonDidNotConverge(
            iterations: maximumIterations, residualNorm: residualNorm, lastStepNorm: stepNorm,
            tolerance: tolerance)
    }

    /// The discrete residuals R_1 … R_n of the scheme above for nodal values θ_0 … θ_n.
    public func residuals(of theta: [Double], _ parameters: NonlinearFinParameters) -> [Double] {
        let n = gridIntervals
        precondition(theta.count == n + 1, "residuals: expected n + 1 = \(n + 1) nodal values")
        let inverseSpacingSquared = Double(n * n)
        var residual = [Double](repeating: 0, count: n)
        for i in 1..<n {
            let kWest = (parameters.conductivity(at: theta[i - 1])
                + parameters.conductivity(at: theta[i])) / 2  // k_(i−½)
            let kEast = (parameters.conductivity(at: theta[i])
                + parameters.conductivity(at: theta[i + 1])) / 2  // k_(i+½)
            let flux = kEast * (theta[i + 1] - theta[i]) - kWest * (theta[i] - theta[i - 1])
            residual[i - 1] = flux * inverseSpacingSquared + parameters.source(at: theta[i])
        }
        let kWest = (parameters.conductivity(at: theta[n - 1])
            + parameters.conductivity(at: theta[n])) / 2
        residual[n - 1] = 2 * kWest * (theta[n - 1] - theta[n]) * inverseSpacingSquared
            + parameters.source(at: theta[n])
        return residual
    }

    /// ∂R_i/∂θ_j for the unknowns θ_1 … θ_n, as the three diagonals of a tridiagonal matrix.
    ///
    /// With dk_(i±½)/dθ_i = ε_c/2, for 1 ≤ i < n:
    ///
    ///     ∂R_i/∂θ_(i−1) = [k_(i−½) − (ε_c/2)(θ_i − θ_(i−1))] / Δx²
    ///     ∂R_i/∂θ_i     = [(ε_c/2)(θ_(i+1) − θ_i) − k_(i+½) − (ε_c/2)(θ_i − θ_(i−1)) − k_(i−½)] / Δx² + dS/dθ
    ///     ∂R_i/∂θ_(i+1) = [k_(i+½) + (ε_c/2)(θ_(i+1) − θ_i)] / Δx²
    ///
    /// and for the tip, ∂R_n/∂θ_(n−1) = 2[k_(n−½) + (ε_c/2)(θ_(n−1) − θ_n)]/Δx²,
    /// ∂R_n/∂θ_n = 2[(ε_c/2)(θ_(n−1) − θ_n) − k_(n−½)]/Δx² + dS/dθ.
    func jacobian(at theta: [Double], _ parameters: NonlinearFinParameters)
        -> (lower: [Double], diagonal: [Double], upper: [Double])
    {
        let n = gridIntervals
        let inverseSpacingSquared = Double(n * n)
        let halfSlope = parameters.conductivityCoefficient / 2  // dk_(i±½)/dθ_i
        let sourceSlope = parameters.sourceDerivative
        var lower = [Double](repeating: 0, count: n - 1)  // lower[i−2] = ∂R_i/∂θ_(i−1)
        var diagonal = [Double](repeating: 0, count: n)  // diagonal[i−1] = ∂R_i/∂θ_i
        var upper = [Double](repeating: 0, count: n - 1)  // upper[i−1] = ∂R_i/∂θ_(i+1)
        for i in 1..<n {
            let kWest = (parameters.conductivity(at: theta[i - 1])
                + parameters.conductivity(at: theta[i])) / 2
            let kEast = (parameters.conductivity(at: theta[i])
                + parameters.conductivity(at: theta[i + 1])) / 2
            let westDifference = theta[i] - theta[i - 1]
            let eastDifference = theta[i + 1] - theta[i]
            if i > 1 {
                lower[i - 2] = (kWest - halfSlope * westDifference) * inverseSpacingSquared
            }
            diagonal[i - 1] =
                (halfSlope * eastDifference - kEast - halfSlope * westDifference - kWest)
                * inverseSpacingSquared + sourceSlope
            upper[i - 1] = (kEast + halfSlope * eastDifference) * inverseSpacingSquared
        }
        let kWest = (parameters.conductivity(at: theta[n - 1])
            + parameters.conductivity(at: theta[n])) / 2
        let tipDifference = theta[n - 1] - theta[n]
        lower[n - 2] = 2 * (kWest + halfSlope * tipDifference) * inverseSpacingSquared
        diagonal[n - 1] =
            2 * (halfSlope * tipDifference - kWest) * inverseSpacingSquared + sourceSlope
        return (lower, diagonal, upper)
    }

    private func checkConductivity(_ theta: [Double], _ parameters: NonlinearFinParameters)
        throws
    {
        for (i, value) in theta.enumerated() where parameters.conductivity(at: value) <= 0 {
            throw NonlinearFinSolverError.nonPositiveConductivity(
                x: Double(i) / Double(gridIntervals), theta: value,
                conductivity: parameters.conductivity(at: value))
        }
    }

    private func maxMagnitude(_ values: [Double]) -> Double {
        values.reduce(0) { Swift.max($0, abs($1)) }
    }
}
