import Foundation
import Testing

@testable import FinHeatTransfer

@Suite("LevenbergMarquardt")
struct LevenbergMarquardtTests {
    @Test("fits y = a e^(−bx) exactly from noise-free data")
    func exponentialDecay() throws {
        let x = (0..<20).map { Double($0) / 4 }
        let y = x.map { 3 * exp(-0.7 * $0) }
        let fit = try LevenbergMarquardt().fit(initial: [1, 0.1]) { p in
            zip(x, y).map { p[0] * exp(-p[1] * $0) - $1 }
        }
        #expect(abs(fit.parameters[0] - 3) < 1e-9)
        #expect(abs(fit.parameters[1] - 0.7) < 1e-9)
        #expect(fit.residualNorm < 1e-9)
    }

    @Test("on a straight line it equals ordinary least squares, standard errors included")
    func linearModelMatchesOrdinaryLeastSquares() throws {
        let x: [Double] = [0, 1, 2, 3, 4, 5]
        let y: [Double] = [1.1, 2.9, 5.2, 6.8, 9.1, 11.0]
        let fit = try LevenbergMarquardt().fit(initial: [0, 0]) { p in
            zip(x, y).map { p[0] + p[1] * $0 - $1 }
        }
        // OLS: s = Sxy/Sxx, SE(s) = σ̂/√Sxx, SE(b) = σ̂ √(1/n + x̄²/Sxx).
        let n = Double(x.count)
        let xMean = x.reduce(0, +) / n
        let yMean = y.reduce(0, +) / n
        let sxx = x.reduce(0) { $0 + ($1 - xMean) * ($1 - xMean) }
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - xMean) * ($1.1 - yMean) }
        let slope = sxy / sxx
        let intercept = yMean - slope * xMean
        let variance = zip(x, y).reduce(0) { sum, point in
            let e = intercept + slope * point.0 - point.1
            return sum + e * e
        } / (n - 2)
        // S is flat to rounding within ~1e−8 standard errors of the minimum (SE ≈ 0.1 here).
        #expect(abs(fit.parameters[0] - intercept) < 1e-8 * fit.standardErrors[0] * 10)
        #expect(abs(fit.parameters[1] - slope) < 1e-8 * fit.standardErrors[1] * 10)
        #expect(abs(fit.residualVariance - variance) < 1e-12)
        #expect(abs(fit.standardErrors[1] - (variance / sxx).squareRoot()) < 1e-8)
        #expect(abs(fit.standardErrors[0] - (variance * (1 / n + xMean * xMean / sxx)).squareRoot()) < 1e-8)
    }

    @Test("walks the Rosenbrock valley from (−1.2, 1) to (1, 1)")
    func rosenbrock() throws {
        // ½‖r‖² with r = (10(p₂ − p₁²), 1 − p₁, 0) is half the Rosenbrock function.
        let fit = try LevenbergMarquardt().fit(initial: [-1.2, 1]) { p in
            [10 * (p[1] - p[0] * p[0]), 1 - p[0], 0]
        }
        #expect(abs(fit.parameters[0] - 1) < 1e-8)
        #expect(abs(fit.parameters[1] - 1) < 1e-8)
    }

    @Test("an analytic Jacobian gives the same fit as central differences")
    func analyticJacobian() throws {
        let x = (0..<10).map { Double($0) / 3 }
        let y = x.map { 2 * exp(-0.5 * $0) + 0.01 * sin(7 * $0) }
        let residuals: ([Double]) -> [Double] = { p in zip(x, y).map { p[0] * exp(-p[1] * $0) - $1 } }
        let numeric = try LevenbergMarquardt().fit(initial: [1, 1], residuals: residuals)
        let analytic = try LevenbergMarquardt().fit(initial: [1, 1], residuals: residuals) { p in
            x.flatMap { [exp(-p[1] * $0), -p[0] * $0 * exp(-p[1] * $0)] }
        }
        for k in 0..<2 {
            #expect(abs(numeric.parameters[k] - analytic.parameters[k]) < 1e-8)
            #expect(abs(numeric.standardErrors[k] / analytic.standardErrors[k] - 1) < 1e-5)
        }
    }

    @Test("a trial point where the model throws is rejected, keeping p > 0")
    func throwingModelKeepsDomain() throws {
        struct Unphysical: Error {}
        let x: [Double] = [1, 2, 3, 4]
        let y = x.map { 0.01 * $0 * $0 }
        let fit = try LevenbergMarquardt().fit(initial: [5]) { p in
            guard p[0] > 0 else { throw Unphysical() }
            return zip(x, y).map { p[0] * $0 * $0 - $1 }
        }
        #expect(abs(fit.parameters[0] - 0.01) < 1e-10)
    }

    @Test("misuse is reported: too few residuals, no effect, NaN start, Jacobian shape, iteration limit")
    func errors() {
        #expect(throws: LevenbergMarquardtError.tooFewResiduals(residuals: 2, parameters: 2)) {
            try LevenbergMarquardt().fit(initial: [0, 0]) { p in [p[0], p[1]] }
        }
        // p₂ has no effect: p₁ is fitted, then JᵀJ cannot be inverted for the covariance.
        #expect {
            try LevenbergMarquardt().fit(initial: [1, 1]) { p in [p[0] - 1, p[0] - 2, p[0] - 3] }
        } throws: { error in
            guard case .singularNormalMatrix(let at)? = error as? LevenbergMarquardtError
            else { return false }
            return abs(at[0] - 2) < 1e-6 && at[1] == 1
        }
        #expect(throws: LevenbergMarquardtError.nonFiniteResidual(index: 1, value: .infinity, parameters: [0])) {
            try LevenbergMarquardt().fit(initial: [0]) { p in [p[0], 1 / p[0], 1] }
        }
        #expect(throws: LevenbergMarquardtError.jacobianShape(expected: 3, got: 2)) {
            try LevenbergMarquardt().fit(initial: [0], residuals: { p in [p[0], p[0], p[0]] }) { _ in [1, 1] }
        }
        #expect {
            try LevenbergMarquardt(maximumIterations: 1).fit(initial: [-1.2, 1]) { p in
                [10 * (p[1] - p[0] * p[0]), 1 - p[0], 0]
            }
        } throws: { error in
            guard case .didNotConverge(let iterations, _, _)? = error as? LevenbergMarquardtError
            else { return false }
            return iterations == 1 && "\(error)".contains("no convergence in 1 iterations")
        }
    }
}
