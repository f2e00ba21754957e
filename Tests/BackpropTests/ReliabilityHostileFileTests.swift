import Foundation
import Testing

@testable import Backprop

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A model file built to hurt the loader, and what the loader must say about it.
struct HostileFile: CustomTestStringConvertible, Sendable {
    /// `json`: `Model.load(from:)`; `safetensors`: `SafeTensorsFile(contentsOf:)`;
    /// `safetensorsModel`: that, then `Model(safeTensors:)`.
    enum Format: String, Sendable { case json, safetensors, safetensorsModel = "model.safetensors" }

    /// What the file is, in a few words (the table row of RELIABILITY.md).
    let name: String
    let format: Format
    /// Writes the file at the path.
    let write: @Sendable (String) throws -> Void
    /// Every one of these must appear in the error's description.
    let message: [String]

    var testDescription: String { "\(format.rawValue): \(name)" }

    init(_ name: String, _ format: Format, message: [String], bytes: [UInt8]) {
        self.name = name
        self.format = format
        self.message = message
        self.write = { path in try Data(bytes).write(to: URL(fileURLWithPath: path)) }
    }

    init(_ name: String, _ format: Format, message: [String], text: String) {
        self.init(name, format, message: message, bytes: Array(text.utf8))
    }

    init(_ name: String, _ format: Format, message: [String], write: @escaping @Sendable (String) throws -> Void) {
        self.name = name
        self.format = format
        self.message = message
        self.write = write
    }
}

/// A file of `size` bytes that takes no disk space: `ftruncate` of an empty file.
private func sparseFile(size: Int) -> @Sendable (String) throws -> Void {
    { path in
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        defer { close(descriptor) }
        guard ftruncate(descriptor, off_t(size)) == 0 else { throw POSIXError(.EIO) }
    }
}

/// A JSON model file with one layer `inputs → outputs` and the given parameters text.
private func oneLayerModel(inputs: String, outputs: String, parameters: String) -> String {
    #"{"format": "backprop-model", "version": 1, "precision": "Double", "layers": [{"inputs": \#(inputs), "outputs": \#(outputs), "activation": "tanh", "bias": true}], "parameters": \#(parameters)}"#
}

/// A complete, valid 1-2-1 model file, to be tampered with.
private let validModelText: String = {
    let network = try! Network<Double>(widths: [1, 2, 1], activation: .tanh, seed: 3)
    let configuration = TrainingConfiguration(optimizer: .adam(), schedule: .reduceOnPlateau())
    let state = TrainingState<Double>(configuration: configuration, parameterCount: network.parameterCount)
    return Model(network: network, configuration: configuration, trainingState: state).jsonValue().serialized()
}()

private func tampered(_ target: String, _ replacement: String) -> String {
    precondition(validModelText.contains(target), "the valid model file has no \(target)")
    return validModelText.replacingOccurrences(of: target, with: replacement)
}

/// A safetensors file: the header's length (u64 little-endian), the header, the data.
private func safetensors(_ header: String, _ values: [Double] = [1, 2]) -> [UInt8] {
    let headerBytes = Array(header.utf8)
    var bytes = withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { Array($0) } + headerBytes
    for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
    return bytes
}

/// A valid 1-2-1 model exported as safetensors, changed by `edit`.
private func exportedModel(_ edit: (inout SafeTensorsFile) -> Void) -> [UInt8] {
    let network = try! Network<Double>(widths: [1, 2, 1], activation: .tanh, seed: 3)
    var file = Model(network: network).safeTensors()
    edit(&file)
    return file.encoded()
}

