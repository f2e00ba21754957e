/// The range of each input column a model was trained on, kept in its metadata so that a user
/// of the model (an inverse problem searching over an input) knows where it interpolates and
/// where it would extrapolate.
///
/// Keys `input_min.NAME` and `input_max.NAME` per input column NAME, values as Swift's shortest
/// round-trip text of the double; the model file's format is otherwise unchanged.
extension Model {
    /// The metadata key of the smallest training value of input `name`.
    public static func inputMinimumKey(_ name: String) -> String { "input_min." + name }
    /// The metadata key of the largest training value of input `name`.
    public static func inputMaximumKey(_ name: String) -> String { "input_max." + name }

    /// [min, max] of each input column over the training rows, in raw units; nil for a column
    /// the model file does not record (a model not saved by `backprop train`, or an older one).
    public var trainingInputRanges: [ClosedRange<Double>?] {
        inputNames.map { name in
            guard let lo = metadata[Self.inputMinimumKey(name)].flatMap(Double.init),
                  let hi = metadata[Self.inputMaximumKey(name)].flatMap(Double.init),
                  lo.isFinite, hi.isFinite, lo <= hi else { return nil }
            return lo...hi
        }
    }

    /// The metadata entries recording [min, max] of each column of the raw training inputs x.
    ///
    /// - Parameters:
    ///   - names: the input columns' names, one per column of x.
    ///   - x: raw training inputs, N × names.count, N ≥ 1.
    public static func trainingInputRangeMetadata(names: [String], x: Matrix<Scalar>) -> [String: String] {
        precondition(names.count == x.columns && x.rows > 0,
                     "Model: \(names.count) names for inputs of \(x.rows) × \(x.columns)")
        var entries: [String: String] = [:]
        for (j, name) in names.enumerated() {
            var lo = Double(x[0, j]), hi = lo
            for i in 1..<x.rows {
                lo = Swift.min(lo, Double(x[i, j]))
                hi = Swift.max(hi, Double(x[i, j]))
            }
            entries[inputMinimumKey(name)] = "\(lo)"
            entries[inputMaximumKey(name)] = "\(hi)"
        }
        return entries
    }
}
