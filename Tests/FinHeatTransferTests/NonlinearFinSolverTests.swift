import Foundation
import Testing

@testable import FinHeatTransfer

/// max_i |θ_i − cosh N(1−x_i)/cosh N| of the constant-property, no-generation fin.
private func linearError(finParameter: Double, gridIntervals: Int) throws -> Double {
    let parameters = try NonlinearFinParameters(finParameter: finParameter)
    let solution = try NonlinearFinSolver(gridIntervals: gridIntervals).solve(parameters)
    return zip(solution.positions, solution.theta).reduce(0) { worst, node in
        let exact = cosh(finParameter * (1 - node.0)) / cosh(finParameter)
        return max(worst, abs(node.1 - exact))
    }
}

/// A fin with every nonlinearity switched on: k and q̇ both rise with temperature.
private let nonlinearFin = try! NonlinearFinParameters(
    finParameter: 1.5, conductivityCoefficient: 0.3, heatGeneration: 0.5,
    generationCoefficient: 0.2)

@Suite("NonlinearFinSolver")
struct NonlinearFinSolverTests {
    @Test(
        "with ε_c = ε_G = G = 0 it reproduces cosh N(1−x)/cosh N to 1e−6 on 400 intervals",
        arguments: [0.5, 1.0, 2.0])
    func reproducesInsulatedTipProfile(finParameter: Double) throws {
        #expect(try linearError(finParameter: finParameter, gridIntervals: 400) < 1e-6)
    }

    @Test("halving Δx divides the error by 4: observed order within 1.9–2.1", arguments: [1.0, 3.0])
    func secondOrderConvergence(finParameter: Double) throws {
        var previous = try linearError(finParameter: finParameter, gridIntervals: 20)
        for gridIntervals in [40, 80, 160] {
            let error = try linearError(finParameter: finParameter, gridIntervals: gridIntervals)
            let order = log2(previous / error)
            #expect(order > 1.9 && order < 2.1, "n = \(gridIntervals): order \(order)")
            previous = error
        }
    }

    @Test("the linear fin converges in at most two Newton steps and Q = N tanh N")
    func linearCaseIsOneNewtonStep() throws {
        let solution = try NonlinearFinSolver().solve(try NonlinearFinParameters(finParameter: 1))
        #expect(solution.newtonIterations <= 2)
        #expect(solution.theta[0] == 1)
        #expect(abs(solution.baseHeatFlux - tanh(1.0)) < 1e-6)
    }

    @Test("with G ≠ 0 and ε_c = ε_G = 0 it reproduces θ = G + (1 − G) cosh N(1−x)/cosh N")
    func uniformGeneration() throws {
        let parameters = try NonlinearFinParameters(finParameter: 2, heatGeneration: 1.5)
        let solution = try NonlinearFinSolver().solve(parameters)
        for (x, theta) in zip(solution.positions, solution.theta) {
            #expect(abs(theta - (1.5 - 0.5 * cosh(2 * (1 - x)) / cosh(2.0))) < 1e-6)
        }
        // G > 1: the fin is hotter than its base and returns heat to the wall.
        #expect(solution.baseHeatFlux < 0)
    }

    @Test("G > 0 with ε_c, ε_G ≠ 0: second order on 50/100/200, Richardson agrees with n = 6400 to 1e−9")
    func richardsonOnNonlinearFin() throws {
        var tip: [Double] = []
        var middle: [Double] = []
        var flux: [Double] = []
        for gridIntervals in [50, 100, 200] {
            let solution = try NonlinearFinSolver(gridIntervals: gridIntervals).solve(nonlinearFin)
            tip.append(solution.tipTheta)
            middle.append(solution.theta(at: 0.5))
            flux.append(solution.baseHeatFlux)
        }
        for values in [tip, middle, flux] {
            let order = log2((values[0] - values[1]) / (values[1] - values[2]))
            #expect(order > 1.9 && order < 2.1, "observed order \(order)")
        }
        let fine = try NonlinearFinSolver(gridIntervals: 6400).solve(nonlinearFin)
        // Richardson: θ ≈ (4 θ_(2n) − θ_n) / 3 removes the Δx² term.
        let extrapolatedTip = (4 * tip[2] - tip[1]) / 3
        #expect(abs(extrapolatedTip - fine.tipTheta) < 1e-9)
        #expect(abs(tip[2] - fine.tipTheta) > 1e-7)  // the raw n = 200 value is not that close
        let extrapolatedFlux = (4 * flux[2] - flux[1]) / 3
        #expect(abs(extrapolatedFlux - fine.baseHeatFlux) < 1e-8)
    }

