/// How the cost J of a batch combines its samples.
///
/// For one sample the lecture's cost is `J = ½ e²` with `e = ŷ − y` (`½‖ŷ − y‖²` for several
/// outputs). For a batch of N samples:
///
///     mean:  J = (1/N) Σ_n ½‖ŷ_n − y_n‖²      (the default; what mini-batch SGD descends)
///     sum:   J =       Σ_n ½‖ŷ_n − y_n‖²
///
/// Backward starts from `e_L = ∂J/∂ŷ`, which is `(ŷ − y)/N` for the mean and `ŷ − y` for the sum:
/// for a single sample both are the lecture's `e`.
public enum Reduction: String, Hashable, Sendable, CaseIterable {
    case mean, sum

    /// The factor on `½‖ŷ − y‖²` and on `e = ŷ − y`: `1/N` or 1.
    @inlinable
    public func scale<Scalar: NetworkScalar>(batchSize n: Int) -> Scalar {
        switch self {
        case .mean: return n > 0 ? 1 / Scalar(n) : 0
        case .sum: return 1
        }
    }
}

/// The cost of predictions `yHat` against targets `y`: `J = (scale) Σ ½‖ŷ_n − y_n‖²`.
///
/// - Precondition: both matrices have the same shape.
public func cost<Scalar: NetworkScalar>(
    yHat: Matrix<Scalar>, y: Matrix<Scalar>, reduction: Reduction = .mean
) -> Scalar {
    precondition(yHat.rows == y.rows && yHat.columns == y.columns,
                 "cost: ŷ is \(yHat.shape) but y is \(y.shape)")
    var sum: Scalar = 0
    for i in yHat.elements.indices {
        let e = yHat.elements[i] - y.elements[i]
        sum += e * e
    }
    return reduction.scale(batchSize: yHat.rows) * sum / 2
}
