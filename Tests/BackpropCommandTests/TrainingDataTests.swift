import Backprop
import BackpropData
import Foundation
import Testing
@testable import BackpropCommand

/// `train` reads only the chosen columns, splits and scales in place: the result must be, bit
/// for bit, that of reading the whole table in one piece, `Dataset.split` and `Scaler.transform`.
@Suite("train's data: read, split and scaled in place")
struct TrainingDataTests {
    @Test("rows, split, scalers and raw targets are those of the whole table, Dataset.split and Scaler.transform",
          arguments: [(0.0, Scaler.Kind.standard), (0.25, .standard), (0.4, .minMax), (0.1, .none)])
    func sameAsWholeTable(fraction: Double, kind: Scaler.Kind) throws {
        let scratch = try Scratch()
        let path = try scratch.randomData(rows: 3_000)
        // Chunks of 4 KiB: the file (≈ 320 kB) is read in about 80 of them.
        let reader = try CSVReader(contentsOf: URL(fileURLWithPath: path), chunkSize: 4096)
        let data = try TrainingData(reading: reader, inputColumns: [3, 0, 1], outputColumns: [4, 2],
                                    validationFraction: fraction, seed: 7, scalers: nil, scaleKind: kind)

        let raw = try wholeTableSplit(path, inputs: [3, 0, 1], outputs: [4, 2], validationFraction: fraction, seed: 7)
        let inputScaler = Scaler.fit(kind, to: raw.training.x), outputScaler = Scaler.fit(kind, to: raw.training.y)
        #expect(data.inputScaler == inputScaler && data.outputScaler == outputScaler)
        #expect(bits(data.training.x) == bits(inputScaler.transform(raw.training.x)))
        #expect(bits(data.training.y) == bits(outputScaler.transform(raw.training.y)))
        #expect(bits(data.rawTrainingTargets) == bits(raw.training.y))
        #expect(data.validation?.count == raw.validation?.count)
        if let validation = data.validation, let rawValidation = raw.validation {
            #expect(bits(validation.x) == bits(inputScaler.transform(rawValidation.x)))
            #expect(bits(validation.y) == bits(outputScaler.transform(rawValidation.y)))
            #expect(data.rawValidationTargets.map(bits) == bits(rawValidation.y))
        }
    }

    @Test("a resumed model's scalers are used as they are, not fitted again")
    func storedScalers() throws {
        let scratch = try Scratch()
        let path = try scratch.randomData(rows: 50)
        let scalers = (try Scaler(kind: .standard, shift: [1, 2], scale: [3, 4]), try Scaler(kind: .standard, shift: [5], scale: [6]))
        let data = try TrainingData(reading: try CSVReader.open(path), inputColumns: [0, 1], outputColumns: [2],
                                    validationFraction: 0.2, seed: 1, scalers: scalers, scaleKind: .minMax)
        #expect(data.inputScaler == scalers.0 && data.outputScaler == scalers.1)
        let raw = try wholeTableSplit(path, inputs: [0, 1], outputs: [2], validationFraction: 0.2, seed: 1)
        #expect(bits(data.training.x) == bits(scalers.0.transform(raw.training.x)))
    }

    @Test("a fraction that leaves no training row fails with Dataset.split's own error",
          arguments: [0.9, 0.99, 1.0, -0.1, Double.nan])
    func badFractions(fraction: Double) throws {
        let zeros = Matrix<Double>(rows: 3, columns: 1)
        var expected: String?
        do { _ = try Dataset(x: zeros, y: zeros).split(validationFraction: fraction, seed: 1) } catch { expected = "\(error)" }
        var actual: String?
        do { _ = try Dataset<Double>.validationRows(count: 3, fraction: fraction, seed: 1) } catch { actual = "\(error)" }
        #expect(expected != nil && actual == expected)
    }

    @Test("rows are moved out in their order and the rows left close up in theirs")
    func moveRows() {
        var values: [Double] = [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5]
        let moved = TrainingData.moveRows([false, true, false, true, false], from: &values, width: 2)
        #expect(moved == [1, 1.5, 3, 3.5])
        #expect(values == [0, 0.5, 2, 2.5, 4, 4.5])
    }

