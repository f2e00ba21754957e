import Backprop
import FinHeatTransfer
import Foundation

/// How the fin's PINN is built and trained.
public struct FinPINNConfiguration: Sendable {
    /// Hidden widths of φ̂(u): 1 → … → 1.
    public var hiddenWidths: [Int] = [20, 20]
    /// g of the hidden layers; it must be smooth (``Activation/isSmooth``): the cost needs φ̂″.
    public var activation: Activation = .tanh
    /// M, the collocation points of the ODE.
    public var collocationPoints: Int = 64
    /// w_d, w_r, w_b of ``FinPINNLoss``. With the readings in φ's units (noise ~10⁻²) and the
    /// ODE residual scaled to O(φ), w_r = w_b = 100 makes the physics hold well enough that the
    /// profile likelihood of h is the physics model's: on the README's pin (σ = 1 %) the
    /// interval's SE was 1.8× Levenberg–Marquardt's with w = 1 (the network bent to the noise
    /// when h was held off its optimum), 1.01× with 100 and 1.00× with 1000.
    public var weights: (data: Double, residual: Double, boundary: Double) = (1, 100, 100)
    /// Adam updates (full batch), the first stage (0: L-BFGS alone, for a warm start).
    public var updates: Int = 2000
    /// L-BFGS iterations after Adam (0: Adam alone), the usual PINN recipe's second stage.
    public var lbfgsIterations: Int = 1000
    /// Adam's α at the start; update t of T uses α₀ · 0.01^((t − 1)/T), down to about 1 % at the end.
    public var learningRate: Double = 0.01
    /// Seed of the weights.
    public var seed: UInt64 = 42

    public init() {}
}

/// A trained fin PINN.
public struct FinPINNTraining: Sendable {
    /// φ̂(u), u = 2x/L − 1.
    public let network: Network<Double>
    /// ĥ = e^s [W/(m²·K)].
    public let heatTransferCoefficient: Double
    /// Ĝ, when G was trained.
    public let heatGeneration: Double?
    /// The physical parameters at the end: (s, G) or (s).
    public let physical: [Double]
    /// The cost and its parts at the end.
    public let final: FinPINNLoss.Value
    /// ξ_j = x_j/L of the collocation points, where ``FinPINNLoss/Value/residuals`` are.
    public let collocation: [Double]
    /// (update, C, h) every 50 updates.
    public let history: [(update: Int, cost: Double, h: Double)]
    /// Updates taken.
    public let updates: Int
    /// Why training stopped early, if it did (a non-finite cost: the last good parameters kept).
    public let stoppedEarly: String?
    /// Wall time [s].
    public let seconds: Double
}

