import Foundation

/// The nodal solution θ_0 … θ_n of `NonlinearFinSolver` on x_i = i/n, with interpolation
/// between nodes and the base heat flux.
public struct NonlinearFinSolution: Equatable, Sendable {
    /// The parameters solved for.
    public let parameters: NonlinearFinParameters
    /// θ_i at x_i = i/n, i = 0 … n; θ_0 = 1.
    public let theta: [Double]
    /// Newton steps taken.
    public let newtonIterations: Int
    /// max |R_i| of the discrete equations at the returned θ.
    public let residualNorm: Double

    /// Number of grid intervals n.
    public var gridIntervals: Int { theta.count - 1 }

    /// The grid x_i = i/n.
    public var positions: [Double] {
        (0...gridIntervals).map { Double($0) / Double(gridIntervals) }
    }

    /// θ at the tip, θ_n = θ(1).
    public var tipTheta: Double { theta[gridIntervals] }

    /// θ(x) between nodes by quadratic interpolation through the three nodes nearest x,
    /// j − 1, j, j + 1 with j = round(x n) kept in 1 … n − 1 and t = x n − j:
    ///
    ///     θ(x) ≈ θ_j + t (θ_(j+1) − θ_(j−1))/2 + t² (θ_(j+1) − 2θ_j + θ_(j−1))/2
    ///
    /// The interpolation error is O(Δx³), below the O(Δx²) error of the nodal values.
    ///
    /// - Parameter x: 0 ≤ x ≤ 1.
    public func theta(at x: Double) -> Double {
        let (j, t) = stencil(at: x)
        let centralDifference = (theta[j + 1] - theta[j - 1]) / 2
        let secondDifference = theta[j + 1] - 2 * theta[j] + theta[j - 1]
        return theta[j] + t * centralDifference + t * t * secondDifference / 2
    }

    /// dθ/dx at x, the derivative of the interpolating quadratic of `theta(at:)`, O(Δx²).
    ///
    /// - Parameter x: 0 ≤ x ≤ 1.
    public func thetaGradient(at x: Double) -> Double {
        let (j, t) = stencil(at: x)
        let n = Double(gridIntervals)
        let centralDifference = (theta[j + 1] - theta[j - 1]) / 2
        let secondDifference = theta[j + 1] - 2 * theta[j] + theta[j - 1]
        return (centralDifference + t * secondDifference) * n
    }

    /// The non-dimensional heat flux into the fin at its base, Q = −(1 + ε_c) θ′(0), from the
    /// energy balance of the whole fin (θ′(1) = 0):
    ///
    ///     Q = ∫₀¹ N² [θ − G (1 + ε_G θ)] dx      (trapezoidal rule on the nodes)
    ///
    /// which is exactly what the discrete equations conserve. The dimensional heat rate is
    /// q_f = Q k∞ A_c θ_b / L; for ε_c = ε_G = G = 0, Q = N tanh N.
    public var baseHeatFlux: Double {
        let n = gridIntervals
        let spacing = 1 / Double(n)
        var integral = -(parameters.source(at: theta[0]) + parameters.source(at: theta[n])) / 2
        for i in 1..<n { integral -= parameters.source(at: theta[i]) }
        return integral * spacing
    }

    private func stencil(at x: Double) -> (j: Int, t: Double) {
        precondition(
            x >= 0 && x <= 1 + 1e-12, "NonlinearFinSolution: x = \(x) must satisfy 0 ≤ x ≤ 1")
        let scaled = Swift.min(x, 1) * Double(gridIntervals)
        let j = Swift.min(Swift.max(Int(scaled.rounded()), 1), gridIntervals - 1)
        return (j, scaled - Double(j))
    }
}
