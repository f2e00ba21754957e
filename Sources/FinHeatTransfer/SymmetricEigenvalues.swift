import Foundation

/// Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan,
/// *Matrix Computations*, §8.5): each rotation zeroes one off-diagonal pair, and the sum of the
/// squared off-diagonal entries falls every sweep until the diagonal holds the eigenvalues.
///
/// Used for the condition number of a fit's normal matrix, where p is a handful of unknowns.
enum SymmetricEigenvalues {
    /// The eigenvalues of the symmetric row-major p × p `matrix` (its lower triangle is
    /// mirrored), in ascending order.
    static func eigenvalues(_ matrix: [Double], order p: Int) -> [Double] {
        precondition(matrix.count == p * p, "eigenvalues: expected \(p)×\(p) entries")
        var a = matrix
        for i in 0..<p { for j in 0..<i { a[j * p + i] = a[i * p + j] } }
        for _ in 0..<100 {
            var offDiagonal = 0.0, diagonal = 0.0
            for i in 0..<p {
                diagonal += a[i * p + i] * a[i * p + i]
                for j in 0..<p where j != i { offDiagonal += a[i * p + j] * a[i * p + j] }
            }
            if offDiagonal <= 1e-30 * diagonal { break }
            for k in 0..<p {
                for l in (k + 1)..<max(k + 1, p) where a[k * p + l] != 0 {
                    // The rotation (c, s) with tan 2φ = 2a_kl/(a_ll − a_kk) zeroes a_kl.
                    let theta = (a[l * p + l] - a[k * p + k]) / (2 * a[k * p + l])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for i in 0..<p {
                        let aik = a[i * p + k], ail = a[i * p + l]
                        a[i * p + k] = c * aik - s * ail
                        a[i * p + l] = s * aik + c * ail
                    }
                    for i in 0..<p {
                        let aki = a[k * p + i], ali = a[l * p + i]
                        a[k * p + i] = c * aki - s * ali
                        a[l * p + i] = s * aki + c * ali
                    }
                }
            }
        }
        return (0..<p).map { a[$0 * p + $0] }.sorted()
    }

    /// κ = λ_max/λ_min of D^(−½) A D^(−½), D = diag A: the condition of A once each unknown is
    /// measured in its own standard deviation, so units (h in W/(m²·K), T∞ in °C) do not count.
    /// ∞ when A is singular or a diagonal entry is not positive.
    static func conditionNumber(ofScaled matrix: [Double], order p: Int) -> Double {
        let d = (0..<p).map { matrix[$0 * p + $0] }
        guard d.allSatisfy({ $0 > 0 && $0.isFinite }) else { return .infinity }
        var scaled = matrix
        for i in 0..<p { for j in 0..<p { scaled[i * p + j] /= (d[i] * d[j]).squareRoot() } }
        let lambda = eigenvalues(scaled, order: p)
        guard let low = lambda.first, let high = lambda.last, low > 0 else { return .infinity }
        return high / low
    }
}
