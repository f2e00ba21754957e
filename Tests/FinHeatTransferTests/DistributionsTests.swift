import Foundation
import Testing

@testable import FinHeatTransfer

@Suite("Distributions")
struct DistributionsTests {
    /// Values from scipy 1.17 (stats.t.ppf, stats.chi2.sf, stats.norm.ppf).
    @Test("Student t quantiles match the tables", arguments: [
        (0.975, 1.0, 12.706204736174698), (0.975, 2.0, 4.302652729749464), (0.975, 8.0, 2.306004135204166),
        (0.975, 30.0, 2.042272456301238), (0.95, 5.0, 2.0150483733330233), (0.995, 3.0, 5.840909309733355),
    ])
    func studentT(p: Double, nu: Double, expected: Double) {
        let q = Distributions.studentTQuantile(p, degreesOfFreedom: nu)
        #expect(abs(q - expected) < 1e-9 * expected, "t_\(p),\(nu) = \(q)")
        #expect(abs(Distributions.studentTQuantile(1 - p, degreesOfFreedom: nu) + expected) < 1e-9 * expected)
        #expect(abs(Distributions.studentTCDF(expected, degreesOfFreedom: nu) - p) < 1e-12)
    }

    @Test("t with many degrees of freedom tends to the normal, z_0.975 = 1.959964")
    func normalLimit() {
        let z = Distributions.normalQuantile(0.975)
        #expect(abs(z - 1.959963984540054) < 1e-10)
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: 1e7) - z) < 1e-5)
        #expect(abs(Distributions.normalQuantile(0.5)) < 1e-12)
    }

    @Test("χ² upper tails match the tables", arguments: [
        (3.0, 1.0, 0.08326451666355039), (8.0, 8.0, 0.43347012036670896), (20.0, 8.0, 0.010336050675925718),
        (100.0, 80.0, 0.064570368921133), (0.5, 4.0, 0.9735009788392561),
    ])
    func chiSquared(x: Double, nu: Double, expected: Double) {
        let q = Distributions.chiSquaredUpperTail(x, degreesOfFreedom: nu)
        #expect(abs(q - expected) < 1e-10, "Q(\(x); \(nu)) = \(q)")
    }

    @Test("Jacobi eigenvalues of a symmetric matrix, and the scaled condition number")
    func eigenvalues() {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
        let lambda = SymmetricEigenvalues.eigenvalues([2, 1, 1, 2], order: 2)
        #expect(abs(lambda[0] - 1) < 1e-13 && abs(lambda[1] - 3) < 1e-13)
        // A 3 × 3 with known spectrum: Q diag(1, 4, 9) Qᵀ for a rotation Q.
        let a = [4.0, 1, 2, 1, 5, 1, 2, 1, 6]  // trace 15, det 4·29 − 1·4 + 2·(−9) = 94
        let l3 = SymmetricEigenvalues.eigenvalues(a, order: 3)
        #expect(abs(l3.reduce(0, +) - 15) < 1e-12)
        #expect(abs(l3.reduce(1, *) - 94) < 1e-10)
        // Units do not count: diag(1e6, 1e-6) is perfectly conditioned once scaled.
        #expect(abs(SymmetricEigenvalues.conditionNumber(ofScaled: [1e6, 0, 0, 1e-6], order: 2) - 1) < 1e-12)
        // ρ = 0.999: κ = (1 + ρ)/(1 − ρ) = 1999.
        let rho = 0.999
        #expect(abs(SymmetricEigenvalues.conditionNumber(ofScaled: [1, rho, rho, 1], order: 2) - 1999) < 1e-6)
    }
}
