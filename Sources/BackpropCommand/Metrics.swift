import Backprop
import Foundation

/// How well predictions ŷ match targets y in one output column, in the units given:
///
///     J_j  = (1/N) Σ_n ½ (ŷ_nj − y_nj)²           (the lecture's cost, this column's share)
///     R²_j = 1 − Σ_n (ŷ_nj − y_nj)² / Σ_n (y_nj − ȳ_j)²
///     RMSE_j = √(2 J_j)
///
/// R² is NaN when the column is constant (no variance to explain).
struct OutputMetrics: Equatable {
    /// The output column's name.
    let name: String
    /// `J_j`.
    let cost: Double
    /// `R²_j`.
    let rSquared: Double
    /// Root-mean-square error `√(2 J_j)`, in the output's units.
    var rootMeanSquareError: Double { (2 * cost).squareRoot() }

    /// One entry per column of `y`.
    ///
    /// - Precondition: `yHat` and `y` have the same shape and one name per column.
    static func compute(yHat: Matrix<Double>, y: Matrix<Double>, names: [String]) -> [OutputMetrics] {
        precondition(yHat.rows == y.rows && yHat.columns == y.columns && names.count == y.columns,
                     "metrics: ŷ is \(yHat.shape), y is \(y.shape), \(names.count) names")
        let n = Double(y.rows)
        return (0..<y.columns).map { j in
            var mean = 0.0
            for r in 0..<y.rows { mean += y[r, j] }
            mean /= n
            var residual = 0.0, total = 0.0
            for r in 0..<y.rows {
                let e = yHat[r, j] - y[r, j], d = y[r, j] - mean
                residual += e * e
                total += d * d
            }
            return OutputMetrics(name: names[j], cost: residual / (2 * n),
                                 rSquared: total > 0 ? 1 - residual / total : .nan)
        }
    }

    /// `{"name": …, "J": …, "R2": …, "RMSE": …}` (R² `null` when undefined).
    var jsonValue: JSONValue {
        .object([("name", .string(name)), ("J", .number(cost)), ("R2", .number(rSquared)),
                 ("RMSE", .number(rootMeanSquareError))])
    }
}
