import Foundation

/// A pivot of the Thomas algorithm that is zero or not finite: the matrix is singular or too
/// far from diagonally dominant for elimination without pivoting.
public struct TridiagonalSolverError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The row (0-based) whose pivot failed.
    public let row: Int
    /// The pivot b_i − a_i c'_(i−1) that arrived.
    public let pivot: Double

    public var description: String {
        "tridiagonal solve: pivot in row \(row) is \(pivot); the matrix is singular or not "
            + "diagonally dominant enough for the Thomas algorithm"
    }
}

/// The Thomas algorithm: Gaussian elimination without pivoting for a tridiagonal system A u = d,
///
///     a_i u_(i−1) + b_i u_i + c_i u_(i+1) = d_i,   i = 0 … n−1   (a_0 = c_(n−1) = 0)
///
/// Forward sweep c'_i = c_i / (b_i − a_i c'_(i−1)), d'_i = (d_i − a_i d'_(i−1)) / (b_i − a_i c'_(i−1)),
/// then back substitution u_(n−1) = d'_(n−1), u_i = d'_i − c'_i u_(i+1).
/// Stable without pivoting when A is diagonally dominant, as the Jacobian of the fin equation is.
public enum TridiagonalSolver {
    /// Solves A u = d for tridiagonal A.
    ///
    /// - Parameters:
    ///   - lower: the sub-diagonal, n − 1 entries; `lower[i]` = A[i+1][i] (a_(i+1) above).
    ///   - diagonal: the diagonal, n ≥ 1 entries; `diagonal[i]` = A[i][i] (b_i).
    ///   - upper: the super-diagonal, n − 1 entries; `upper[i]` = A[i][i+1] (c_i).
    ///   - rightHandSide: d, n entries.
    /// - Returns: u, n entries.
    /// - Throws: `TridiagonalSolverError` when a pivot is zero or not finite.
    /// - Complexity: O(n): 3(n−1) multiplications and n divisions in each sweep.
    public static func solve(
        lower: [Double], diagonal: [Double], upper: [Double], rightHandSide: [Double]
    ) throws -> [Double] {
        let n = diagonal.count
        precondition(n >= 1, "TridiagonalSolver: the system needs at least one row")
        precondition(
            lower.count == n - 1 && upper.count == n - 1 && rightHandSide.count == n,
            "TridiagonalSolver: with n = \(n) rows expected lower and upper of \(n - 1) and a "
                + "right-hand side of \(n); got \(lower.count), \(upper.count), \(rightHandSide.count)")
        var upperPrime = [Double](repeating: 0, count: n)  // c'_i
        var solution = [Double](repeating: 0, count: n)  // d'_i, then u_i in place

        var pivot = diagonal[0]
        guard pivot != 0, pivot.isFinite else { throw TridiagonalSolverError(row: 0, pivot: pivot) }
        if n > 1 { upperPrime[0] = upper[0] / pivot }
        solution[0] = rightHandSide[0] / pivot
        for i in 1..<n {
            // b_i − a_i c'_(i−1)
            pivot = diagonal[i] - lower[i - 1] * upperPrime[i - 1]
            guard pivot != 0, pivot.isFinite else {
                throw TridiagonalSolverError(row: i, pivot: pivot)
            }
            if i < n - 1 { upperPrime[i] = upper[i] / pivot }
            solution[i] = (rightHandSide[i] - lower[i - 1] * solution[i - 1]) / pivot
        }
        for i in stride(from: n - 2, through: 0, by: -1) {
            solution[i] -= upperPrime[i] * solution[i + 1]
        }
        return solution
    }
}
