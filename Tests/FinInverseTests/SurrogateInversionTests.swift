import Backprop
import FinHeatTransfer
@testable import FinInverse
import Testing

@Suite("Route 3: estimation through the surrogate by backprop to h")
struct SurrogateInversionTests {
    static var surrogate: FinSurrogate { Fixtures.surrogate.surrogate }

    @Test("Gauss–Newton and gradient descent recover h within 1 % from exact readings",
          arguments: [22.0, 25.0, 30.0])
    func noiseFree(h: Double) throws {
        let readings = Fixtures.readings(h: h)
        let gn = try SurrogateInversion.gaussNewton(
            surrogate: Self.surrogate, positions: readings.positions, temperatures: readings.measured)
        let gd = try SurrogateInversion.gradientDescent(
            surrogate: Self.surrogate, positions: readings.positions, temperatures: readings.measured)
        #expect(abs(gn.heatTransferCoefficient - h) < 0.01 * h)
        #expect(abs(gd.heatTransferCoefficient - h) < 0.01 * h)
        #expect(gn.converged && gd.converged)
        #expect(gn.iterations < 20)
    }

    @Test("at σ = 1 % of θ_b both land within 5 % of h and their 95 % interval covers it")
    func onePercentNoise() throws {
        let readings = Fixtures.readings(noise: Fixtures.onePercentNoise)
        for estimate in [
            try SurrogateInversion.gaussNewton(surrogate: Self.surrogate, positions: readings.positions, temperatures: readings.measured),
            try SurrogateInversion.gradientDescent(surrogate: Self.surrogate, positions: readings.positions, temperatures: readings.measured),
        ] {
            #expect(abs(estimate.heatTransferCoefficient - 25) < 0.05 * 25, "\(estimate.method)")
            #expect(estimate.covers(25), "\(estimate.method): \(estimate.confidenceInterval)")
            #expect(estimate.standardError > 0.1 && estimate.standardError < 1.5)
        }
    }

    @Test("gradient descent and Gauss–Newton reach the same minimum of J(h)")
    func methodsAgree() throws {
        let readings = Fixtures.readings(noise: Fixtures.onePercentNoise, seed: 9)
        let gn = try SurrogateInversion.gaussNewton(surrogate: Self.surrogate, positions: readings.positions, temperatures: readings.measured)
        let gd = try SurrogateInversion.gradientDescent(surrogate: Self.surrogate, positions: readings.positions, temperatures: readings.measured)
        #expect(abs(gn.heatTransferCoefficient - gd.heatTransferCoefficient) < 1e-6 * gn.heatTransferCoefficient)
        #expect(gd.costHistory.first! > gd.costHistory.last!)
        #expect(zip(gd.costHistory, gd.costHistory.dropFirst()).allSatisfy { $1 <= $0 })
    }

    @Test("∂J/∂h, the summed h-column of ∂J/∂x, equals a central difference of J(h)")
    func costGradient() throws {
        let readings = Fixtures.readings(noise: Fixtures.onePercentNoise)
        let model = Self.surrogate.model
        let y = Matrix(column: readings.measured)
        func cost(_ h: Double) throws -> Double {
            try model.costAndInputGradient(x: FinSurrogate.inputs(positions: readings.positions, heatTransferCoefficient: h), y: y).cost
        }
        let gradient = try model.costAndInputGradient(
            x: FinSurrogate.inputs(positions: readings.positions, heatTransferCoefficient: 27), y: y).inputGradient
        let dJdh = (0..<9).reduce(0.0) { $0 + gradient[$1, 1] }
        let difference = (try cost(27.001) - cost(26.999)) / 0.002
        #expect(abs(dJdh - difference) < 1e-6 * max(1, abs(difference)))
    }

    @Test("agrees with Levenberg–Marquardt on the analytic fin within 1 % at σ = 1 % of θ_b")
    func levenbergMarquardt() throws {
        let readings = Fixtures.readings(noise: Fixtures.onePercentNoise)
        let gn = try SurrogateInversion.gaussNewton(surrogate: Self.surrogate, positions: readings.positions, temperatures: readings.measured)
        let lm = try FinParameterEstimation.heatTransferCoefficient(readings: readings, fin: Fixtures.fin, initialGuess: 26)
        #expect(abs(gn.heatTransferCoefficient - lm.parameters[0]) < 0.01 * 25)
        #expect(abs(gn.standardError - lm.standardErrors[0]) < 0.3 * lm.standardErrors[0])
    }

    @Test("the bootstrap is fixed by its seed and its interval holds the estimate")
    func bootstrap() throws {
        let readings = Fixtures.readings(noise: Fixtures.onePercentNoise)
        let gn = try SurrogateInversion.gaussNewton(surrogate: Self.surrogate, positions: readings.positions, temperatures: readings.measured)
        let a = try SurrogateInversion.bootstrap(surrogate: Self.surrogate, positions: readings.positions, estimate: gn, resamples: 50, seed: 1)
        let b = try SurrogateInversion.bootstrap(surrogate: Self.surrogate, positions: readings.positions, estimate: gn, resamples: 50, seed: 1)
        #expect(a == b)
        #expect(a.interval.contains(gn.heatTransferCoefficient))
        #expect(a.standardError > 0.3 * gn.standardError && a.standardError < 3 * gn.standardError)
    }

    @Test("data from an h beyond the learned range stop the estimate at the boundary, flagged")
    func outsideRange() throws {
        let readings = Fixtures.readings(h: 40)
        let gn = try SurrogateInversion.gaussNewton(surrogate: Self.surrogate, positions: readings.positions, temperatures: readings.measured)
        #expect(gn.heatTransferCoefficient == Fixtures.range.upperBound)
        #expect(gn.atRangeBoundary)
    }

    @Test("rejects mismatched counts, a sensor off the fin, a NaN and a start outside the range")
    func rejectsBadMeasurements() {
        let s = Self.surrogate
        #expect(throws: FinInverseError.self) { try SurrogateInversion.gaussNewton(surrogate: s, positions: [0.01, 0.02], temperatures: [90]) }
        #expect(throws: FinInverseError.self) { try SurrogateInversion.gaussNewton(surrogate: s, positions: [0.01, 0.2], temperatures: [90, 80]) }
        #expect(throws: FinInverseError.self) { try SurrogateInversion.gradientDescent(surrogate: s, positions: [0.01, 0.02], temperatures: [90, .nan]) }
        #expect(throws: FinInverseError.self) {
            try SurrogateInversion.gaussNewton(surrogate: s, positions: [0.01, 0.02], temperatures: [90, 80], initialGuess: 100)
        }
    }
}
