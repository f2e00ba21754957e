import Foundation
import Testing
@testable import Backprop

@Suite("Model export to safetensors")
struct ModelSafeTensorsTests {
    func model() throws -> Model<Double> {
        let network = try Network(layers: [
            Layer(weight: Matrix([[0.5, -1.25], [2, 0.1], [-0.3, 0.7]]), bias: [0.01, 0.02, 0.03], activation: .tanh),
            Layer(weight: Matrix([[1.5, -2.5, 0.25]]), bias: nil, activation: .identity),
        ])
        return Model(network: network, inputScaler: try Scaler(kind: .standard, shift: [1, 2], scale: [3, 4]),
                     outputScaler: try Scaler(kind: .minMax, shift: [5], scale: [6]),
                     inputNames: ["x", "h"], outputNames: ["T"])
    }

    @Test("Tensor names, shapes and values follow the documented layout; the file reads back into the same model")
    func layout() throws {
        let m = try model()
        let file = m.safeTensors()
        #expect(file.tensors["layers.0.weight"]?.shape == [3, 2])
        #expect(file.tensors["layers.0.weight"]?.values == [0.5, -1.25, 2, 0.1, -0.3, 0.7])
        #expect(file.tensors["layers.0.bias"]?.values == [0.01, 0.02, 0.03])
        #expect(file.tensors["layers.1.bias"] == nil)
        #expect(file.tensors["inputs.scale"]?.values == [3, 4])
        #expect(file.metadata["layers"] == "2,3,1")
        #expect(file.metadata["activations"] == "tanh,identity")
        let path = NSTemporaryDirectory() + "backprop-\(UUID().uuidString).safetensors"
        try m.exportSafeTensors(to: path)
        let read = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: path))
        #expect(read == file)
        #expect(try Model<Double>(safeTensors: read) == m)
    }

    @Test("A tensor of the wrong shape or a missing tensor is named in the error")
    func badImports() throws {
        var file = try model().safeTensors()
        file.tensors["layers.0.weight"] = .init(shape: [2, 3], values: Array(repeating: 0, count: 6))
        #expect(throws: ModelFileError.self) { try Model<Double>(safeTensors: file) }
        file.tensors["layers.0.weight"] = nil
        do {
            _ = try Model<Double>(safeTensors: file)
            Issue.record("a missing tensor was accepted")
        } catch {
            #expect(error.description.contains("layers.0.weight"))
        }
    }

    @Test("Half a scaler, an unknown scaler kind, another version, a non-numeric width or a wrong name count is refused, naming the key")
    func metadataRefusals() throws {
        let good = try model().safeTensors()
        func refusal(_ change: (inout SafeTensorsFile) -> Void) -> String? {
            var file = good
            change(&file)
            do { _ = try Model<Double>(safeTensors: file); return nil } catch { return error.description }
        }
        #expect(refusal { $0.metadata["inputs.scaler"] = nil }?.contains("__metadata__.inputs.scaler") == true)
        #expect(refusal { $0.metadata["outputs.scaler"] = "standardised" }?.contains("expected one of none, standard, minmax") == true)
        #expect(refusal { $0.tensors["inputs.shift"] = nil }?.contains("inputs.shift: the tensor is missing") == true)
        #expect(refusal { $0.tensors["outputs.scale"] = nil }?.contains("outputs.scale: the tensor is missing") == true)
        #expect(refusal { $0.metadata["version"] = "2" }?.contains("__metadata__.version") == true)
        #expect(refusal { $0.metadata["layers"] = "2,x,3,1" }?.contains("__metadata__.layers") == true)
        #expect(refusal { $0.metadata["inputs.names"] = "x" }?.contains("1 names for 2 columns") == true)
        // A file with no scaler at all (kind and tensors absent) has none.
        #expect(refusal {
            for side in ["inputs", "outputs"] {
                $0.metadata["\(side).scaler"] = nil
                $0.tensors["\(side).shift"] = nil
                $0.tensors["\(side).scale"] = nil
            }
        } == nil)
    }

    static let numpyAvailable: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import numpy"]
        p.standardError = FileHandle.nullDevice
        do { try p.run(); p.waitUntilExit(); return p.terminationStatus == 0 } catch { return false }
    }()

    @Test("NumPy reads the exported weights and computes the same prediction",
          .enabled(if: numpyAvailable, "python3 with numpy is not installed"))
    func numpyReadsIt() throws {
        let m = try model()
        let path = NSTemporaryDirectory() + "backprop-\(UUID().uuidString).safetensors"
        try m.exportSafeTensors(to: path)
        // A reader written from the format's description, with NumPy only.
        let script = """
        import json, struct, sys, numpy as np
        raw = open(sys.argv[1], 'rb').read()
        n = struct.unpack('<Q', raw[:8])[0]
        header = json.loads(raw[8:8 + n]); data = raw[8 + n:]
        def t(name):
            h = header[name]; b, e = h['data_offsets']
            return np.frombuffer(data[b:e], dtype='<f8' if h['dtype'] == 'F64' else '<f4').reshape(h['shape'])
        x = (np.array([0.7, -1.1]) - t('inputs.shift')) / t('inputs.scale')
        a1 = np.tanh(t('layers.0.weight') @ x + t('layers.0.bias'))
        y = t('layers.1.weight') @ a1
        print(repr(float((y * t('outputs.scale') + t('outputs.shift'))[0])))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let numpy = try #require(Double(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        let ours = try m.predict(Matrix(row: [0.7, -1.1]))[0, 0]
        #expect(abs(numpy - ours) <= 1e-14 * max(1, abs(ours)))
    }
}
