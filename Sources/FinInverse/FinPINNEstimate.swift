import Backprop
import FinHeatTransfer
import Foundation

/// The PINN route's ĥ with its uncertainty.
///
/// The interval is the Laplace approximation of the profile likelihood of s = ln h (MacKay
/// 1992, applied to the one unknown): the network is re-trained, warm-started, with s held at
/// ŝ − Δ and ŝ + Δ, and the readings' χ²(s) = Σ ((T̂_i − T_i)/σ_i)² at the three points gives
///
///     Var(ŝ) = 2 / χ²″(ŝ),   χ²″ ≈ [χ²(ŝ + Δ) − 2χ²(ŝ) + χ²(ŝ − Δ)] / Δ²
///
/// — the curvature of the misfit when the network is free to follow the physics at every h, so
/// that the noise of every reading (and of T_b, when it is one) reaches the interval. σ_i are
/// the stated ones, or σ̂² = Σ r_i²/(m − p) at ŝ (p = 1, or 2 with the amplitude free) with
/// Student's t. SE(ĥ) = ĥ SE(ŝ); the interval is ĥ ± q SE(ĥ), as the other routes give theirs.
/// When G is trained with h, its SE comes from its own profile the same way (h re-trained).
public struct FinPINNEstimate: Sendable {
    /// The training at ŝ.
    public let training: FinPINNTraining
    /// ĥ [W/(m²·K)].
    public let heatTransferCoefficient: Double
    /// SE(ĥ) [W/(m²·K)].
    public let standardError: Double
    /// SE(Ĝ), when G was trained (its own profile, h re-trained).
    public let heatGenerationStandardError: Double?
    /// q of the 95 % interval.
    public let intervalQuantile: Double
    /// T̂(x_i) = T∞ + θ_b φ̂(ξ_i) at the readings [fin's scale].
    public let fittedTemperatures: [Double]
    /// (Δ, χ²(ŝ − Δ), χ²(ŝ), χ²(ŝ + Δ)) of the profile.
    public let profile: (step: Double, minus: Double, centre: Double, plus: Double)
    /// Wall time of the training and the profile's re-fits [s].
    public let seconds: Double

    /// ĥ ± q SE(ĥ), the 95 % interval.
    public var interval: ClosedRange<Double> {
        let half = intervalQuantile * standardError
        return (heatTransferCoefficient - half)...(heatTransferCoefficient + half)
    }

    /// Trains the PINN on `loss` and measures its profile (in ln h and, when G is trained, in G).
    ///
    /// - Throws: ``FinInverseError`` for settings ``FinPINNLoss/train(initialH:configuration:warmStart:initial:fixed:progress:)``
    ///   refuses, or ``FinInverseError/invalidSetting(name:value:expected:)`` when the profile is
    ///   not curved upwards (the readings do not determine h).
    public static func estimate(
        _ loss: FinPINNLoss, initialH: Double, configuration: FinPINNConfiguration = FinPINNConfiguration()
    ) throws(FinInverseError) -> FinPINNEstimate {
        let readings = loss.readings, fin = loss.fin
        let clock = ContinuousClock(), start = clock.now
        let best = try loss.train(initialH: initialH, configuration: configuration)
        let m = readings.count, p = best.physical.count + (loss.baseIsKnown ? 0 : 1)
        func temperatures(_ network: Network<Double>) -> [Double] {
            let x = try! Matrix(rows: m, columns: 1, elements: readings.positions.map { 2 * $0 / fin.geometry.length - 1 })
            return (try! network.predict(x)).elements.map { fin.ambientTemperature + loss.baseExcess * $0 }
        }
        func squares(_ t: [Double]) -> Double {
            (0..<m).reduce(0.0) { sum, i in
                let r = (t[i] - readings.temperatures[i]) / (readings.sigmas?[i] ?? 1)
                return sum + r * r
            }
        }
        let fitted = temperatures(best.network)
        let centre = squares(fitted)
        let noiseIsKnown = readings.sigmas != nil
        let scale = noiseIsKnown ? 1 : centre / Double(max(m - p, 1))     // σ̂² when σ is not stated
        var refit = configuration
        refit.updates = 0
        // χ² with physical parameter k held at its estimate ± δ, the rest (network, other
        // parameters) re-trained from the estimate.
        func profile(_ k: Int, _ delta: Double) throws(FinInverseError) -> (Double, Double) {
            var values: [Double] = []
            for sign in [-1.0, 1.0] {
                var start = best.physical
                start[k] += sign * delta
                let t = try loss.train(initialH: Foundation.exp(start[0]), configuration: refit, warmStart: best.network,
                                       initial: start, fixed: k)
                values.append(squares(temperatures(t.network)))
            }
            return (values[0], values[1])
        }
        var standardErrors: [Double] = [], first: (Double, Double, Double, Double) = (0, 0, 0, 0)
        for k in best.physical.indices {
            var delta = k == 0 ? 0.05 : 0.05 * Swift.max(abs(best.physical[k]), 0.2)
            var (minus, plus) = try profile(k, delta)
            if (minus + plus - 2 * centre) / scale < 4 {     // too flat to measure well: a wider step
                delta *= 4
                (minus, plus) = try profile(k, delta)
            }
            let curvature = (minus + plus - 2 * centre) / (delta * delta * scale)
            let name = k == 0 ? "h" : "G"
            if Swift.min(minus, plus) < centre - 1e-3 * Swift.max(centre, scale) {
                throw .notConverged("the PINN had not converged: the readings' χ² is \(centre) at its \(name) but \(Swift.min(minus, plus)) "
                                    + "beside it; give it more steps (--pinn-steps)")
            }
            guard curvature > 0, curvature.isFinite else {
                throw .notConverged("the readings' χ² is flat in \(name) around the PINN's estimate (\(minus), \(centre), \(plus)): "
                                    + "these readings do not determine \(name)")
            }
            standardErrors.append((2 / curvature).squareRoot())
            if k == 0 { first = (delta, minus, centre, plus) }
        }
        let h = best.heatTransferCoefficient
        let q = noiseIsKnown ? Distributions.normalQuantile(0.975)
                             : Distributions.studentTQuantile(0.975, degreesOfFreedom: Double(max(m - p, 1)))
        return FinPINNEstimate(training: best, heatTransferCoefficient: h, standardError: h * standardErrors[0],
                               heatGenerationStandardError: standardErrors.count > 1 ? standardErrors[1] : nil,
                               intervalQuantile: q, fittedTemperatures: fitted, profile: first,
                               seconds: (clock.now - start).seconds)
    }
}
