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

    /// Reads the model's input columns of the data file at `path` (found by the names stored in
    /// the model), in raw units, and its output columns when the file has all of them. Only
    /// these columns are kept in memory.
    static func columns(ofFile path: String, for model: Model<Double>) throws -> (x: Matrix<Double>, y: Matrix<Double>?) {
        let reader = try CSVReader.open(path)
        let inputColumns = try reader.columnIndices(named: model.inputNames, role: "input")
        guard reader.hasColumns(named: model.outputNames) else {
            return (try reader.readMatrices(columns: [inputColumns])[0], nil)
        }
        let outputColumns = try reader.columnIndices(named: model.outputNames, role: "output")
        let matrices = try reader.readMatrices(columns: [inputColumns, outputColumns])
        return (matrices[0], matrices[1])
    }
}
