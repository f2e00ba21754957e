import Backprop
import FinHeatTransfer
import Foundation

/// The physics-informed cost of the fin (Raissi, Perdikaris & Karniadakis 2019, as the course's
/// lectures 57–60 and Oommen & Srinivasan 2022 apply it to fins): a network φ̂(u) of the
/// position, with the unknown h as one more trainable number.
///
/// In the dimensionless fin, ξ = x/L ∈ [0, 1] and φ = θ/θ_b, the linear fin is
///
///     φ″ − N² φ = 0,   N² = h P L²/(k A_c),   φ(0) = 1
///
/// with the tip condition φ′(1) = 0 (insulated), φ′(1) + Bi φ(1) = 0, Bi = hL/k (convective),
/// φ′(1) + N φ(1) = 0 (infinite: e^(−Nξ) satisfies it), or φ(1) = θ_L/θ_b (prescribed). The
/// network's input is u = 2ξ − 1 ∈ [−1, 1], so ∂/∂ξ = 2 ∂/∂u, and h = e^s with s trainable
/// (h stays positive, and a step in s is relative). The cost is
///
///     C = w_d (1/m) Σ_i r_i² + w_r (1/M) Σ_j R_j² + w_b (B_0² + B_1²)
///
///     r_i = (φ̂(ξ_i) − φ_i) s̄/σ_i          the readings, φ_i = (T_i − T∞)/θ_b, in φ's units,
///                                           weighted by σ_i relative to their RMS s̄ (all
///                                           equal when σ is not stated)
///     R_j = (φ̂″ − N² φ̂)(ξ_j)/(1 + N²)     the ODE at M collocation points, scaled to O(φ)
///     B_0 = φ̂(0) − 1,  B_1 = the tip condition's left side
///
/// The nonlinear fin of ``NonlinearFinTerms`` (k = k∞(1 + ε_c φ), generation G(1 + ε_G φ),
/// insulated tip), the second case, replaces the ODE by
///
///     (1 + ε_c φ) φ″ + ε_c φ′² − N² φ + N² G (1 + ε_G φ) = 0
///
/// (the linear fin at ε_c = G = 0), and G may be trained with h: ∂R_j/∂G = N²(1 + ε_G φ̂_j)/(1 + N²).
///
/// When T_b is itself a reading (the one at x = 0, noise included), B_0 is left out: the ODE
/// is linear and homogeneous, so the profile's amplitude is then fitted to all the readings —
/// T_b as a nuisance parameter, as the other routes treat it.
///
/// Its gradient with respect to every weight is one forward-mode pass (φ̂, φ̂′, φ̂″ at all
/// points, `Network.inputDerivatives`) and one backward pass through it, seeded with
/// ∂C/∂φ̂, ∂C/∂φ̂′, ∂C/∂φ̂″ per point; with respect to s it is, by ∂N²/∂s = N²,
///
///     ∂C/∂s = w_r (2/M) Σ_j R_j ∂R_j/∂s + w_b 2 B_1 ∂B_1/∂s,
///     ∂R_j/∂s = N² (G(1 + ε_G φ̂_j) − φ̂_j − R_j)/(1 + N²)     (−N²(φ̂_j + R_j)/(1 + N²) for the linear fin)
public struct FinPINNLoss: Sendable {
    /// The readings, as given.
    public let readings: FinReadings
    /// The fin (k, P, A_c, L, T∞).
    public let fin: FinProperties
    /// ξ_i of the readings.
    public let dataPositions: [Double]
    /// φ_i.
    public let dataValues: [Double]
    /// σ_i/s̄ (1 when σ is not stated).
    public let dataScales: [Double]
    /// ξ_j, M points evenly over [0, 1].
    public let collocation: [Double]
    /// P L²/(k A_c): N² = h times this.
    public let nSquaredPerH: Double
    /// L/k: Bi = h times this.
    public let biotPerH: Double
    /// The tip condition.
    public let tip: FinTipCondition
    /// θ_L/θ_b for a prescribed tip.
    public let tipValue: Double
    /// w_d, w_r, w_b.
    public let weights: (data: Double, residual: Double, boundary: Double)
    /// Whether φ̂(0) = 1 is imposed (T_b given), or T_b is a reading and the amplitude is free.
    public let baseIsKnown: Bool
    /// θ_b = T_b − T∞ [K] that φ is scaled by.
    public let baseExcess: Double
    /// ε_c, G (its start when trained) and ε_G of the nonlinear fin (zeros: the linear fin).
    public let terms: NonlinearFinTerms
    /// Whether G is trained with h (the physical parameters are then (s, G), else (s)).
    public let estimatesHeatGeneration: Bool

