import Backprop
import Foundation

/// The spread of ĥ over resampled data sets: an uncertainty that needs no linearisation.
public struct BootstrapInterval: Equatable, Sendable {
    /// B, the number of resampled fits.
    public let resamples: Int
    /// The standard deviation of the B estimates ĥ*_b [W/(m²·K)].
    public let standardError: Double
    /// The 2.5 % and 97.5 % percentiles of the ĥ*_b: the 95 % percentile interval.
    public let interval: ClosedRange<Double>
    /// The seed of the resampling.
    public let seed: UInt64

    /// Whether the 95 % interval contains `truth`.
    public func covers(_ truth: Double) -> Bool { interval.contains(truth) }
}

extension SurrogateInversion {
    /// A seeded residual bootstrap around a Gauss–Newton estimate ĥ:
    ///
    ///     r̃_i = √(m/(m − 1)) (r_i − r̄)                  (centred, inflated for the fitted h)
    ///     T*_i = T̂(x_i, ĥ) − r̃_(j_i),   j_i uniform on 1…m, drawn with replacement
    ///     ĥ*_b = Gauss–Newton on (x_i, T*_i), started at ĥ,   b = 1…B
    ///
    /// - Parameters:
    ///   - surrogate: the trained, frozen surrogate.
    ///   - positions: the sensor positions of the original fit.
    ///   - estimate: the Gauss–Newton (or gradient-descent) fit to the measured data.
    ///   - resamples: B (default 200).
    ///   - seed: fixes the draws.
    /// - Returns: the standard deviation and the 95 % percentile interval of the ĥ*_b.
    /// - Throws: ``FinInverseError`` when `resamples` is below 10 or the positions do not fit.
    public static func bootstrap(
        surrogate: FinSurrogate, positions: [Double], estimate: SurrogateEstimate, resamples: Int = 200,
        seed: UInt64 = 42
    ) throws(FinInverseError) -> BootstrapInterval {
        try FinInverseError.require(resamples, "bootstrap resamples", in: 10...1_000_000)
        let m = estimate.residuals.count
        guard positions.count == m else {
            throw .invalidMeasurements("\(positions.count) positions for an estimate from \(m) residuals")
        }
        let fitted = try surrogate.temperatures(at: positions, heatTransferCoefficient: estimate.heatTransferCoefficient)
        let mean = estimate.residuals.reduce(0, +) / Double(m)
        let inflation = (Double(m) / Double(m - 1)).squareRoot()
        let centred = estimate.residuals.map { inflation * ($0 - mean) }
        var generator = SeededGenerator(seed: seed)
        var estimates: [Double] = []
        estimates.reserveCapacity(resamples)
        for _ in 0..<resamples {
            let synthetic = fitted.map { $0 - centred[generator.bounded(m)] }
            let fit = try gaussNewton(surrogate: surrogate, positions: positions, temperatures: synthetic,
                                      initialGuess: estimate.heatTransferCoefficient, maximumIterations: 50,
                                      tolerance: 1e-8)
            estimates.append(fit.heatTransferCoefficient)
        }
        let average = estimates.reduce(0, +) / Double(resamples)
        let variance = estimates.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(resamples - 1)
        let sorted = estimates.sorted()
        return BootstrapInterval(
            resamples: resamples, standardError: variance.squareRoot(),
            interval: percentile(sorted, 0.025)...percentile(sorted, 0.975), seed: seed)
    }

    /// The p-quantile of sorted values by linear interpolation between order statistics.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = Swift.min(lower + 1, sorted.count - 1)
        let t = position - Double(lower)
        return sorted[lower] + t * (sorted[upper] - sorted[lower])
    }
}
