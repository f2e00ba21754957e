import Foundation

/// Export to (and import from) the safetensors format, so that PyTorch and NumPy users can load
/// the weights.
///
/// Tensor names and layout (row-major, little-endian, F64 for Double models and F32 for Float):
///
/// | name | shape | meaning |
/// |---|---|---|
/// | `layers.{i}.weight` | [out, in] | `W_(i+1)` — the same layout as PyTorch's `nn.Linear.weight` |
/// | `layers.{i}.bias` | [out] | `b_(i+1)` (absent for a layer without bias units) |
/// | `inputs.shift`, `inputs.scale` | [inputs] | raw x → network input: `(x − shift) / scale` |
/// | `outputs.shift`, `outputs.scale` | [outputs] | network output → raw ŷ: `ŷ · scale + shift` |
///
/// `i` counts from 0 (layer 1 is `layers.0`). The metadata holds `format` = `backprop-model`,
/// `version`, `precision`, `layers` (the widths, e.g. `1,10,10,1`), `activations`
/// (e.g. `sigmoid,sigmoid,identity`), `inputs.names`, `outputs.names` and the scaler kinds.
extension Model {
    /// The model as a safetensors file (see above for names and layout).
    public func safeTensors() -> SafeTensorsFile {
        let dtype: SafeTensorsFile.DType = Scalar.self == Float.self ? .f32 : .f64
        var tensors: [String: SafeTensorsFile.Tensor] = [:]
        for (index, layer) in network.layers.enumerated() {
            let k = index + 1
            tensors["layers.\(index).weight"] = .init(
                dtype: dtype, shape: [layer.outputWidth, layer.inputWidth],
                values: network.weight(ofLayer: k).elements.map(Double.init))
            if let bias = network.bias(ofLayer: k) {
                tensors["layers.\(index).bias"] = .init(dtype: dtype, shape: [layer.outputWidth], values: bias.map(Double.init))
            }
        }
        tensors["inputs.shift"] = .init(dtype: .f64, shape: [inputScaler.shift.count], values: inputScaler.shift)
        tensors["inputs.scale"] = .init(dtype: .f64, shape: [inputScaler.scale.count], values: inputScaler.scale)
        tensors["outputs.shift"] = .init(dtype: .f64, shape: [outputScaler.shift.count], values: outputScaler.shift)
        tensors["outputs.scale"] = .init(dtype: .f64, shape: [outputScaler.scale.count], values: outputScaler.scale)
        let metadata: [String: String] = [
            "format": "backprop-model",
            "version": "\(ModelFile.version)",
            "precision": Scalar.self == Float.self ? "Float" : "Double",
            "layers": network.widths.map(String.init).joined(separator: ","),
            "activations": network.layers.map(\.activation.description).joined(separator: ","),
            "inputs.names": inputNames.joined(separator: "\u{1F}"),
            "outputs.names": outputNames.joined(separator: "\u{1F}"),
            "inputs.scaler": inputScaler.kind.rawValue,
            "outputs.scaler": outputScaler.kind.rawValue,
        ]
        return SafeTensorsFile(tensors: tensors, metadata: metadata)
    }

    /// Writes ``safeTensors()`` atomically to `path`.
    public func exportSafeTensors(to path: String) throws(SafeTensorsError) {
        try safeTensors().write(to: URL(fileURLWithPath: path))
    }

    /// A model from a safetensors file written by ``safeTensors()`` (weights, biases, scalers,
    /// names; no training state).
    ///
    /// - Throws: ``ModelFileError/invalid(path:field:message:)`` naming the tensor or metadata
    ///   key at fault.
    public init(safeTensors file: SafeTensorsFile, path: String = "<memory>") throws(ModelFileError) {
        func fail(_ field: String, _ message: String) -> ModelFileError { .invalid(path: path, field: field, message: message) }
        guard file.metadata["format"] == "backprop-model" else { throw fail("__metadata__.format", "expected \"backprop-model\"") }
        let widths = (file.metadata["layers"] ?? "").split(separator: ",").compactMap { Int($0) }
        let activationNames = (file.metadata["activations"] ?? "").split(separator: ",").map(String.init)
        guard widths.count >= 2, widths.count == activationNames.count + 1, widths.allSatisfy({ $0 >= 1 }) else {
            throw fail("__metadata__.layers", "expected widths like 1,10,1 and one activation per layer")
        }
        var layers: [Layer<Scalar>] = []
        for index in 0..<(widths.count - 1) {
            let name = "layers.\(index).weight"
            guard let w = file.tensors[name] else { throw fail(name, "the tensor is missing") }
            guard w.shape == [widths[index + 1], widths[index]] else {
                throw fail(name, "shape \(w.shape), expected [\(widths[index + 1]), \(widths[index])]")
            }
            let activation: Activation
            do { activation = try Activation(name: activationNames[index]) } catch { throw fail("__metadata__.activations", error.description) }
            var bias: [Scalar]?
            if let b = file.tensors["layers.\(index).bias"] {
                guard b.shape == [widths[index + 1]] else { throw fail("layers.\(index).bias", "shape \(b.shape), expected [\(widths[index + 1])]") }
                bias = b.values.map { Scalar($0) }
            }
            let weight: Matrix<Scalar>
            do { weight = try Matrix(rows: w.shape[0], columns: w.shape[1], elements: w.values.map { Scalar($0) }) } catch { throw fail(name, error.description) }
            layers.append(Layer(weight: weight, bias: bias, activation: activation))
        }
        let network: Network<Scalar>
        do { network = try Network(layers: layers) } catch { throw fail("layers", error.description) }
        func scaler(_ side: String, width: Int) throws(ModelFileError) -> Scaler {
            guard let shift = file.tensors["\(side).shift"]?.values, let scale = file.tensors["\(side).scale"]?.values else {
                return .identity(columns: width)
            }
            guard shift.count == width, scale.count == width else { throw fail("\(side).shift", "expected \(width) values") }
            let kind = Scaler.Kind(rawValue: file.metadata["\(side).scaler"] ?? "none") ?? .none
            do { return try Scaler(kind: kind, shift: shift, scale: scale) } catch { throw fail("\(side).scale", error.description) }
        }
        func names(_ side: String, width: Int) -> [String]? {
            let names = (file.metadata["\(side).names"] ?? "").split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            return names.count == width ? names : nil
        }
        self.init(network: network,
                  inputScaler: try scaler("inputs", width: network.inputWidth),
                  outputScaler: try scaler("outputs", width: network.outputWidth),
                  inputNames: names("inputs", width: network.inputWidth),
                  outputNames: names("outputs", width: network.outputWidth))
    }
}
