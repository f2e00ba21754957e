import Backprop
import BackpropData
import Foundation

/// Model files and data read the same way by every command that uses a trained model.
enum ModelLoading {
    /// Loads a model file; a problem is a failure (exit 1) naming the file and field.
    static func load(_ path: String) throws -> Model<Double> {
        do {
            return try Model<Double>.load(from: path)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The model's input columns of `table` (found by the names stored in the model), in raw
    /// units, and its output columns when the table has all of them.
    static func columns(of table: CSVTable, for model: Model<Double>) throws -> (x: Matrix<Double>, y: Matrix<Double>?) {
        let x = table.matrix(columns: try table.columnIndices(named: model.inputNames, role: "input"))
        let y = table.hasColumns(named: model.outputNames)
            ? table.matrix(columns: try table.columnIndices(named: model.outputNames, role: "output")) : nil
        return (x, y)
    }
}
