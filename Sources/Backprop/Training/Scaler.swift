/// Per-column scaling of inputs or outputs, fitted on the training data and stored with the model
/// so that a saved model reads and predicts in the user's raw units.
///
///     scaled = (raw − shift) / scale        raw = scaled · scale + shift
///
/// Standardisation uses the column mean and standard deviation; min–max maps [min, max] to
/// [0, 1]. A constant column (zero spread) gets `scale = 1`: it is shifted to 0, never divided
/// by zero.
public struct Scaler: Sendable, Equatable {
    /// How a scaler is fitted.
    public enum Kind: String, Sendable, CaseIterable {
        /// No scaling: shift 0, scale 1.
        case none
        /// Mean 0 and standard deviation 1 per column.
        case standard
        /// Each column's [min, max] to [0, 1].
        case minMax = "minmax"
    }

    /// How this scaler was fitted.
    public let kind: Kind
    /// Per-column shift (mean or min).
    public let shift: [Double]
    /// Per-column scale (standard deviation or max − min), never 0.
    public let scale: [Double]

    /// A scaler with explicit values (from a model file).
    ///
    /// - Throws: when the lengths differ or a value is not finite, or a scale is not positive.
    public init(kind: Kind, shift: [Double], scale: [Double]) throws(BackpropError) {
        guard shift.count == scale.count else {
            throw .dimensionMismatch(what: "scaler", expected: "as many scales as shifts (\(shift.count))", actual: "\(scale.count)")
        }
        for (i, (s, c)) in zip(shift, scale).enumerated() {
            guard s.isFinite else { throw .nonFinite(what: "scaler shift", index: "column \(i)", value: s) }
            guard c.isFinite, c > 0 else {
                throw .invalidArgument(name: "scaler scale[\(i)]", value: "\(c)", expected: "a finite number > 0")
            }
        }
        self.kind = kind
        self.shift = shift
        self.scale = scale
    }

    /// The identity scaler for `columns` columns.
    public static func identity(columns: Int) -> Scaler {
        try! Scaler(kind: .none, shift: Array(repeating: 0, count: columns), scale: Array(repeating: 1, count: columns))
    }

    /// Fits a scaler of `kind` to the columns of `data`.
    public static func fit<Scalar: NetworkScalar>(_ kind: Kind, to data: Matrix<Scalar>) -> Scaler {
        let columns = data.columns, rows = data.rows
        guard kind != .none, rows > 0 else { return identity(columns: columns) }
        var shift = Array(repeating: 0.0, count: columns), scale = Array(repeating: 1.0, count: columns)
        for j in 0..<columns {
            var column = (0..<rows).map { Double(data.elements[$0 * columns + j]) }
            switch kind {
            case .none: break
            case .standard:
                // A constant column is shifted to exactly 0 with scale 1: its mean Σx/N may be off
                // by an ulp (3 × 0.1 / 3 ≠ 0.1), which would divide 10⁻¹⁷ by 10⁻¹⁷.
                if let lo = column.min(), lo == column.max() {
                    shift[j] = lo
                    continue
                }
                let n = Double(rows)
                var mean = column.reduce(0, +) / n
                // Σx overflows for values near 1e308 (a NaN shift would trap below): average x/N.
                if !mean.isFinite { mean = column.reduce(0) { $0 + $1 / n } }
                for i in column.indices { column[i] -= mean }
                var sd = (column.reduce(0) { $0 + $1 * $1 } / n).squareRoot()
                // d² overflows for |d| ≳ 1e154 and underflows for |d| ≲ 1e-162, which made columns
                // of 1e300s or of 1e-300s look constant: σ = m √(Σ (d/m)² / N), m = max |d|.
                if !(sd.isFinite && sd >= .leastNormalMagnitude), let m = column.map(\.magnitude).max(), m > 0, m.isFinite {
                    sd = m * (column.reduce(0) { $0 + ($1 / m) * ($1 / m) } / n).squareRoot()
                }
                shift[j] = mean
                scale[j] = sd.isFinite && sd >= .leastNormalMagnitude ? sd : 1
            case .minMax:
                let lo = column.min()!, hi = column.max()!
                let range = hi - lo
                shift[j] = lo
                scale[j] = range > 0 && range.isFinite ? range : 1
            }
        }
        return try! Scaler(kind: kind, shift: shift, scale: scale)
    }

    /// `(raw − shift) / scale`, column by column.
    public func transform<Scalar: NetworkScalar>(_ raw: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(raw.columns == shift.count, "Scaler: \(raw.columns) columns, fitted on \(shift.count)")
        var out = raw
        for i in out.elements.indices {
            let j = i % raw.columns
            out.elements[i] = Scalar((Double(raw.elements[i]) - shift[j]) / scale[j])
        }
        return out
    }

    /// `scaled · scale + shift`, column by column.
    public func inverse<Scalar: NetworkScalar>(_ scaled: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(scaled.columns == shift.count, "Scaler: \(scaled.columns) columns, fitted on \(shift.count)")
        var out = scaled
        for i in out.elements.indices {
            let j = i % scaled.columns
            out.elements[i] = Scalar(Double(scaled.elements[i]) * scale[j] + shift[j])
        }
        return out
    }
}
