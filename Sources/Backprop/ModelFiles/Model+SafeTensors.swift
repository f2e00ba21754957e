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
        if let version = file.metadata["version"], version != "\(ModelFile.version)" {
            throw fail("__metadata__.version", "version \(version) is not supported; this engine reads version \(ModelFile.version)")
        }
        // Every width must read as a number: `1,x,10,1` is refused, not read as 1,10,1.
        let widthTexts = (file.metadata["layers"] ?? "").split(separator: ",", omittingEmptySubsequences: false)
        let widths = widthTexts.compactMap { Int($0) }
        let activationNames = (file.metadata["activations"] ?? "").split(separator: ",").map(String.init)
        guard widths.count == widthTexts.count, widths.count >= 2, widths.count == activationNames.count + 1,
              widths.allSatisfy({ $0 >= 1 }) else {
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
        /// A file without a scaler (no kind, no tensors) has none; half a scaler is refused, so
        /// that predictions never silently come out in the wrong units.
        func scaler(_ side: String, width: Int) throws(ModelFileError) -> Scaler {
            let kindName = file.metadata["\(side).scaler"]
            let shift = file.tensors["\(side).shift"]?.values, scale = file.tensors["\(side).scale"]?.values
            if kindName == nil && shift == nil && scale == nil { return .identity(columns: width) }
            guard let kindName, let kind = Scaler.Kind(rawValue: kindName) else {
                throw fail("__metadata__.\(side).scaler",
                           "expected one of \(Scaler.Kind.allCases.map(\.rawValue).joined(separator: ", ")), found \(kindName.map { "\"\($0)\"" } ?? "none")")
            }
            guard let shift else { throw fail("\(side).shift", "the tensor is missing") }
            guard let scale else { throw fail("\(side).scale", "the tensor is missing") }
            guard shift.count == width else { throw fail("\(side).shift", "expected \(width) values, found \(shift.count)") }
            guard scale.count == width else { throw fail("\(side).scale", "expected \(width) values, found \(scale.count)") }
            do { return try Scaler(kind: kind, shift: shift, scale: scale) } catch { throw fail("\(side).scale", error.description) }
        }
        /// The column names, or `nil` (default names) when the file has none.
        func names(_ side: String, width: Int) throws(ModelFileError) -> [String]? {
            guard let text = file.metadata["\(side).names"] else { return nil }
            let names = text.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            guard names.count == width else {
                throw fail("__metadata__.\(side).names", "\(names.count) names for \(width) columns")
            }
            return names
        }
        self.init(network: network,
                  inputScaler: try scaler("inputs", width: network.inputWidth),
                  outputScaler: try scaler("outputs", width: network.outputWidth),
                  inputNames: try names("inputs", width: network.inputWidth),
                  outputNames: try names("outputs", width: network.outputWidth))
    }
}
