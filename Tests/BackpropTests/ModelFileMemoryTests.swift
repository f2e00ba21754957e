import Foundation
import Testing
@testable import Backprop

/// Finite doubles of random bit patterns, with the edge cases first.
private func randomDoubles(_ count: Int, seed: UInt64) -> [Double] {
    var rng = SeededGenerator(seed: seed)
    var values: [Double] = [0, -0.0, 1e308, -1e308, .greatestFiniteMagnitude, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                            .leastNormalMagnitude, .leastNormalMagnitude.nextDown, 0.1, 1e-300, 123456789012345680]
    while values.count < count {
        let x = Double(bitPattern: rng.next())
        if x.isFinite { values.append(x) }
    }
    return Array(values.prefix(count))
}

@Suite("Model files: numbers read straight from the text, in memory bounded by the file")
struct ModelFileMemoryTests {
    let directory: String = {
        let d = NSTemporaryDirectory() + "backprop-modelfile-memory-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    func write(_ text: String, _ name: String) throws -> String {
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func loadError<Scalar: NetworkScalar>(_ text: String, as _: Scalar.Type = Double.self) throws -> String {
        let path = try write(text, "bad.json")
        do {
            _ = try Model<Scalar>.load(from: path)
            return "loaded without error"
        } catch {
            return error.description
        }
    }

    /// A saved 3-40-2 Adam model whose every number is a random bit pattern.
    func randomModel() throws -> Model<Double> {
        var network = try Network<Double>(widths: [3, 40, 2], activation: .tanh, seed: 1)
        network.parameters = randomDoubles(network.parameterCount, seed: 10)
        let configuration = TrainingConfiguration(optimizer: .adam(), schedule: .reduceOnPlateau())
        var state = TrainingState<Double>(configuration: configuration, parameterCount: network.parameterCount)
        state.optimizer.step = 17
        state.optimizer.first = randomDoubles(network.parameterCount, seed: 11)
        state.optimizer.second = randomDoubles(network.parameterCount, seed: 12)
        state.bestParameters = randomDoubles(network.parameterCount, seed: 13)
        return Model(network: network, configuration: configuration, trainingState: state)
    }

    @Test("Weights, optimiser moments and best weights of random bit patterns load bit for bit, as the JSON tree reads them")
    func bitExact() throws {
        let model = try randomModel()
        let text = model.jsonValue().serialized()
        let loaded = try Model<Double>.load(from: write(text, "random.json"))
        #expect(loaded.network.parameters.map(\.bitPattern) == model.network.parameters.map(\.bitPattern))
        #expect(loaded.trainingState?.optimizer.first.map(\.bitPattern) == model.trainingState?.optimizer.first.map(\.bitPattern))
        #expect(loaded.trainingState?.optimizer.second.map(\.bitPattern) == model.trainingState?.optimizer.second.map(\.bitPattern))
        #expect(loaded.trainingState?.bestParameters?.map(\.bitPattern) == model.trainingState?.bestParameters?.map(\.bitPattern))
        #expect(loaded == model)
        // The general parser (how files were read before) sees the same numbers.
        let tree = try JSONValue.parse(Array(text.utf8))
        guard case let .array(items)? = tree["parameters"] else { Issue.record("no parameters"); return }
        let numbers = items.compactMap { item -> UInt64? in if case let .number(x) = item { x.bitPattern } else { nil } }
        #expect(numbers == loaded.network.parameters.map(\.bitPattern))
        // A model built from the tree is the same model.
        #expect(try Model<Double>(json: tree, file: "tree.json") == loaded)
        // Saving again writes the same bytes.
        #expect(loaded.jsonValue().serialized() == text)
    }

    @Test("A Float model reads every Float exactly")
    func floats() throws {
        var network = try Network<Float>(widths: [4, 30, 1], seed: 2)
        var rng = SeededGenerator(seed: 3)
        network.parameters = network.parameters.indices.map { _ in
            var x: Float
            repeat { x = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())) } while !x.isFinite
            return x
        }
        network.parameters[0] = -0.0
        network.parameters[1] = .leastNonzeroMagnitude
        network.parameters[2] = .greatestFiniteMagnitude
        let path = try write(Model(network: network).jsonValue().serialized(), "float.json")
        let loaded = try Model<Float>.load(from: path)
        #expect(loaded.network.parameters.map(\.bitPattern) == network.parameters.map(\.bitPattern))
    }

    @Test("Arrays that mix numbers with other values still parse; where numbers are needed the first other value is named")
    func mixedArrays() throws {
        let model = try randomModel()
        let text = model.jsonValue().serialized()
        let extra = #"{"format": "backprop-model", "notes": [1, "two", [3, {"four": [5.5, null, true]}], -0.0],"#
        let withExtra = text.replacingOccurrences(of: #"{"# + "\n" + #"  "format": "backprop-model","#, with: extra)
        #expect(withExtra != text)
        #expect(try Model<Double>.load(from: write(withExtra, "extra.json")) == model)
        #expect(try JSONValue.parse(Array(#"[1, "two", [3], {"a": 4}, null, true, -0.0]"#.utf8))
                == .array([.number(1), .string("two"), .array([.number(3)]), .object([("a", .number(4))]), .null, .bool(true), .number(-0.0)]))

        let p = model.network.parameters.map(JSONValue.format)
        for bad in ["\"7\"", "null", "[7]", "{\"x\": 7}", "true"] {
            let replaced = text.replacingOccurrences(of: #""parameters": [\#(p[0]), \#(p[1]), "#, with: #""parameters": [\#(p[0]), \#(bad), "#)
            #expect(replaced != text)
            #expect(try loadError(replaced).hasSuffix(": $.parameters[1]: expected a number"), "\(bad)")
            let inserted = text.replacingOccurrences(of: #""parameters": ["#, with: #""parameters": [1, \#(bad), "#)
            let count = model.network.parameterCount
            #expect(try loadError(inserted).hasSuffix(": $.parameters: expected \(count) numbers, found \(count + 2)"), "\(bad)")
        }
    }

    @Test("An error in the middle of a long array of numbers names its path and index, or its line and column",
          arguments: [12_345, 19_999])
    func errorInLongArray(index: Int) throws {
        let count = 20_000
        func file(parameters: [String]) -> String {
            // One layer 199 → 100 with bias: 19 900 + 100 = 20 000 numbers.
            #"{"format": "backprop-model", "version": 1, "precision": "Double", "layers": [{"inputs": 199, "outputs": 100, "activation": "tanh", "bias": true}],"#
                + "\n\"parameters\": [" + parameters.joined(separator: ", ") + "]}"
        }
        var numbers = randomDoubles(count, seed: 5).map { JSONValue.format($0) }
        // Column of the element at `index` on line 2.
        let column = "\"parameters\": [".count + numbers[..<index].reduce(0) { $0 + $1.count + 2 } + 1

        numbers[index] = #""0.5""#
        #expect(try loadError(file(parameters: numbers)).hasSuffix(": $.parameters[\(index)]: expected a number"))
        numbers[index] = "null"
        #expect(try loadError(file(parameters: numbers)).hasSuffix(": $.parameters[\(index)]: expected a number"))
        var small = Array(repeating: "0.5", count: count)
        small[index] = "1e39"
        #expect(try loadError(file(parameters: small), as: Float.self).hasSuffix(": $.parameters[\(index)]: 1e+39 is not finite in Float"))
        numbers[index] = "1e999"
        #expect(try loadError(file(parameters: numbers)).hasSuffix(": not valid JSON at line 2, column \(column): the number 1e999 is outside the range of a double"))
        numbers[index] = "NaN"
        #expect(try loadError(file(parameters: numbers)).hasSuffix(": not valid JSON at line 2, column \(column): unexpected character 'N', expected a value"))
        numbers[index] = "01"
        #expect(try loadError(file(parameters: numbers)).hasSuffix(": not valid JSON at line 2, column \(column + 2): numbers do not start with 0"))
    }

    @Test("An error in the optimiser moments names their path and index")
    func errorInMoments() throws {
        let model = try randomModel()
        let text = model.jsonValue().serialized()
        let second = try #require(model.trainingState?.optimizer.second).map(JSONValue.format)
        let replaced = text.replacingOccurrences(of: #""optimizerSecond": [\#(second[0]), \#(second[1]), "#,
                                                 with: #""optimizerSecond": [\#(second[0]), "x", "#)
        #expect(replaced != text)
        #expect(try loadError(replaced).hasSuffix(": $.training.state.optimizerSecond[1]: expected a number"))
        let inserted = text.replacingOccurrences(of: #""optimizerSecond": ["#, with: #""optimizerSecond": [{}, "#)
        let count = model.network.parameterCount
        #expect(try loadError(inserted).hasSuffix(": $.training.state.optimizerSecond: \(count + 1) numbers, more than the limit of \(count)"))
    }

    @Test("10 MB of `0,` in the weights is refused in about the memory of the file, not the 160 MB the tree of values took")
    func nearLimitZeros() throws {
        let zeros = String(repeating: "0,", count: 5_000_000) + "0"
        let path = try write(#"{"format": "backprop-model", "version": 1, "precision": "Double", "layers": [{"inputs": 2, "outputs": 2, "activation": "tanh", "bias": true}], "parameters": ["# + zeros + "]}", "zeros.json")
        let peakBefore = peakResidentMegabytes()
        var message = ""
        do {
            _ = try Model<Double>.load(from: path)
        } catch {
            message = error.description
        }
        #expect(message.hasSuffix("zeros.json: $.parameters: expected 6 numbers, found 5000001"), "\(message)")
        // The tree of values took ~34 bytes a number (170 MB here, 3.4 GB for 200 MB of `0,`);
        // reading in place takes the 10 MB of the file. Other tests running beside this one may
        // raise the process's peak too, hence the margin.
        #expect(peakResidentMegabytes() - peakBefore < 100, "peak RSS grew from \(peakBefore) MB")
    }
}