    @Test("with k = 1 + ε_c θ the base flux obeys the first integral Q² = 2N²[(1−θ_t²)/2 + ε_c(1−θ_t³)/3]")
    func firstIntegral() throws {
        for epsilon in [-0.5, 0.4, 2.0] {
            let parameters = try NonlinearFinParameters(
                finParameter: 1.2, conductivityCoefficient: epsilon)
            let solution = try NonlinearFinSolver(gridIntervals: 800).solve(parameters)
            let tip = solution.tipTheta
            let expected = (2 * 1.44 * ((1 - tip * tip) / 2 + epsilon * (1 - tip * tip * tip) / 3))
                .squareRoot()
            #expect(abs(solution.baseHeatFlux - expected) < 1e-6, "ε_c = \(epsilon)")
        }
    }

    @Test("the Jacobian equals central differences of the residuals")
    func jacobianMatchesFiniteDifferences() throws {
        let solver = try NonlinearFinSolver(gridIntervals: 6)
        let theta = [1, 0.93, 0.88, 0.9, 0.8, 0.77, 0.75]
        let jacobian = solver.jacobian(at: theta, nonlinearFin)
        let step = 1e-6
        for j in 1...6 {
            var plus = theta
            var minus = theta
            plus[j] += step
            minus[j] -= step
            let residualPlus = solver.residuals(of: plus, nonlinearFin)
            let residualMinus = solver.residuals(of: minus, nonlinearFin)
            for i in 1...6 {
                let numeric = (residualPlus[i - 1] - residualMinus[i - 1]) / (2 * step)
                let analytic: Double =
                    switch j - i {
                    case -1: jacobian.lower[i - 2]
                    case 0: jacobian.diagonal[i - 1]
                    case 1: jacobian.upper[i - 1]
                    default: 0
                    }
                #expect(abs(numeric - analytic) <= 1e-6 * max(1, abs(analytic)), "∂R_\(i)/∂θ_\(j)")
            }
        }
    }

    @Test("a strongly nonlinear fin (ε_c = 5, G = 2, ε_G = 1) converges with a small residual")
    func stronglyNonlinear() throws {
        let parameters = try NonlinearFinParameters(
            finParameter: 2, conductivityCoefficient: 5, heatGeneration: 2, generationCoefficient: 1)
        let solution = try NonlinearFinSolver().solve(parameters)
        #expect(solution.newtonIterations < 10)
        #expect(solution.residualNorm < 1e-8)
        #expect(solution.tipTheta > 1)  // generation beats convection: hottest at the tip
    }

    @Test("Newton that runs out of iterations throws with the count and the residual")
    func newtonFailureIsReported() throws {
        let solver = try NonlinearFinSolver(maximumIterations: 1)
        do {
            _ = try solver.solve(nonlinearFin)
            Issue.record("one Newton step should not reach 1e−11 on a nonlinear fin")
        } catch let error as NonlinearFinSolverError {
            guard case .newtonDidNotConverge(let iterations, let residualNorm, let step, _) = error
            else { Issue.record("unexpected \(error)"); return }
            #expect(iterations == 1)
            #expect(residualNorm > 0 && step > 1e-11)
            #expect(error.description.contains("did not converge in 1 iterations"))
        }
    }

    @Test("an iterate with non-positive conductivity is reported with x and θ")
    func nonPositiveConductivity() throws {
        // k = 1 − 0.9θ vanishes at θ = 1.11; G = 3 heats the fin above that.
        let parameters = try NonlinearFinParameters(
            finParameter: 1, conductivityCoefficient: -0.9, heatGeneration: 3)
        #expect {
            try NonlinearFinSolver().solve(parameters)
        } throws: { error in
            guard case .nonPositiveConductivity(_, let theta, let k)? = error as? NonlinearFinSolverError
            else { return false }
            return k <= 0 && theta > 1.1
        }
    }

    @Test("grid, tolerance and iteration limits outside their ranges are rejected")
    func rejectsBadSettings() {
        #expect(throws: FinParameterError.self) { try NonlinearFinSolver(gridIntervals: 1) }
        #expect(throws: FinParameterError.self) { try NonlinearFinSolver(tolerance: 0) }
        #expect(throws: FinParameterError.self) { try NonlinearFinSolver(maximumIterations: 0) }
    }
}