    /// The trainable physical parameters at the start: s = ln h₀, then G.
    public func physicalStart(initialH: Double) -> [Double] {
        [Foundation.log(initialH)] + (estimatesHeatGeneration ? [terms.heatGeneration] : [])
    }

    /// The network's inputs u = 2ξ − 1 of every point, one batch: the collocation points, the
    /// readings, then ξ = 0 and ξ = 1 (the same at every evaluation).
    let batch: Matrix<Double>

    /// The cost's parts at one point of the search.
    public struct Value: Sendable {
        /// C.
        public let cost: Double
        /// w_d (1/m) Σ r², w_r (1/M) Σ R², w_b (B_0² + B_1²).
        public let data: Double, residual: Double, boundary: Double
        /// ∂C/∂w in the network's layout, then ∂C/∂s (and ∂C/∂G when G is trained) last.
        public let gradient: [Double]
        /// R_j at the collocation points.
        public let residuals: [Double]
    }

    /// The cost for readings of `fin` (its k, P, A_c, L, T∞; θ_b = T_b − T∞ from `baseTemperature`).
    ///
    /// - Throws: ``FinInverseError/invalidSetting(name:value:expected:)`` for fewer than 2
    ///   collocation points or weights that are not finite and ≥ 0 (w_r > 0).
    public init(
        readings: FinReadings, fin: FinProperties, baseTemperature: Double, tip: FinTipCondition,
        baseIsKnown: Bool = true, collocationPoints: Int = 64,
        weights: (data: Double, residual: Double, boundary: Double) = FinPINNConfiguration().weights,
        nonlinear: NonlinearFinTerms? = nil, estimatesHeatGeneration: Bool = false
    ) throws(FinInverseError) {
        if nonlinear != nil || estimatesHeatGeneration, tip != .insulated {
            throw .invalidSetting(name: "PINN tip", value: "\(tip)", expected: "insulated for the nonlinear fin")
        }
        guard collocationPoints >= 2, collocationPoints <= 100_000 else {
            throw .invalidSetting(name: "collocation points", value: "\(collocationPoints)", expected: "2 … 100000")
        }
        guard [weights.data, weights.boundary].allSatisfy({ $0.isFinite && $0 >= 0 }), weights.residual.isFinite, weights.residual > 0 else {
            throw .invalidSetting(name: "PINN weights", value: "\(weights)", expected: "finite, w_d ≥ 0, w_r > 0, w_b ≥ 0")
        }
        let g = fin.geometry, thetaB = baseTemperature - fin.ambientTemperature
        guard thetaB.isFinite, thetaB != 0 else {
            throw .invalidSetting(name: "base temperature", value: "\(baseTemperature)", expected: "≠ T∞")
        }
        self.readings = readings
        self.fin = fin
        dataPositions = readings.positions.map { $0 / g.length }
        dataValues = readings.temperatures.map { ($0 - fin.ambientTemperature) / thetaB }
        if let sigmas = readings.sigmas {
            let rms = (sigmas.reduce(0) { $0 + $1 * $1 } / Double(sigmas.count)).squareRoot()
            dataScales = sigmas.map { $0 / rms }
        } else {
            dataScales = Array(repeating: 1, count: readings.count)
        }
        collocation = (0..<collocationPoints).map { Double($0) / Double(collocationPoints - 1) }
        nSquaredPerH = g.perimeter * g.length * g.length / (fin.conductivity * g.crossSectionArea)
        biotPerH = g.length / fin.conductivity
        self.tip = tip
        if case .prescribedTemperature(let t) = tip { tipValue = (t - fin.ambientTemperature) / thetaB } else { tipValue = 0 }
        self.weights = weights
        self.baseIsKnown = baseIsKnown
        self.baseExcess = thetaB
        let xi = collocation + dataPositions + [0, 1]
        batch = try! Matrix(rows: xi.count, columns: 1, elements: xi.map { 2 * $0 - 1 })
        self.terms = nonlinear ?? NonlinearFinTerms()
        self.estimatesHeatGeneration = estimatesHeatGeneration
    }

    /// C and its gradient for `network` (1 input u, 1 output φ̂) and s = ln h (G at its start
    /// when it is trained); C = ∞ (and a zero gradient) where φ̂ or its derivatives are not finite.
    public func evaluate(_ network: Network<Double>, s: Double) -> Value {
        evaluate(network, physical: [s] + (estimatesHeatGeneration ? [terms.heatGeneration] : []))
    }