    @Test("scaling in place gives the bits Scaler.transform and Scaler.inverse give",
          arguments: Scaler.Kind.allCases)
    func scalingInPlace(kind: Scaler.Kind) throws {
        var generator = SeededGenerator(seed: 3)
        let elements = (0..<600).map { i in (generator.uniform() - 0.5) * Foundation.pow(10, Double(i % 13 - 6)) }
        let m = try Matrix(rows: 200, columns: 3, elements: elements)
        let scaler = Scaler.fit(kind, to: m)
        var scaled = try Matrix(rows: 200, columns: 3, elements: elements)
        scaler.transform(inPlace: &scaled)
        #expect(bits(scaled) == bits(scaler.transform(m)))
        var back = scaled
        scaler.inverse(inPlace: &back)
        #expect(bits(back) == bits(scaler.inverse(scaled)))
        // The (raw − shift) / scale of the documentation, element by element.
        for i in [0, 1, 299, 599] {
            let j = i % 3
            #expect(scaled.elements[i].bitPattern == ((elements[i] - scaler.shift[j]) / scaler.scale[j]).bitPattern
                    || kind == .none)
        }
    }

    @Test("a column the file lacks is reported from its header, before the rows are read")
    func columnsBeforeRows() throws {
        let scratch = try Scratch()
        let path = try scratch.write("bad.csv", "x,y\n1,2\n3,abc\n")
        #expect(throws: CSVError(.unknownColumn(name: "T", available: ["x", "y"]), file: path)) {
            _ = try train(["--data", path, "--inputs", "x", "--outputs", "T", "--model", scratch.path("m.json")])
        }
        #expect(throws: CSVError(.nonNumeric(text: "abc"), file: path, line: 3, column: 2, columnName: "y")) {
            _ = try train(["--data", path, "--inputs", "x", "--outputs", "y", "--model", scratch.path("m.json")])
        }
    }

    @Test("train on a file of several chunks: the data, J and the raw-unit metrics are those of the whole table, bit for bit")
    func trainOnLargeFile() throws {
        let scratch = try Scratch()
        // ≈ 1.6 MB: more than one 1 MiB chunk.
        let path = try scratch.randomData(rows: 15_000)
        let summary = try train(["--data", path, "--inputs", "3,0,1", "--outputs", "4,2", "--layers", "3",
                                 "--epochs", "1", "--batch", "64", "--validation", "0.2", "--model", scratch.path("m.json")])
        let raw = try wholeTableSplit(path, inputs: [3, 0, 1], outputs: [4, 2], validationFraction: 0.2, seed: 42)
        let model = try Model<Double>.load(from: scratch.path("m.json"))
        #expect(bits(summary.setup.training.x) == bits(model.inputScaler.transform(raw.training.x)))
        #expect(bits(summary.setup.validation!.y) == bits(model.outputScaler.transform(raw.validation!.y)))
        // As train computed them before it kept only scaled inputs: from the model, in raw units.
        let names = model.outputNames
        #expect(summary.trainingMetrics == OutputMetrics.compute(yHat: try model.predict(raw.training.x), y: raw.training.y, names: names))
        #expect(summary.validationMetrics == OutputMetrics.compute(yHat: try model.predict(raw.validation!.x), y: raw.validation!.y, names: names))
        #expect(summary.trainingCost == cost(yHat: try model.network.predict(summary.setup.training.x), y: summary.setup.training.y))
    }
}

/// The raw rows as `train` used to prepare them: the whole file read in one piece, the columns
/// picked, then `Dataset.split`.
func wholeTableSplit(_ path: String, inputs: [Int], outputs: [Int], validationFraction: Double, seed: UInt64)
    throws -> (training: Dataset<Double>, validation: Dataset<Double>?)
{
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    let table = try CSVReader(parsing: bytes, source: path, chunkSize: bytes.count + 1).readTable()
    let raw = try Dataset(x: table.matrix(columns: inputs), y: table.matrix(columns: outputs))
    return try raw.split(validationFraction: validationFraction, seed: seed)
}

/// A matrix's elements as bit patterns, for comparisons that tell −0 from 0.
func bits(_ m: Matrix<Double>) -> [UInt64] { m.elements.map(\.bitPattern) }

extension Scratch {
    /// `rows` rows of five columns of full-precision numbers of mixed magnitudes (≈ 107 bytes
    /// a row), with comments and CRLF lines here and there.
    @discardableResult
    func randomData(rows: Int, name: String = "random.csv") throws -> String {
        var generator = SeededGenerator(seed: 11)
        var text = "# random rows\n\"a\",b,\"c, d\",e,f\r\n"
        for row in 0..<rows {
            let values = (0..<5).map { j in (generator.uniform() - 0.3) * Foundation.pow(10, Double(j * 2 - 3)) }
            text += values.map { "\($0)" }.joined(separator: ",") + (row % 7 == 0 ? "\r\n" : "\n")
            if row % 1000 == 999 { text += "# rows \(row + 1)\n\n" }
        }
        return try write(name, text)
    }
}
