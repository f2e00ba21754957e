/// How far predictions lie from the truth over a set of held-out points.
///
///     RMS = √((1/n) Σ (p_i − t_i)²),   max = max_i |p_i − t_i|
public struct PredictionError: Equatable, Sendable, Codable {
    /// Root-mean-square error, in the unit of the quantity.
    public let rms: Double
    /// Largest absolute error, in the unit of the quantity.
    public let maximum: Double
    /// Root-mean-square of the relative errors (p_i − t_i)/t_i (0 when a truth is 0).
    public let relativeRMS: Double
    /// Number of points n.
    public let count: Int

    /// The errors of `predictions` against `truths`.
    ///
    /// - Precondition: both have the same, non-zero count.
    public init(predictions: [Double], truths: [Double]) {
        precondition(predictions.count == truths.count && !truths.isEmpty,
                     "PredictionError: \(predictions.count) predictions for \(truths.count) truths")
        var sum = 0.0, relativeSum = 0.0, maximum = 0.0
        for (p, t) in zip(predictions, truths) {
            let e = p - t
            sum += e * e
            if t != 0 { relativeSum += (e / t) * (e / t) }
            maximum = Swift.max(maximum, abs(e))
        }
        let n = Double(truths.count)
        self.rms = (sum / n).squareRoot()
        self.maximum = maximum
        self.relativeRMS = (relativeSum / n).squareRoot()
        self.count = truths.count
    }
}