extension FinPINNLoss {
    /// Trains φ̂ and s = ln h together by Adam on C (full batch, every point every update),
    /// from weights drawn by `configuration.seed` and s₀ = ln `initialH`.
    ///
    /// A non-finite cost (weights that overflow) stops training with the last parameters whose
    /// cost was finite, and says so in ``FinPINNTraining/stoppedEarly``.
    ///
    /// - Throws: ``FinInverseError/invalidSetting(name:value:expected:)`` for an activation that
    ///   is not smooth, widths < 1, no Adam update and no L-BFGS iteration, α ≤ 0 or an initial h ≤ 0.
    ///
    /// `progress` sees (step, h) after every Adam update and L-BFGS iteration; `warmStart`
    /// starts from a trained network instead of fresh weights; `initial` replaces the start of
    /// the physical parameters (s = ln h, then G when it is trained), and `fixed` holds one of
    /// them (0: s, 1: G) where it starts (the profile likelihood's re-fits).
    public func train(initialH: Double, configuration c: FinPINNConfiguration, warmStart: Network<Double>? = nil,
                      initial: [Double]? = nil, fixed: Int? = nil,
                      progress: ((_ step: Int, _ h: Double) -> Void)? = nil) throws(FinInverseError) -> FinPINNTraining {
        guard c.activation.isSmooth else {
            throw .invalidSetting(name: "PINN activation", value: "\(c.activation)", expected: "a smooth one (tanh, sigmoid, softplus): the cost needs φ̂″")
        }
        let physical = initial ?? physicalStart(initialH: initialH)
        guard c.hiddenWidths.allSatisfy({ $0 >= 1 }), c.updates >= 0, c.updates + c.lbfgsIterations >= 1, c.learningRate > 0, c.learningRate.isFinite,
              initialH > 0, initialH.isFinite, physical.allSatisfy(\.isFinite), physical.count == physicalStart(initialH: 1).count else {
            throw .invalidSetting(name: "PINN", value: "widths \(c.hiddenWidths), updates \(c.updates), α \(c.learningRate), h₀ \(initialH)",
                                  expected: "widths ≥ 1, updates ≥ 0 with some Adam or L-BFGS steps, α > 0, h₀ > 0")
        }
        let clock = ContinuousClock(), start = clock.now
        var network: Network<Double>
        if let warmStart {
            network = warmStart
        } else {
            do {
                network = try Network<Double>(widths: [1] + c.hiddenWidths + [1], activation: c.activation, seed: c.seed)
            } catch {
                throw .engine(error.description)
            }
        }
        let weights = network.parameterCount
        func h(_ theta: [Double]) -> Double { Foundation.exp(theta[weights]) }
        func evaluate(_ net: Network<Double>, _ theta: [Double]) -> FinPINNLoss.Value {
            let v = self.evaluate(net, physical: Array(theta[weights...]))
            guard let fixed else { return v }
            var g = v.gradient
            g[weights + fixed] = 0
            return FinPINNLoss.Value(cost: v.cost, data: v.data, residual: v.residual, boundary: v.boundary, gradient: g, residuals: v.residuals)
        }
        var theta = network.parameters + physical
        var state = OptimizerState<Double>(for: .adam(), count: theta.count)
        var value = evaluate(network, theta)
        var history: [(update: Int, cost: Double, h: Double)] = [(0, value.cost, h(theta))]
        var stopped: String?
        var taken = 0
        for t in stride(from: 1, through: c.updates, by: 1) {
            let alpha = c.learningRate * Foundation.pow(0.01, Double(t - 1) / Double(c.updates))
            var trial = theta
            Optimizer.adam().update(&trial, gradient: value.gradient, learningRate: alpha, weightDecay: 0, state: &state)
            guard trial.allSatisfy(\.isFinite), (try? network.setParameters(Array(trial.prefix(weights)))) != nil else {
                stopped = "update \(t): the weights left the finite numbers; the last good ones are kept"
                break
            }
            let next = evaluate(network, trial)
            guard next.cost.isFinite else {
                stopped = "update \(t): the cost is not finite; the last good parameters are kept"
                try? network.setParameters(Array(theta.prefix(weights)))
                break
            }
            theta = trial
            value = next
            taken = t
            if t % 50 == 0 { history.append((t, value.cost, h(theta))) }
            progress?(t, h(theta))
        }
        if stopped == nil, c.lbfgsIterations > 0 {
            let probe = network, adamSteps = taken
            var iteration = 0
            let result = LBFGS(maximumIterations: c.lbfgsIterations).minimize(theta, onIteration: { p, _ in
                iteration += 1
                progress?(adamSteps + iteration, h(p))
            }) { p in
                var net = probe
                guard p.allSatisfy(\.isFinite), (try? net.setParameters(Array(p.prefix(weights)))) != nil else { return (.infinity, p) }
                let v = evaluate(net, p)
                return (v.cost, v.gradient)
            }
            theta = result.parameters
            try? network.setParameters(Array(theta.prefix(weights)))
            value = evaluate(network, theta)
            taken += result.iterations
            history.append((taken, value.cost, h(theta)))
        }
        return FinPINNTraining(network: network, heatTransferCoefficient: h(theta),
                               heatGeneration: estimatesHeatGeneration ? theta[weights + 1] : nil,
                               physical: Array(theta[weights...]), final: value, collocation: collocation, history: history, updates: taken, stoppedEarly: stopped,
                               seconds: (clock.now - start).seconds)
    }
}
