// Writes the seed corpora of the model-json and safetensors harnesses with the library itself:
// valid files of several shapes, precisions, optimisers and schedules, then broken variants
// (truncated, tampered, hostile). Run by Fuzz/make-corpus.sh; the output is committed.

import Foundation

@main
struct ModelSeeds {
    static func main() throws {
        let arguments = CommandLine.arguments
        let jsonDirectory = arguments[1], safetensorsDirectory = arguments[2]
        try modelJSONSeeds(into: jsonDirectory)
        try safeTensorsSeeds(into: safetensorsDirectory)
    }

    static func save(_ bytes: [UInt8], _ directory: String, _ name: String) {
        _ = FileManager.default.createFile(atPath: directory + "/" + name, contents: Data(bytes))
    }

    static func save(_ text: String, _ directory: String, _ name: String) {
        save(Array(text.utf8), directory, name)
    }

    /// A little data set: y = sin(x) on [-2, 2].
    static func sine(_ count: Int) throws -> Dataset<Double> {
        let xs = (0..<count).map { -2 + 4 * Double($0) / Double(count - 1) }
        return try Dataset(x: Matrix(column: xs), y: Matrix(column: xs.map { Foundation.sin($0) }))
    }

    static func trained(
        widths: [Int], activation: Activation, optimizer: Optimizer, schedule: LearningRateSchedule,
        validation: Bool, epochs: Int
    ) throws -> Model<Double> {
        let network = try Network<Double>(widths: widths, activation: activation, seed: 7)
        let configuration = TrainingConfiguration(
            learningRate: 0.01, batchSize: 4, seed: 3, optimizer: optimizer, schedule: schedule,
            tolerance: 1e-9, earlyStoppingPatience: validation ? 5 : nil)
        let data = try sine(16)
        var trainer = try Trainer(network: network, configuration: configuration)
        if validation {
            let (training, held) = try data.split(validationFraction: 0.25, seed: 3)
            try trainer.train(on: training, validation: held, epochs: epochs)
        } else {
            try trainer.train(on: data, epochs: epochs)
        }
        return Model(
            network: trainer.network, inputScaler: .fit(.standard, to: data.x),
            outputScaler: .fit(.minMax, to: data.y), inputNames: ["x"], outputNames: ["sin x"],
            configuration: configuration, trainingState: trainer.state, metadata: ["createdBy": "make-corpus"])
    }

