import Backprop
import FinHeatTransfer
import Foundation
import Testing
@testable import FinInverse

@Suite("The fin's PINN: its cost's gradient, its estimate of h and its interval")
struct FinPINNTests {
    static let fin = try! FinProperties(conductivity: 200, heatTransferCoefficient: 25,
                                        geometry: try! FinGeometry.pin(diameter: 0.005, length: 0.1),
                                        baseTemperature: 100, ambientTemperature: 25)

    static func readings(tip: FinTipCondition, sigma: Double, seed: UInt64, count: Int = 10) throws -> FinReadings {
        let model = try AnalyticFin(properties: fin, tip: tip)
        var rng = SeededGenerator(seed: seed)
        let x = (0..<count).map { 0.1 * Double($0) / Double(count - 1) }
        return FinReadings(positions: x, temperatures: x.map { model.temperature(at: $0) + sigma * rng.normal() },
                           sigmas: sigma > 0 ? Array(repeating: sigma, count: count) : nil)
    }

    /// The worst floored relative error of the cost's gradient (weights, then the physical
    /// parameters) against Richardson differences of the cost.
    static func worstGradientError(_ loss: FinPINNLoss, _ network: Network<Double>, physical: [Double]) -> Double {
        var network = network
        let value = loss.evaluate(network, physical: physical)
        let theta = network.parameters + physical, weights = network.parameterCount
        let scale = value.gradient.map(abs).max()!
        var worst = 0.0
        for i in theta.indices {
            let fd = FiniteDifference.richardson.derivative(at: theta[i], atValue: value.cost) { v in
                var t = theta
                t[i] = v
                try! network.setParameters(Array(t.prefix(weights)))
                defer { try! network.setParameters(Array(theta.prefix(weights))) }
                return loss.evaluate(network, physical: Array(t[weights...])).cost
            }
            worst = max(worst, abs(value.gradient[i] - fd) / max(abs(value.gradient[i]), abs(fd), 1e-3 * scale))
        }
        return worst
    }

    @Test("∂C/∂w and ∂C/∂(ln h) of the PINN cost agree with Richardson differences to ≤ 1e-6, every tip, T_b known or a reading",
          arguments: [FinTipCondition.insulated, .convective, .infinite, .prescribedTemperature(40)])
    func gradient(tip: FinTipCondition) throws {
        let readings = try Self.readings(tip: tip == .prescribedTemperature(40) ? .insulated : tip, sigma: 0.5, seed: 3)
        for baseIsKnown in [true, false] {
            let loss = try FinPINNLoss(readings: readings, fin: Self.fin, baseTemperature: 100, tip: tip,
                                       baseIsKnown: baseIsKnown, collocationPoints: 9, weights: (1, 3, 2))
            let network = try Network<Double>(widths: [1, 5, 4, 1], activation: .tanh, seed: 11)
            let worst = Self.worstGradientError(loss, network, physical: [Foundation.log(30.0)])
            #expect(worst <= 1e-6, "tip \(tip), base known \(baseIsKnown): worst relative error \(worst)")
        }
    }

    @Test("property: 24 random φ̂ (1–4 hidden layers, widths 1–8, every smooth activation, with and without bias), random tips and h: ∂C/∂w and ∂C/∂s to ≤ 1e-6")
    func randomNetworks() throws {
        var rng = SeededGenerator(seed: 2019)
        let tips: [FinTipCondition] = [.insulated, .convective, .infinite, .prescribedTemperature(40)]
        let smooth = Activation.all.filter(\.isSmooth)
        for index in 0..<24 {
            let widths = [1] + (0..<(1 + rng.bounded(4))).map { _ in 1 + rng.bounded(8) } + [1]
            let activation = smooth[index % smooth.count]
            let network = try Network<Double>(widths: widths, activation: activation, bias: rng.bounded(2) == 0,
                                              seed: UInt64(index))
            let tip = tips[rng.bounded(tips.count)]
            let readings = try Self.readings(tip: tip == .prescribedTemperature(40) ? .insulated : tip, sigma: 0.5,
                                             seed: UInt64(index), count: 4 + rng.bounded(8))
            let loss = try FinPINNLoss(readings: readings, fin: Self.fin, baseTemperature: 100, tip: tip,
                                       baseIsKnown: rng.bounded(2) == 0, collocationPoints: 3 + rng.bounded(10),
                                       weights: (1, 1 + 99 * rng.uniform(), 1 + 99 * rng.uniform()))
            let h = 5 + 95 * rng.uniform()
            let worst = Self.worstGradientError(loss, network, physical: [Foundation.log(h)])
            #expect(worst <= 1e-6, "\(widths) \(activation), tip \(tip), h \(h): worst relative error \(worst)")
        }
    }

