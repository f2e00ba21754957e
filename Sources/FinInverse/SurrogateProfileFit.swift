import Backprop
import FinHeatTransfer
import Foundation

extension SurrogateInversion {
    /// Route 3 on an engineer's readings: the frozen surrogate fitted for h (and T∞, T_b) by
    /// Levenberg–Marquardt with its Jacobian from backprop, through the shared ``ProfileFit``.
    ///
    ///     T̂_i(h, T∞, T_b) = T∞ + (T_b − T∞) φ̂(x_i, h)
    ///     ∂T̂_i/∂h = θ_b ∂φ̂/∂h   (one backward pass with e_L = 1: the h-column of ∂φ̂/∂x)
    ///     ∂T̂_i/∂T∞ = 1 − φ̂_i,   ∂T̂_i/∂T_b = φ̂_i
    ///
    /// h is kept inside the surrogate's training range (a step outside is rejected, as one the
    /// model refuses). The uncertainty includes the surrogate's own error: its RMS test error
    /// |θ_b| × ``FinSurrogate/testRMS`` enters ``ProfileEstimate``'s covariance as a systematic
    /// error shared by the readings.
    ///
    /// - Parameters:
    ///   - surrogate: the trained surrogate; its fin gives the known T_b and T∞.
    ///   - readings: validated readings.
    ///   - unknowns: h and optionally T∞ and T_b (k is fixed by the training).
    ///   - initial: p₀ (h defaults to the middle of the range, temperatures to the fin's).
    /// - Throws: ``FinInverseError`` for an unknown the surrogate cannot estimate; the fit's
    ///   ``ProfileFitError`` as ``FinInverseError/invalidMeasurements(_:)``.
    public static func fit(
        surrogate: FinSurrogate, readings: FinReadings, unknowns: [FinUnknown], initial: [Double]? = nil
    ) throws(FinInverseError) -> ProfileEstimate {
        if let k = unknowns.first(where: { $0 == .conductivity || $0.isNonlinear }) {
            throw .invalidSetting(name: "surrogate unknowns", value: k.rawValue,
                                  expected: "h, Tinf or Tb: the surrogate was trained on the linear fin of one k")
        }
        let range = surrogate.heatTransferRange, fin = surrogate.fin
        let start = initial ?? unknowns.map { $0 == .h ? (range.lowerBound + range.upperBound) / 2 : $0.value(in: fin) }
        let positions = readings.positions
        func parts(_ p: [Double]) -> (h: Double, ambient: Double, base: Double) {
            var h = fin.heatTransferCoefficient, ambient = fin.ambientTemperature, base = fin.baseTemperature
            for (unknown, value) in zip(unknowns, p) {
                switch unknown {
                case .h: h = value
                case .ambientTemperature: ambient = value
                case .baseTemperature: base = value
                case .conductivity, .heatGeneration, .generationCoefficient: break   // refused above
                }
            }
            return (h, ambient, base)
        }
        struct OutsideRange: Error {}
        func evaluate(_ p: [Double]) throws -> (phi: [Double], dPhi: [Double], parts: (h: Double, ambient: Double, base: Double)) {
            let q = parts(p)
            guard range.contains(q.h), q.base != q.ambient else { throw OutsideRange() }
            let (phi, dPhi) = try surrogate.profileAndSensitivities(at: positions, heatTransferCoefficient: q.h)
            return (phi, dPhi, q)
        }
        do {
            return try ProfileFit.fit(
                readings: readings, unknowns: unknowns, initial: start,
                model: { p in
                    let (phi, _, q) = try evaluate(p)
                    return phi.map { q.ambient + (q.base - q.ambient) * $0 }
                },
                jacobian: { p in
                    let (phi, dPhi, q) = try evaluate(p)
                    let thetaB = q.base - q.ambient, n = unknowns.count
                    var j = [Double](repeating: 0, count: positions.count * n)
                    for i in positions.indices {
                        for (k, unknown) in unknowns.enumerated() {
                            switch unknown {
                            case .h: j[i * n + k] = thetaB * dPhi[i]                 // θ_b ∂φ̂/∂h, by backprop
                            case .ambientTemperature: j[i * n + k] = 1 - phi[i]
                            case .baseTemperature: j[i * n + k] = phi[i]
                            case .conductivity, .heatGeneration, .generationCoefficient: break
                            }
                        }
                    }
                    return j
                },
                systematicError: surrogate.testRMS * abs(fin.baseExcessTemperature))
        } catch {
            throw .invalidMeasurements(error.description)
        }
    }
}
