import Foundation
import Testing

@testable import FinHeatTransfer

@Suite("Cholesky")
struct CholeskyTests {
    // A = [4 2 0.4; 2 5 1; 0.4 1 3], symmetric positive definite.
    private let a: [Double] = [4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]

    @Test("L Lᵀ reproduces A")
    func factorReproducesMatrix() throws {
        let factor = try #require(Cholesky(a, order: 3))
        for i in 0..<3 {
            for j in 0..<3 {
                let product = (0..<3).reduce(0) { $0 + factor.lower[i * 3 + $1] * factor.lower[j * 3 + $1] }
                #expect(abs(product - a[i * 3 + j]) < 1e-14)
            }
        }
    }

    @Test("solve and inverse satisfy A u = b and A A⁻¹ = I")
    func solveAndInverse() throws {
        let factor = try #require(Cholesky(a, order: 3))
        let b: [Double] = [1, -2, 0.5]
        let u = factor.solve(b)
        for i in 0..<3 {
            #expect(abs((0..<3).reduce(0) { $0 + a[i * 3 + $1] * u[$1] } - b[i]) < 1e-14)
        }
        let inverse = factor.inverse()
        for i in 0..<3 {
            for j in 0..<3 {
                let product = (0..<3).reduce(0) { $0 + a[i * 3 + $1] * inverse[$1 * 3 + j] }
                #expect(abs(product - (i == j ? 1 : 0)) < 1e-14)
            }
        }
    }

    @Test("a singular or indefinite matrix has no factor")
    func rejectsSingular() {
        #expect(Cholesky([1, 1, 1, 1], order: 2) == nil)
        #expect(Cholesky([1, 2, 2, 1], order: 2) == nil)
    }
}
