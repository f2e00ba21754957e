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

    /// Fits a scaler of `kind` to the columns of `data` (two passes over the rows, no copies).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public static func fit<Scalar: NetworkScalar>(_ kind: Kind, to data: Matrix<Scalar>) -> Scaler {
        let columns = data.columns, rows = data.rows
        guard kind != .none, rows > 0 else { return identity(columns: columns) }
        var shift = Array(repeating: 0.0, count: columns), scale = Array(repeating: 1.0, count: columns)
        data.elements.withUnsafeBufferPointer { x in
            switch kind {
            case .none: break
            case .standard:
                var sum = Array(repeating: 0.0, count: columns), squares = Array(repeating: 0.0, count: columns)
                for i in 0..<rows { for j in 0..<columns { sum[j] += Double(x[i * columns + j]) } }
                let mean = sum.map { $0 / Double(rows) }
                for i in 0..<rows {
                    for j in 0..<columns {
                        let d = Double(x[i * columns + j]) - mean[j]
                        squares[j] += d * d
                    }
                }
                for j in 0..<columns {
                    let sd = (squares[j] / Double(rows)).squareRoot()
                    shift[j] = mean[j]
                    scale[j] = sd > 1e-300 && sd.isFinite ? sd : 1
                }
            case .minMax:
                var lo = Array(repeating: Double.infinity, count: columns), hi = Array(repeating: -Double.infinity, count: columns)
                for i in 0..<rows {
                    for j in 0..<columns {
                        let v = Double(x[i * columns + j])
                        lo[j] = min(lo[j], v)
                        hi[j] = max(hi[j], v)
                    }
                }
                for j in 0..<columns {
                    let range = hi[j] - lo[j]
                    shift[j] = lo[j]
                    scale[j] = range > 0 && range.isFinite ? range : 1
                }
            }
        }
        return try! Scaler(kind: kind, shift: shift, scale: scale)
    }

    /// `(raw − shift) / scale`, column by column.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func transform<Scalar: NetworkScalar>(_ raw: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(raw.columns == shift.count, "Scaler: \(raw.columns) columns, fitted on \(shift.count)")
        if kind == .none { return raw }
        return map(raw) { x, j in (x - shift[j]) / scale[j] }
    }

    /// `scaled · scale + shift`, column by column.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func inverse<Scalar: NetworkScalar>(_ scaled: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(scaled.columns == shift.count, "Scaler: \(scaled.columns) columns, fitted on \(shift.count)")
        if kind == .none { return scaled }
        return map(scaled) { x, j in x * scale[j] + shift[j] }
    }

    /// Applies `f(value, column)` (in Double) to every element, row by row.
    @inline(__always)
    private func map<Scalar: NetworkScalar>(_ m: Matrix<Scalar>, _ f: (Double, Int) -> Double) -> Matrix<Scalar> {
        var out = m
        let columns = m.columns
        out.elements.withUnsafeMutableBufferPointer { values in
            for i in 0..<m.rows {
                for j in 0..<columns {
                    values[i * columns + j] = Scalar(f(Double(values[i * columns + j]), j))
                }
            }
        }
        return out
    }
}
