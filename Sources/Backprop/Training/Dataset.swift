/// Inputs and targets for training: row n of `x` goes with row n of `y`.
///
/// Validated once, here at the boundary: at least one row, as many target rows as input rows,
/// and only finite numbers. The trainer then checks nothing twice.
public struct Dataset<Scalar: NetworkScalar>: Sendable, Equatable {
    /// N × (inputs).
    public let x: Matrix<Scalar>
    /// N × (outputs).
    public let y: Matrix<Scalar>

    /// Number of samples N.
    public var count: Int { x.rows }

    /// A data set from inputs and targets with one sample per row.
    ///
    /// - Throws: ``BackpropError`` for no rows, mismatched row counts, or a NaN/infinite value
    ///   (naming the matrix, row and column).
    public init(x: Matrix<Scalar>, y: Matrix<Scalar>) throws(BackpropError) {
        guard x.rows >= 1 else {
            throw .dimensionMismatch(what: "data set", expected: "at least 1 sample", actual: "0 rows")
        }
        guard y.rows == x.rows else {
            throw .dimensionMismatch(what: "targets y", expected: "\(x.rows) rows, one per input row", actual: "\(y.rows) rows")
        }
        guard x.columns >= 1, y.columns >= 1 else {
            throw .dimensionMismatch(what: "data set", expected: "at least one input and one output column",
                                     actual: "\(x.columns) inputs, \(y.columns) outputs")
        }
        try x.validateFinite("input x")
        try y.validateFinite("target y")
        self.x = x
        self.y = y
    }

    init(unchecked x: Matrix<Scalar>, _ y: Matrix<Scalar>) {
        self.x = x
        self.y = y
    }

    /// The samples at `rows`, in that order.
    public func subset(_ rows: [Int]) -> Dataset {
        var xs: [Scalar] = [], ys: [Scalar] = []
        xs.reserveCapacity(rows.count * x.columns)
        ys.reserveCapacity(rows.count * y.columns)
        for r in rows {
            xs.append(contentsOf: x.row(r))
            ys.append(contentsOf: y.row(r))
        }
        return Dataset(unchecked: try! Matrix(rows: rows.count, columns: x.columns, elements: xs),
                       try! Matrix(rows: rows.count, columns: y.columns, elements: ys))
    }

    /// Splits off a validation set: a seeded random `fraction` of the samples (at least one, and
    /// at least one left for training). The same seed always picks the same rows.
    ///
    /// - Throws: when `fraction` is outside [0, 1) or the data set is too small to split.
    public func split(validationFraction fraction: Double, seed: UInt64) throws(BackpropError) -> (training: Dataset, validation: Dataset?) {
        guard let held = try Self.validationRows(count: count, fraction: fraction, seed: seed) else { return (self, nil) }
        var isHeld = [Bool](repeating: false, count: count)
        for row in held { isHeld[row] = true }
        return (subset(isHeld.indices.filter { !isHeld[$0] }), subset(held))
    }

    /// The rows ``split(validationFraction:seed:)`` holds out of `count` samples, ascending, or
    /// `nil` for a fraction of 0: the last `round(fraction · count)` (at least 1) entries of a
    /// seeded permutation that no epoch's shuffle uses. For callers that split rows they hold
    /// elsewhere (the command splits a data file's columns in place).
    ///
    /// - Throws: when `fraction` is outside [0, 1) or leaves no training sample.
    public static func validationRows(count: Int, fraction: Double, seed: UInt64) throws(BackpropError) -> [Int]? {
        guard fraction >= 0, fraction < 1 else {
            throw .invalidArgument(name: "validation fraction", value: "\(fraction)", expected: "0 ≤ fraction < 1")
        }
        if fraction == 0 { return nil }
        let validationCount = max(1, Int((fraction * Double(count)).rounded()))
        guard validationCount < count else {
            throw .invalidArgument(name: "validation fraction", value: "\(fraction)",
                                   expected: "a fraction that leaves training samples (N = \(count))")
        }
        let order = SeededGenerator.permutation(count: count, seed: seed ^ 0x5EED_0F_5A11DA7E, epoch: 0)
        return Array(order.suffix(validationCount)).sorted()
    }
}