    @Test("the nonlinear fin's cost (ε_c, G, ε_G; G trained with h): ∂C/∂w, ∂C/∂s and ∂C/∂G agree with Richardson differences to ≤ 1e-6")
    func nonlinearGradient() throws {
        let readings = try Self.readings(tip: .insulated, sigma: 0.5, seed: 4)
        let terms = NonlinearFinTerms(conductivityCoefficient: 0.3, heatGeneration: 0.4, generationCoefficient: -0.2)
        for baseIsKnown in [true, false] {
            let loss = try FinPINNLoss(readings: readings, fin: Self.fin, baseTemperature: 100, tip: .insulated,
                                       baseIsKnown: baseIsKnown, collocationPoints: 9, weights: (1, 3, 2),
                                       nonlinear: terms, estimatesHeatGeneration: true)
            let network = try Network<Double>(widths: [1, 6, 1], activation: .softplus, seed: 12)
            #expect(loss.evaluate(network, physical: [0, 0]).gradient.count == network.parameterCount + 2)
            let worst = Self.worstGradientError(loss, network, physical: [Foundation.log(40.0), 0.35])
            #expect(worst <= 1e-6, "base known \(baseIsKnown): worst relative error \(worst)")
        }
        #expect(throws: FinInverseError.self) {
            try FinPINNLoss(readings: readings, fin: Self.fin, baseTemperature: 100, tip: .convective, nonlinear: terms)
        }
    }

    @Test("on the README's pin (σ = 0.75 K stated, 10 readings) the PINN gives LM's ĥ and interval: |ĥ − ĥ_LM| < 0.2 SE, SE within 5 %")
    func agreesWithLevenbergMarquardt() throws {
        let readings = try Self.readings(tip: .insulated, sigma: 0.75, seed: 5)
        let lm = try FinParameterEstimation.fit(readings: readings, fin: Self.fin, tip: .insulated, unknowns: [.h])
        let loss = try FinPINNLoss(readings: readings, fin: Self.fin, baseTemperature: 100, tip: .insulated)
        let e = try FinPINNEstimate.estimate(loss, initialH: 10)
        #expect(abs(e.heatTransferCoefficient - lm.values[0]) < 0.2 * lm.standardErrors[0],
                "PINN \(e.heatTransferCoefficient), LM \(lm.values[0]) ± \(lm.standardErrors[0])")
        #expect(abs(e.standardError / lm.standardErrors[0] - 1) < 0.05, "SE \(e.standardError) vs \(lm.standardErrors[0])")
        #expect(e.training.stoppedEarly == nil && e.training.final.residual < 1e-6)
        #expect(e.fittedTemperatures.count == readings.count)
    }

    @Test("bad settings: a kinked activation, no collocation points, a negative weight, no steps, h₀ ≤ 0")
    func badSettings() throws {
        let readings = try Self.readings(tip: .insulated, sigma: 0.5, seed: 1)
        #expect(throws: FinInverseError.self) {
            try FinPINNLoss(readings: readings, fin: Self.fin, baseTemperature: 100, tip: .insulated, collocationPoints: 1)
        }
        #expect(throws: FinInverseError.self) {
            try FinPINNLoss(readings: readings, fin: Self.fin, baseTemperature: 100, tip: .insulated, weights: (1, 0, 1))
        }
        #expect(throws: FinInverseError.self) {
            try FinPINNLoss(readings: readings, fin: Self.fin, baseTemperature: 25, tip: .insulated)
        }
        let loss = try FinPINNLoss(readings: readings, fin: Self.fin, baseTemperature: 100, tip: .insulated)
        var c = FinPINNConfiguration()
        c.activation = .relu
        #expect(throws: FinInverseError.self) { try loss.train(initialH: 10, configuration: c) }
        c = FinPINNConfiguration()
        c.updates = 0
        c.lbfgsIterations = 0
        #expect(throws: FinInverseError.self) { try loss.train(initialH: 10, configuration: c) }
        #expect(throws: FinInverseError.self) { try loss.train(initialH: 0, configuration: FinPINNConfiguration()) }
    }

    @Test("a learning rate that blows the weights up stops with the last good parameters and says so")
    func divergence() throws {
        let readings = try Self.readings(tip: .insulated, sigma: 0.5, seed: 1)
        let loss = try FinPINNLoss(readings: readings, fin: Self.fin, baseTemperature: 100, tip: .insulated)
        var c = FinPINNConfiguration()
        c.learningRate = 1e300
        c.updates = 5
        c.lbfgsIterations = 0
        let t = try loss.train(initialH: 10, configuration: c)
        #expect(t.stoppedEarly != nil)
        #expect(t.final.cost.isFinite && t.network.parameters.allSatisfy(\.isFinite))
    }
}