    static func modelJSONSeeds(into directory: String) throws {
        let models: [(String, Model<Double>)] = [
            ("valid-sgd.json", try trained(widths: [1, 3, 1], activation: .sigmoid, optimizer: .gradientDescent,
                                           schedule: .constant, validation: false, epochs: 2)),
            ("valid-momentum-step.json", try trained(widths: [1, 2, 2, 1], activation: .tanh,
                                                     optimizer: .momentum(mu: 0.9, nesterov: true),
                                                     schedule: .step(every: 2, factor: 0.5), validation: true, epochs: 3)),
            ("valid-adam-plateau.json", try trained(widths: [1, 4, 1], activation: .leakyReLU(slope: 0.1),
                                                    optimizer: .adam(), schedule: .reduceOnPlateau(factor: 0.5, patience: 1),
                                                    validation: true, epochs: 3)),
            ("valid-elu-exponential.json", try trained(widths: [1, 2, 1], activation: .elu(alpha: 0.5), optimizer: .adam(),
                                                       schedule: .exponential(factor: 0.9), validation: false, epochs: 1)),
            ("valid-untrained.json", Model(network: try Network<Double>(widths: [2, 3, 2], activation: .softplus, bias: false, seed: 1))),
            ("valid-relu.json", Model(network: try Network<Double>(widths: [3, 2, 1], activation: .relu, seed: 2))),
        ]
        for (name, model) in models {
            save(model.jsonValue().serialized(), directory, name)
        }
        let float = Model(network: try Network<Float>(widths: [1, 2, 1], activation: .tanh, seed: 4))
        save(float.jsonValue().serialized(), directory, "valid-float.json")

        // Broken files, each one fault.
        let text = models[2].1.jsonValue().serialized()
        let small = models[4].1.jsonValue().serialized()
        save(String(text.prefix(text.count / 2)), directory, "broken-truncated.json")
        save(small.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 2"), directory, "broken-version.json")
        save(small.replacingOccurrences(of: "\"parameters\": [", with: "\"parameters\": [0.5, "), directory, "broken-count.json")
        save(small.replacingOccurrences(of: "\"parameters\": [", with: "\"parameters\": [NaN, "), directory, "broken-nan.json")
        save(small.replacingOccurrences(of: "\"parameters\": [", with: "\"parameters\": [1e999, "), directory, "broken-overflow.json")
        save(small.replacingOccurrences(of: "\"inputs\": 2", with: "\"inputs\": -2"), directory, "broken-negative.json")
        save(small.replacingOccurrences(of: "\"outputs\": 3", with: "\"outputs\": 4"), directory, "broken-chain.json")
        save(small.replacingOccurrences(of: "\"softplus\"", with: "\"swish\""), directory, "broken-activation.json")
        save(small.replacingOccurrences(of: "\"format\"", with: "\"format\": \"x\", \"format\""), directory, "broken-duplicate.json")
        save(small.replacingOccurrences(of: "\"scale\": [1, 1]", with: "\"scale\": [0, 1]"), directory, "broken-scale.json")
        save(text.replacingOccurrences(of: "\"plateau:0.5:1:0.0\"", with: "\"step:1e300:0.5\""), directory, "broken-schedule.json")
        save(#"{"format": "backprop-model", "version": 1, "precision": "Double", "layers": [{"inputs": 1000000000, "outputs": 1000000000, "activation": "tanh", "bias": true}], "parameters": []}"#,
             directory, "hostile-huge-layer.json")
        save(#"{"format": "backprop-model", "version": 1, "precision": "Double", "layers": [{"inputs": 9000, "outputs": 9000, "activation": "tanh", "bias": true}], "parameters": [1]}"#,
             directory, "hostile-wide-layer.json")
        save(String(repeating: "[", count: 200), directory, "hostile-deep.json")
        save("", directory, "empty.json")
        save("{}", directory, "object.json")
    }

    static func safeTensorsSeeds(into directory: String) throws {
        let model = try trained(widths: [1, 3, 1], activation: .tanh, optimizer: .gradientDescent,
                                schedule: .constant, validation: false, epochs: 1)
        var tensors = [String: SafeTensorsFile.Tensor]()
        for k in 1...model.network.depth {
            let layer = model.network.layer(k)
            tensors["layers.\(k - 1).weight"] = .init(shape: [layer.weight.rows, layer.weight.columns], values: layer.weight.elements)
            if let bias = layer.bias { tensors["layers.\(k - 1).bias"] = .init(dtype: .f32, shape: [bias.count], values: bias.map { Double(Float($0)) }) }
        }
        let valid = SafeTensorsFile(tensors: tensors, metadata: ["format": "pt", "activation": "tanh"]).encoded()
        save(valid, directory, "valid-network.safetensors")
        save(SafeTensorsFile().encoded(), directory, "valid-empty.safetensors")
        save(SafeTensorsFile(tensors: ["s": .init(shape: [], values: [3.5]), "z": .init(dtype: .f32, shape: [0, 4], values: [])]).encoded(),
             directory, "valid-scalar-and-empty.safetensors")
        save(SafeTensorsFile(tensors: ["a": .init(dtype: .f32, shape: [2, 2], values: [1, 2, 3, 4])], metadata: ["k": "\u{1F600}\"\\"]).encoded(),
             directory, "valid-f32-metadata.safetensors")

        func raw(_ header: String, _ data: [UInt8]) -> [UInt8] {
            let h = Array(header.utf8)
            return withUnsafeBytes(of: UInt64(h.count).littleEndian) { Array($0) } + h + data
        }
        let two = withUnsafeBytes(of: 1.0.bitPattern.littleEndian) { Array($0) } + withUnsafeBytes(of: Double.nan.bitPattern.littleEndian) { Array($0) }
        save(Array(valid.prefix(valid.count - 3)), directory, "broken-truncated.safetensors")
        save(Array(valid.prefix(5)), directory, "broken-short.safetensors")
        save(raw(#"{"w":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}"#, two), directory, "broken-nan.safetensors")
        save(raw(#"{"w":{"dtype":"F64","shape":[-2],"data_offsets":[0,16]}}"#, two), directory, "broken-negative.safetensors")
        save(raw(#"{"w":{"dtype":"F64","shape":[3],"data_offsets":[0,16]}}"#, two), directory, "broken-mismatch.safetensors")
        save(raw(#"{"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"w":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}"#, two),
             directory, "broken-duplicate.safetensors")
        save(raw(#"{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"b":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}"#, two),
             directory, "broken-overlap.safetensors")
        save(raw(#"{"w":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}"#, [0, 0, 0, 0]), directory, "broken-dtype.safetensors")
        save(raw(#"{"w":{"dtype":"F64","shape":[1000000000,1000000000],"data_offsets":[0,16]}}"#, two), directory, "hostile-huge.safetensors")
        save(raw(#"{"__metadata__":{"a":"b"},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}   "#, [0, 0, 128, 63]),
             directory, "valid-handwritten.safetensors")
        save([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7B, 0x7D], directory, "hostile-header-length.safetensors")

        // Models as Model.safeTensors() exports them, for the importer.
        save(model.safeTensors().encoded(), directory, "valid-model-export.safetensors")
        let float = Model(network: try Network<Float>(widths: [2, 3, 1], activation: .sigmoid, bias: false, seed: 5),
                          inputNames: ["x", "h"], outputNames: ["T"])
        save(float.safeTensors().encoded(), directory, "valid-model-export-float.safetensors")
        var missing = model.safeTensors()
        missing.tensors["layers.1.weight"] = nil
        save(missing.encoded(), directory, "broken-model-missing-tensor.safetensors")
        var wide = model.safeTensors()
        wide.metadata["layers"] = "1,1000000000,1"
        save(wide.encoded(), directory, "hostile-model-wide-metadata.safetensors")
    }
}
