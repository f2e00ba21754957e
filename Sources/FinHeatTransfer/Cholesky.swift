import Foundation

/// The Cholesky factor L (A = L Lᵀ) of a small symmetric positive-definite matrix, for the
/// normal equations of least-squares fits with a handful of parameters.
///
///     L_jj = √(A_jj − Σ_(k<j) L_jk²),   L_ij = (A_ij − Σ_(k<j) L_ik L_jk) / L_jj,   i > j
///
/// Storage is row-major p × p; only the lower triangle of A is read.
struct Cholesky {
    /// p, the order of the matrix.
    let order: Int
    /// L, row-major p × p, zero above the diagonal.
    let lower: [Double]

    /// Factorises A, or returns nil when a pivot A_jj − Σ L_jk² is not positive (A is singular
    /// or not positive definite to working precision).
    init?(_ matrix: [Double], order p: Int) {
        precondition(matrix.count == p * p, "Cholesky: expected \(p)×\(p) = \(p * p) entries")
        var l = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            var pivot = matrix[j * p + j]
            for k in 0..<j { pivot -= l[j * p + k] * l[j * p + k] }
            // Relative to the diagonal: a pivot lost to rounding means A is numerically singular.
            guard pivot > 1e-14 * abs(matrix[j * p + j]), pivot.isFinite else { return nil }
            let diagonal = pivot.squareRoot()
            l[j * p + j] = diagonal
            for i in (j + 1)..<max(j + 1, p) {
                var sum = matrix[i * p + j]
                for k in 0..<j { sum -= l[i * p + k] * l[j * p + k] }
                l[i * p + j] = sum / diagonal
            }
        }
        order = p
        lower = l
    }

    /// Solves A u = b by forward (L y = b) and back (Lᵀ u = y) substitution.
    func solve(_ b: [Double]) -> [Double] {
        let p = order
        precondition(b.count == p, "Cholesky.solve: expected \(p) right-hand-side entries")
        var u = b
        for i in 0..<p {
            for k in 0..<i { u[i] -= lower[i * p + k] * u[k] }
            u[i] /= lower[i * p + i]
        }
        for i in stride(from: p - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(i + 1, p) { u[i] -= lower[k * p + i] * u[k] }
            u[i] /= lower[i * p + i]
        }
        return u
    }

    /// A⁻¹, row-major p × p, column by column from A u = e_j.
    func inverse() -> [Double] {
        let p = order
        var result = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            var unit = [Double](repeating: 0, count: p)
            unit[j] = 1
            let column = solve(unit)
            for i in 0..<p { result[i * p + j] = column[i] }
        }
        return result
    }
}
