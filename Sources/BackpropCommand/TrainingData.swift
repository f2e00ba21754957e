import Backprop
import BackpropData
import Foundation

/// The rows `train` learns from, each value held once: read from the data file straight into
/// inputs and targets, split into training and validation rows in place, and scaled in place.
///
/// For N rows of I inputs and O outputs it keeps N (I + 2 O) numbers: the scaled inputs, and the
/// targets both scaled (for the trainer) and raw (for metrics in the user's units). The raw
/// inputs are not kept, as they are not needed: a model predicts in raw units as
/// `ŷ = outputScaler.inverse(network.predict(inputScaler.transform(x)))`, and
/// `inputScaler.transform(x)` is, bit for bit, the scaled inputs kept here.
///
/// The rows, split and scalers are exactly those of reading the whole table, splitting it with
/// `Dataset.split(validationFraction:seed:)` and scaling with `Scaler.transform(_:)`.
struct TrainingData {
    /// Training and validation rows in the network's scaled units.
    let training: Dataset<Double>, validation: Dataset<Double>?
    /// The targets of the same rows in raw units.
    let rawTrainingTargets: Matrix<Double>, rawValidationTargets: Matrix<Double>?
    /// The scalers: those given, or fitted on the training rows.
    let inputScaler: Scaler, outputScaler: Scaler
    /// Each input column's smallest (row 0) and largest (row 1) raw value over the training
    /// rows, 2 × inputs: the range the model will know it was trained on.
    let inputExtremes: Matrix<Double>

    /// Reads the rows of `reader` (whose header has been read) and prepares them.
    ///
    /// - Parameters:
    ///   - reader: the data file.
    ///   - inputColumns, outputColumns: the columns of x and y.
    ///   - validationFraction, seed: the split, as `Dataset.split(validationFraction:seed:)`.
    ///   - scalers: the scalers to use (a resumed model's), or `nil` to fit them on the training
    ///     rows with `scaleKind`.
    /// - Throws: ``CSVError`` for a bad field, and `BackpropError` for a fraction that leaves no
    ///   training row or scaled values that are not finite.
    init(reading reader: CSVReader, inputColumns: [Int], outputColumns: [Int], validationFraction: Double,
         seed: UInt64, scalers: (input: Scaler, output: Scaler)?, scaleKind: Scaler.Kind) throws {
        let rows = try reader.readRows(columns: [inputColumns, outputColumns])
        // Move the arrays out of `rows`, so that they are the only references and change in place.
        var groups = rows.values
        var targets = groups.removeLast(), inputs = groups.removeLast()
        let inputWidth = inputColumns.count, outputWidth = outputColumns.count

        let heldOut = try Dataset<Double>.validationRows(count: rows.rowCount, fraction: validationFraction, seed: seed)
            .map { held in
                var mask = [Bool](repeating: false, count: rows.rowCount)
                for row in held { mask[row] = true }
                return mask
            }
        var validationInputs: [Double]?, validationTargets: [Double]?
        if let heldOut {
            validationInputs = Self.moveRows(heldOut, from: &inputs, width: inputWidth)
            validationTargets = Self.moveRows(heldOut, from: &targets, width: outputWidth)
        }
        let trainingCount = inputs.count / inputWidth
        let rawTraining = try Matrix(rows: trainingCount, columns: outputWidth, elements: targets)
        // `consume`: the matrix holds the only reference, so scaling changes it in place.
        var trainingX = try Matrix(rows: trainingCount, columns: inputWidth, elements: consume inputs)
        inputExtremes = Self.extremes(of: trainingX)
        inputScaler = scalers?.input ?? Scaler.fit(scaleKind, to: trainingX)
        outputScaler = scalers?.output ?? Scaler.fit(scaleKind, to: rawTraining)
        inputScaler.transform(inPlace: &trainingX)
        training = try Dataset(x: consume trainingX, y: outputScaler.transform(rawTraining))
        rawTrainingTargets = rawTraining

        // take(): the optionals must let go of the arrays for them to change in place.
        if let x = validationInputs.take(), let y = validationTargets.take() {
            let count = x.count / inputWidth
            let rawY = try Matrix(rows: count, columns: outputWidth, elements: y)
            var validationX = try Matrix(rows: count, columns: inputWidth, elements: consume x)
            inputScaler.transform(inPlace: &validationX)
            validation = try Dataset(x: consume validationX, y: outputScaler.transform(rawY))
            rawValidationTargets = rawY
        } else {
            validation = nil
            rawValidationTargets = nil
        }
    }

    /// [min; max] of each column of x (2 × columns), in one pass.
    static func extremes(of x: Matrix<Double>) -> Matrix<Double> {
        var result = Matrix<Double>(rows: 2, columns: x.columns)
        guard x.rows > 0 else { return result }
        for j in 0..<x.columns { (result[0, j], result[1, j]) = (x[0, j], x[0, j]) }
        for i in 1..<x.rows {
            for j in 0..<x.columns {
                result[0, j] = min(result[0, j], x[i, j])
                result[1, j] = max(result[1, j], x[i, j])
            }
        }
        return result
    }

    /// Moves the rows marked in `heldOut` out of the row-major `values` (rows of `width`), in
    /// their order, and closes up the rows left, in theirs.
    ///
    /// - Returns: the rows moved out, row-major.
    static func moveRows(_ heldOut: [Bool], from values: inout [Double], width: Int) -> [Double] {
        precondition(values.count == heldOut.count * width, "moveRows: \(values.count) values are not \(heldOut.count) rows of \(width)")
        var moved = [Double]()
        moved.reserveCapacity(heldOut.lazy.filter { $0 }.count * width)
        var kept = 0
        values.withUnsafeMutableBufferPointer { v in
            for row in heldOut.indices {
                let start = row * width
                if heldOut[row] {
                    moved.append(contentsOf: v[start..<(start + width)])
                } else {
                    if kept != row {
                        for k in 0..<width { v[kept * width + k] = v[start + k] }
                    }
                    kept += 1
                }
            }
        }
        values.removeLast(values.count - kept * width)
        return moved
    }
}