    /// C and its gradient (∂C/∂w, then ∂C/∂s and, when trained, ∂C/∂G) for `network` and the
    /// physical parameters (s, G) or (s).
    public func evaluate(_ network: Network<Double>, physical: [Double]) -> Value {
        let s = physical[0], generation = estimatesHeatGeneration ? physical[1] : terms.heatGeneration
        let ec = terms.conductivityCoefficient, eg = terms.generationCoefficient
        let m = dataPositions.count, mc = collocation.count
        let n = batch.rows
        let trace = try! network.inputDerivatives(batch, column: 0)
        let phi = trace.yHat.elements
        let phi1 = trace.yHatPrime.elements.map { 2 * $0 }            // ∂φ̂/∂ξ
        let phi2 = trace.yHatDoublePrime.elements.map { 4 * $0 }      // ∂²φ̂/∂ξ²
        let h = Foundation.exp(s), n2 = h * nSquaredPerH, scale = 1 / (1 + n2)
        var e0 = [Double](repeating: 0, count: n), e1 = e0, e2 = e0       // ∂C/∂φ̂, ∂C/∂φ̂_ξ, ∂C/∂φ̂_ξξ
        var gs = 0.0, gG = 0.0

        // The ODE at the collocation points: R = [(1 + ε_c φ)φ″ + ε_c φ′² − N²φ + N²G(1 + ε_G φ)]/(1 + N²).
        var residuals = [Double](repeating: 0, count: mc), residualCost = 0.0
        for j in 0..<mc {
            let source = generation * (1 + eg * phi[j])
            let r = ((1 + ec * phi[j]) * phi2[j] + ec * phi1[j] * phi1[j] - n2 * phi[j] + n2 * source) * scale
            residuals[j] = r
            residualCost += r * r
            let c = weights.residual * 2 * r / Double(mc)
            e2[j] += c * (1 + ec * phi[j]) * scale                        // ∂R/∂φ″
            e1[j] += c * 2 * ec * phi1[j] * scale                          // ∂R/∂φ′
            e0[j] += c * (ec * phi2[j] - n2 + n2 * generation * eg) * scale  // ∂R/∂φ
            gs += c * n2 * scale * (source - phi[j] - r)                   // ∂R/∂s
            gG += c * n2 * (1 + eg * phi[j]) * scale                       // ∂R/∂G
        }
        residualCost *= weights.residual / Double(mc)

        // The readings.
        var dataCost = 0.0
        for i in 0..<m {
            let r = (phi[mc + i] - dataValues[i]) / dataScales[i]
            dataCost += r * r
            e0[mc + i] += weights.data * 2 * r / (Double(m) * dataScales[i])
        }
        dataCost *= weights.data / Double(m)

        // φ̂(0) = 1 and the tip.
        let base = n - 2, end = n - 1
        let b0 = baseIsKnown ? phi[base] - 1 : 0
        e0[base] += weights.boundary * 2 * b0
        let b1: Double, dB1ds: Double
        switch tip {
        case .insulated:
            b1 = phi1[end]; dB1ds = 0
            e1[end] += weights.boundary * 2 * b1
        case .convective:
            let bi = h * biotPerH
            b1 = phi1[end] + bi * phi[end]; dB1ds = bi * phi[end]
            e1[end] += weights.boundary * 2 * b1
            e0[end] += weights.boundary * 2 * b1 * bi
        case .infinite:
            let nn = n2.squareRoot()
            b1 = phi1[end] + nn * phi[end]; dB1ds = 0.5 * nn * phi[end]
            e1[end] += weights.boundary * 2 * b1
            e0[end] += weights.boundary * 2 * b1 * nn
        case .prescribedTemperature:
            b1 = phi[end] - tipValue; dB1ds = 0
            e0[end] += weights.boundary * 2 * b1
        }
        gs += weights.boundary * 2 * b1 * dB1ds
        let boundaryCost = weights.boundary * (b0 * b0 + b1 * b1)

        let cost = dataCost + residualCost + boundaryCost
        guard cost.isFinite, [e0, e1, e2].allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            // Weights so large that φ̂ or its derivatives overflow: no gradient; the trainers
            // reject the point and keep the last finite one.
            return Value(cost: .infinity, data: dataCost, residual: residualCost, boundary: boundaryCost,
                         gradient: Array(repeating: 0, count: network.parameterCount + physical.count), residuals: residuals)
        }
        // Back to the network's own derivatives: φ̂_ξ = 2 φ̂_u, φ̂_ξξ = 4 φ̂_uu.
        let column = { (v: [Double], factor: Double) in try! Matrix(rows: n, columns: 1, elements: v.map { $0 * factor }) }
        let back = try! network.backward(trace, e: column(e0, 1), ePrime: column(e1, 2), eDoublePrime: column(e2, 4))
        return Value(cost: cost, data: dataCost, residual: residualCost,
                     boundary: boundaryCost, gradient: back.gradient.parameters + [gs] + (estimatesHeatGeneration ? [gG] : []),
                     residuals: residuals)
    }
}
