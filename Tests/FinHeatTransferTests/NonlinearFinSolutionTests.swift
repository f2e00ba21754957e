import Foundation
import Testing

@testable import FinHeatTransfer

@Suite("NonlinearFinSolution")
struct NonlinearFinSolutionTests {
    @Test("interpolation is exact at the nodes and exact for a quadratic")
    func interpolationOfQuadratic() throws {
        let parameters = try NonlinearFinParameters(finParameter: 1)
        let n = 10
        let theta = (0...n).map { i -> Double in
            let x = Double(i) / Double(n)
            return 1 - x + 0.3 * x * x
        }
        let solution = NonlinearFinSolution(
            parameters: parameters, theta: theta, newtonIterations: 0, residualNorm: 0)
        for x in [0, 0.05, 0.1, 0.333, 0.77, 0.96, 1] {
            #expect(abs(solution.theta(at: x) - (1 - x + 0.3 * x * x)) < 1e-14)
            #expect(abs(solution.thetaGradient(at: x) - (-1 + 0.6 * x)) < 1e-13)
        }
    }

    @Test("between nodes the interpolant of the linear fin stays within 1e−6 of cosh N(1−x)/cosh N")
    func interpolationBetweenNodes() throws {
        let solution = try NonlinearFinSolver().solve(try NonlinearFinParameters(finParameter: 1))
        var random = SeededRandom(seed: 3)
        for _ in 0..<200 {
            let x = random.uniform()
            #expect(abs(solution.theta(at: x) - cosh(1 - x) / cosh(1.0)) < 1e-6)
            #expect(abs(solution.thetaGradient(at: x) + sinh(1 - x) / cosh(1.0)) < 1e-5)
        }
    }

    @Test("the base flux from the energy balance agrees with −(1 + ε_c) θ′(0) from the interpolant")
    func baseFluxAgreesWithGradient() throws {
        let parameters = try NonlinearFinParameters(
            finParameter: 1.5, conductivityCoefficient: 0.3, heatGeneration: 0.5,
            generationCoefficient: 0.2)
        let solution = try NonlinearFinSolver(gridIntervals: 800).solve(parameters)
        let fromGradient = -(1 + 0.3) * solution.thetaGradient(at: 0)
        #expect(abs(solution.baseHeatFlux - fromGradient) < 1e-5)
        #expect(solution.positions.count == 801)
        #expect(solution.positions.last == 1)
    }
}