private let hostileFiles: [HostileFile] = [
    // JSON model files, read by Model<Double>.load(from:).
    HostileFile("0 bytes", .json, message: ["$: the file is empty"], text: ""),
    HostileFile("1 GiB (sparse)", .json, message: ["the file has 1073741824 bytes", "more than the limit of 268435456"],
                write: sparseFile(size: 1 << 30)),
    HostileFile("a layer of 10⁹ × 10⁹", .json, message: ["$.layers[0].inputs", "expected a whole number in 1…10000000"],
                text: oneLayerModel(inputs: "1000000000", outputs: "1000000000", parameters: "[]")),
    HostileFile("a layer of 10⁷ × 10⁷ (each width allowed, the product not)", .json,
                message: ["$.layers", "more than 100000000 parameters (at layer 1, 10000000 => 10000000)"],
                text: oneLayerModel(inputs: "10000000", outputs: "10000000", parameters: "[]")),
    HostileFile("a 9000 × 9000 layer declared in 150 bytes, one number given", .json,
                message: ["$.parameters", "expected 81009000 numbers, found 1"],
                text: oneLayerModel(inputs: "9000", outputs: "9000", parameters: "[0.5]")),
    HostileFile("a negative width", .json, message: ["$.layers[0].inputs", "expected a whole number in 1…10000000"],
                text: oneLayerModel(inputs: "-3", outputs: "2", parameters: "[]")),
    HostileFile("a fractional width", .json, message: ["$.layers[0].outputs", "expected a whole number"],
                text: oneLayerModel(inputs: "1", outputs: "2.5", parameters: "[]")),
    HostileFile("layers that do not chain", .json,
                message: ["$.layers[1].inputs", "layer 2 takes 3 inputs but layer 1 has 2 outputs"],
                text: tampered(#""inputs": 2"#, #""inputs": 3"#)),
    HostileFile("one number too few", .json, message: ["$.parameters", "expected 6 numbers, found 5"],
                text: oneLayerModel(inputs: "2", outputs: "2", parameters: "[1, 2, 3, 4, 5]")),
    HostileFile("NaN weights", .json, message: ["not valid JSON", "line 1", "expected a value"],
                text: oneLayerModel(inputs: "1", outputs: "1", parameters: "[NaN, 0]")),
    HostileFile("a weight beyond Double (1e999)", .json, message: ["not valid JSON", "the number 1e999 is outside the range of a double"],
                text: oneLayerModel(inputs: "1", outputs: "1", parameters: "[1e999, 0]")),
    HostileFile("a weight that is a string", .json, message: ["$.parameters[1]", "expected a number"],
                text: oneLayerModel(inputs: "1", outputs: "1", parameters: #"[0, "1"]"#)),
    HostileFile("a duplicated key", .json, message: [#"the key "parameters" appears twice in one object"#],
                text: tampered(#""parameters": ["#, #""parameters": [], "parameters": ["#)),
    HostileFile("missing weights", .json, message: [#"$: the field "parameters" is missing"#],
                text: tampered(#""parameters": ["#, #""weights": ["#)),
    HostileFile("missing output scaler", .json, message: [#"$: the field "outputs" is missing"#],
                text: tampered(#""outputs": {"#, #""output": {"#)),
    HostileFile("a zero scale", .json, message: ["$.inputs.scale", "scaler scale[0] = 0.0 is invalid"],
                text: tampered(#""scale": [1]"#, #""scale": [0]"#)),
    HostileFile("arrays nested 100 000 deep", .json, message: ["nesting deeper than 64 levels"],
                text: String(repeating: "[", count: 100_000)),
    HostileFile("objects nested 100 000 deep", .json, message: ["nesting deeper than 64 levels"],
                text: String(repeating: #"{"a":"#, count: 100_000)),
    HostileFile("a number of 10 000 digits", .json, message: ["a number of more than 400 characters"],
                text: oneLayerModel(inputs: "1", outputs: "1", parameters: "[" + String(repeating: "1", count: 10_000) + ", 0]")),
    HostileFile("a schedule of 10³⁰⁰ epochs per step (crashed the loader)", .json,
                message: ["$.training.configuration.schedule", "schedule = step:1e300:0.5 is invalid"],
                text: tampered(#""plateau:0.5:10:0.0""#, #""step:1e300:0.5""#)),
    HostileFile("a plateau patience of 10³⁰⁰ epochs", .json,
                message: ["$.training.configuration.schedule", "schedule = plateau:0.5:1e300 is invalid"],
                text: tampered(#""plateau:0.5:10:0.0""#, #""plateau:0.5:1e300""#)),
    HostileFile("optimizer moments of the wrong length", .json, message: ["$.training.state.optimizerFirst", "expected 7 numbers, found 1"],
                text: tampered(#""optimizerFirst": [0, 0, 0, 0, 0, 0, 0]"#, #""optimizerFirst": [0]"#)),
    HostileFile("a directory", .json, message: ["is a directory"],
                write: { path in try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }),

    // safetensors files, read by SafeTensorsFile(contentsOf:).
    HostileFile("0 bytes", .safetensors, message: ["the file has 0 bytes; a safetensors file starts with an 8-byte header length"],
                bytes: []),
    HostileFile("1 GiB (sparse)", .safetensors,
                message: ["the file has 1073741824 bytes, more than the 900000008 that the read limits allow"],
                write: sparseFile(size: 1 << 30)),
    HostileFile("a header length of 2⁶⁴ − 1", .safetensors,
                message: ["the header length is 18446744073709551615 bytes, above the limit of 100000000"],
                bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7B, 0x7D]),
    HostileFile("a header longer than the file", .safetensors,
                message: ["the header length is 4096 bytes, but only 2 bytes follow the length"],
                bytes: [0x00, 0x10, 0, 0, 0, 0, 0, 0, 0x7B, 0x7D]),
    HostileFile("a tensor of 10⁹ × 10⁹", .safetensors,
                message: [#"tensor "w", field "shape""#, "1000000000000000000 or more elements, above the limit of 100000000"],
                bytes: safetensors(#"{"w":{"dtype":"F64","shape":[1000000000,1000000000],"data_offsets":[0,16]}}"#)),
    HostileFile("a shape whose product overflows", .safetensors,
                message: [#"tensor "w", field "shape""#, "overflows a 64-bit integer"],
                bytes: safetensors(#"{"w":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,16]}}"#)),
    HostileFile("a negative shape", .safetensors, message: [#"tensor "w", field "shape""#, "-2 is negative"],
                bytes: safetensors(#"{"w":{"dtype":"F64","shape":[-2],"data_offsets":[0,16]}}"#)),
    HostileFile("a shape that does not match its bytes", .safetensors,
                message: [#"tensor "w", field "data_offsets""#, "the offsets span 16 bytes, but the shape and dtype need 24"],
                bytes: safetensors(#"{"w":{"dtype":"F64","shape":[3],"data_offsets":[0,16]}}"#)),
    HostileFile("NaN weights", .safetensors, message: [#"tensor "w", field "values""#, "element [1] is nan"],
                bytes: safetensors(#"{"w":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}"#, [1, .nan])),
    HostileFile("an infinite weight", .safetensors, message: [#"tensor "w""#, "element [0, 1] is -inf"],
                bytes: safetensors(#"{"w":{"dtype":"F64","shape":[1,2],"data_offsets":[0,16]}}"#, [1, -.infinity])),
    HostileFile("a duplicated tensor", .safetensors, message: [#"the key "w" appears twice"#],
                bytes: safetensors(#"{"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"w":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}"#)),
    HostileFile("a tensor without a shape", .safetensors, message: [#"tensor "w", field "shape": the field is missing"#],
                bytes: safetensors(#"{"w":{"dtype":"F64","data_offsets":[0,16]}}"#)),
    HostileFile("bytes that belong to no tensor", .safetensors, message: ["bytes 8..<16 of the data buffer belong to no tensor"],
                bytes: safetensors(#"{"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#)),
    HostileFile("overlapping tensors", .safetensors, message: [#"inside tensor "a""#, "tensors may not overlap"],
                bytes: safetensors(#"{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"b":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}"#)),
    HostileFile("deep nesting in the header", .safetensors, message: ["invalid header JSON", "expected a string such as \"F64\""],
                bytes: safetensors(#"{"w":{"dtype":"# + String(repeating: "[", count: 100_000))),
    HostileFile("an unsupported element type", .safetensors, message: [#"element type "BF16" is not supported"#],
                bytes: safetensors(#"{"w":{"dtype":"BF16","shape":[8],"data_offsets":[0,16]}}"#)),

    // safetensors models, read by Model<Double>(safeTensors:) after the file.
    HostileFile("a missing weight tensor", .safetensorsModel, message: ["layers.1.weight: the tensor is missing"],
                bytes: exportedModel { $0.tensors["layers.1.weight"] = nil }),
    HostileFile("a weight whose shape disagrees with the layer widths", .safetensorsModel,
                message: ["layers.0.weight: shape [1, 2], expected [2, 1]"],
                bytes: exportedModel { $0.tensors["layers.0.weight"]!.shape = [1, 2] }),
    HostileFile("metadata claiming a 10⁹-wide layer", .safetensorsModel,
                message: ["layers.0.weight: shape [2, 1], expected [1000000000, 1]"],
                bytes: exportedModel { $0.metadata["layers"] = "1,1000000000,1" }),
    HostileFile("metadata of another format", .safetensorsModel, message: [#"__metadata__.format: expected "backprop-model""#],
                bytes: exportedModel { $0.metadata["format"] = "pt" }),
    HostileFile("a zero scale", .safetensorsModel, message: ["inputs.scale", "a finite number > 0"],
                bytes: exportedModel { $0.tensors["inputs.scale"]!.values = [0] }),
]

@Suite("Reliability: hostile model files are refused quickly, clearly and in bounded memory")
struct ReliabilityHostileFileTests {
    let directory: String = {
        let path = NSTemporaryDirectory() + "backprop-hostile-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    @Test("Each hostile file is refused in under a second with a message naming the fault", arguments: hostileFiles)
    func refused(_ file: HostileFile) throws {
        let path = directory + "/hostile." + file.format.rawValue
        try file.write(path)
        defer { try? FileManager.default.removeItem(atPath: path) }

        let peakBefore = peakResidentMegabytes()
        let clock = ContinuousClock()
        let start = clock.now
        let message: String?
        switch file.format {
        case .json:
            do {
                _ = try Model<Double>.load(from: path)
                message = nil
            } catch {
                message = error.description
            }
        case .safetensors:
            do {
                _ = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: path))
                message = nil
            } catch {
                message = error.description
            }
        case .safetensorsModel:
            do {
                _ = try Model<Double>(safeTensors: SafeTensorsFile(contentsOf: URL(fileURLWithPath: path)), path: path)
                message = nil
            } catch let error as ModelFileError {
                message = error.description
            } catch {
                message = "\(error)"
            }
        }
        let elapsed = clock.now - start

        let description = try #require(message, "the hostile file was accepted")
        for part in file.message {
            #expect(description.contains(part), "\(description)")
        }
        #expect(description.contains("hostile." + file.format.rawValue), "the message names the file: \(description)")
        #expect(elapsed < .seconds(1), "took \(elapsed)")
        // The process's peak resident set may grow for other tests running beside this one, but
        // never by the hundreds of megabytes an allocation sized from the header would take.
        #expect(peakResidentMegabytes() - peakBefore < 200, "peak RSS grew from \(peakBefore) MB")
    }

    @Test("Schedule names with epoch counts beyond Int32.max are refused, not trapped (found by fuzzing)",
          arguments: ["step:1e300:0.5", "step:2147483648:0.5", "plateau:0.5:1e300", "plateau:0.5:9.3e18:0"])
    func absurdSchedules(name: String) {
        #expect(throws: BackpropError.self) { try LearningRateSchedule(name: name) }
    }

    @Test("The largest epoch counts that fit are still accepted")
    func largestSchedules() throws {
        #expect(try LearningRateSchedule(name: "step:2147483647:0.5") == .step(every: 2147483647, factor: 0.5))
        #expect(try LearningRateSchedule(name: "plateau:0.5:2147483647") == .reduceOnPlateau(factor: 0.5, patience: 2147483647))
    }

    @Test("The 1 GiB file is refused without reading it: under 100 ms (one fstat)")
    func largeFileNotRead() throws {
        let path = directory + "/huge.json"
        try sparseFile(size: 1 << 30)(path)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(throws: ModelFileError.self) { try Model<Double>.load(from: path) }
            #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(contentsOf: URL(fileURLWithPath: path)) }
        }
        // Reading 1 GiB, even of holes from the page cache, takes well over 100 ms; the refusal
        // is one fstat call.
        #expect(elapsed < .milliseconds(100), "took \(elapsed)")
    }
}

/// The process's peak resident set size so far, in megabytes.
func peakResidentMegabytes() -> Int {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    #if os(Linux)
    return usage.ru_maxrss / 1024
    #else
    return usage.ru_maxrss / (1024 * 1024)
    #endif
}
