/// A dense matrix stored row-major in one contiguous buffer.
///
/// Data sets are matrices with one sample per row: an input batch `x` is N × (inputs) and a
/// layer's `a_k` for a batch is N × (width of layer k). Weights are stored as the lecture writes
/// them in `z = W a`: **out × in**. A vector is a 1 × n (one sample) or n × 1 matrix.
public struct Matrix<Scalar: NetworkScalar>: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The `rows · columns` elements, row after row.
    public internal(set) var elements: [Scalar]

    /// A `rows × columns` matrix with every element equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows) × \(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A `rows × columns` matrix from its elements in row-major order.
    ///
    /// - Throws: ``BackpropError/dimensionMismatch(what:expected:actual:)`` when
    ///   `elements.count != rows · columns` or a dimension is negative.
    public init(rows: Int, columns: Int, elements: [Scalar]) throws(BackpropError) {
        guard rows >= 0, columns >= 0, rows.multipliedReportingOverflow(by: columns) == (elements.count, false)
        else {
            throw .dimensionMismatch(
                what: "matrix elements", expected: "\(rows) × \(columns) values",
                actual: "\(elements.count)")
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from its rows; every row must have the same length.
    ///
    /// - Throws: ``BackpropError/dimensionMismatch(what:expected:actual:)`` naming the first
    ///   ragged row.
    public init(_ rowArrays: [[Scalar]]) throws(BackpropError) {
        let columns = rowArrays.first?.count ?? 0
        var elements: [Scalar] = []
        elements.reserveCapacity(rowArrays.count * columns)
        for (index, row) in rowArrays.enumerated() {
            guard row.count == columns else {
                throw .dimensionMismatch(
                    what: "row \(index) of the matrix", expected: "\(columns) values",
                    actual: "\(row.count)")
            }
            elements.append(contentsOf: row)
        }
        self.rows = rowArrays.count
        self.columns = columns
        self.elements = elements
    }

    /// A one-row matrix: one sample.
    public init(row: [Scalar]) {
        self.rows = 1
        self.columns = row.count
        self.elements = row
    }

    /// A one-column matrix: one input or output per sample.
    public init(column: [Scalar]) {
        self.rows = column.count
        self.columns = 1
        self.elements = column
    }

    /// The element in `row`, `column` (0-based).
    public subscript(row: Int, column: Int) -> Scalar {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Matrix index (\(row), \(column)) out of range for \(rows) × \(columns)")
            return elements[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Matrix index (\(row), \(column)) out of range for \(rows) × \(columns)")
            elements[row * columns + column] = newValue
        }
    }

    /// The elements of one row.
    public func row(_ index: Int) -> ArraySlice<Scalar> {
        elements[(index * columns)..<((index + 1) * columns)]
    }

    /// The transpose, `columns × rows`.
    public func transposed() -> Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { t.elements[j * rows + i] = elements[i * columns + j] }
        }
        return t
    }

    /// The shape as the library prints it, `rows × columns`.
    public var shape: String { "\(rows) × \(columns)" }

    /// Throws unless every element is finite; `what` names the matrix in the message.
    public func validateFinite(_ what: String) throws(BackpropError) {
        guard let index = firstNonFiniteIndex() else { return }
        let columns = max(self.columns, 1)
        throw .nonFinite(what: what, index: "row \(index / columns), column \(index % columns)",
                         value: Double(elements[index]))
    }

    /// The index of the first NaN or infinity, or `nil` (a plain loop: data sets are large).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func firstNonFiniteIndex() -> Int? {
        elements.withUnsafeBufferPointer { values in
            for i in 0..<values.count where !values[i].isFinite { return i }
            return nil
        }
    }
}
