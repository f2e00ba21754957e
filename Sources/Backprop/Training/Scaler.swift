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
            // Each column's extremes (both kinds use them) and sum.
            var sum = Array(repeating: 0.0, count: columns)
            var lo = Array(repeating: Double.infinity, count: columns), hi = Array(repeating: -Double.infinity, count: columns)
            for i in 0..<rows {
                for j in 0..<columns {
                    let v = Double(x[i * columns + j])
                    sum[j] += v
                    lo[j] = min(lo[j], v)
                    hi[j] = max(hi[j], v)
                }
            }
            switch kind {
            case .none: break
            case .standard:
                var squares = Array(repeating: 0.0, count: columns)
                let n = Double(rows)
                var mean = sum.map { $0 / n }
                // Σx overflows for values near 1e308 (a NaN shift would trap below): average x/N.
                for j in 0..<columns where !mean[j].isFinite {
                    mean[j] = 0
                    for i in 0..<rows { mean[j] += Double(x[i * columns + j]) / n }
                }
                for i in 0..<rows {
                    for j in 0..<columns {
                        let d = Double(x[i * columns + j]) - mean[j]
                        squares[j] += d * d
                    }
                }
                for j in 0..<columns {
                    // A constant column is shifted to exactly 0 with scale 1: its mean may be off
                    // by an ulp (3 × 0.1 / 3 ≠ 0.1), which would divide 10⁻¹⁷ by 10⁻¹⁷.
                    if lo[j] == hi[j] {
                        shift[j] = lo[j]
                        continue
                    }
                    var sd = (squares[j] / n).squareRoot()
                    // d² overflows for |d| ≳ 1e154 and underflows for |d| ≲ 1e-162, which made
                    // columns of 1e300s or of 1e-300s look constant: σ = m √(Σ (d/m)² / N), m = max |d|.
                    let m = max(hi[j] - mean[j], mean[j] - lo[j])
                    if !(sd.isFinite && sd >= .leastNormalMagnitude), m > 0, m.isFinite {
                        var sum = 0.0
                        for i in 0..<rows {
                            let r = (Double(x[i * columns + j]) - mean[j]) / m
                            sum += r * r
                        }
                        sd = m * (sum / n).squareRoot()
                    }
                    shift[j] = mean[j]
                    scale[j] = sd.isFinite && sd >= .leastNormalMagnitude ? sd : 1
                }
            case .minMax:
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
        var scaled = raw
        transform(inPlace: &scaled)
        return scaled
    }

    /// `scaled · scale + shift`, column by column.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func inverse<Scalar: NetworkScalar>(_ scaled: Matrix<Scalar>) -> Matrix<Scalar> {
        var raw = scaled
        inverse(inPlace: &raw)
        return raw
    }

    /// ``transform(_:)`` without a second copy of the rows (when `m` holds the only reference
    /// to its elements).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func transform<Scalar: NetworkScalar>(inPlace m: inout Matrix<Scalar>) {
        precondition(m.columns == shift.count, "Scaler: \(m.columns) columns, fitted on \(shift.count)")
        if kind == .none { return }
        update(&m) { x, j in (x - shift[j]) / scale[j] }
    }

    /// ``inverse(_:)`` without a second copy of the rows.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func inverse<Scalar: NetworkScalar>(inPlace m: inout Matrix<Scalar>) {
        precondition(m.columns == shift.count, "Scaler: \(m.columns) columns, fitted on \(shift.count)")
        if kind == .none { return }
        update(&m) { x, j in x * scale[j] + shift[j] }
    }

    /// Applies `f(value, column)` (in Double) to every element, row by row.
    @inline(__always)
    private func update<Scalar: NetworkScalar>(_ m: inout Matrix<Scalar>, _ f: (Double, Int) -> Double) {
        let rows = m.rows, columns = m.columns
        m.elements.withUnsafeMutableBufferPointer { values in
            for i in 0..<rows {
                for j in 0..<columns {
                    values[i * columns + j] = Scalar(f(Double(values[i * columns + j]), j))
                }
            }
        }
    }
}
