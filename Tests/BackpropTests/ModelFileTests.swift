import Foundation
import Testing
@testable import Backprop

@Suite("Model files")
struct ModelFileTests {
    let directory: String = {
        let d = NSTemporaryDirectory() + "backprop-modelfile-tests-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    func trainedModel(epochs: Int = 3, optimizer: Optimizer = .adam()) throws -> Model<Double> {
        let network = try Network<Double>(widths: [1, 6, 1], activation: .tanh, seed: 12)
        let data = sineData(count: 32)
        let configuration = TrainingConfiguration(learningRate: 0.01, batchSize: 4, seed: 5, optimizer: optimizer,
                                                  schedule: .reduceOnPlateau(), tolerance: 1e-9)
        let (training, validation) = try data.split(validationFraction: 0.25, seed: 5)
        var trainer = try Trainer(network: network, configuration: configuration)
        try trainer.train(on: training, validation: validation, epochs: epochs)
        return Model(network: trainer.network, inputScaler: .fit(.standard, to: data.x), outputScaler: .fit(.minMax, to: data.y),
                     inputNames: ["x"], outputNames: ["sin x"], configuration: configuration,
                     trainingState: trainer.state, metadata: ["createdBy": "tests"])
    }

    @Test("Save → load → predict is bit-identical, training state included")
    func roundTrip() throws {
        let model = try trainedModel()
        let path = directory + "/model.json"
        try model.save(to: path)
        let loaded = try Model<Double>.load(from: path)
        #expect(loaded == model)
        let x = Matrix<Double>(column: [-2.5, 0, 0.123456789, 2.9])
        let before = try model.predict(x), after = try loaded.predict(x)
        #expect(after.elements.map(\.bitPattern) == before.elements.map(\.bitPattern))
    }

    @Test("Every double survives the JSON text bit for bit")
    func doublesRoundTrip() throws {
        var rng = SeededGenerator(seed: 77)
        var values: [Double] = [0, -0.0, 1, -1, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 0.1, 1e-300, 123456789012345678]
        for _ in 0..<2000 { values.append(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF | (rng.next() & 0x8000_0000_0000_0000))) }
        let text = JSONValue.array(values.map { .number($0) }).serialized()
        guard case let .array(items) = try JSONValue.parse(Array(text.utf8)) else { Issue.record("not an array"); return }
        for (item, value) in zip(items, values) {
            guard case let .number(x) = item else { Issue.record("not a number"); return }
            #expect(x.bitPattern == value.bitPattern, "\(value)")
        }
    }

    @Test("Training N epochs equals N/2, save, load, and N/2 more — bit for bit")
    func resume() throws {
        for optimizer in [Optimizer.gradientDescent, .momentum(mu: 0.9, nesterov: true), .adam()] {
            let network = try Network<Double>(widths: [1, 6, 1], activation: .tanh, seed: 12)
            let data = sineData(count: 32)
            let configuration = TrainingConfiguration(learningRate: 0.01, batchSize: 4, seed: 5, optimizer: optimizer,
                                                      schedule: .reduceOnPlateau(factor: 0.5, patience: 2))
            var straight = try Trainer(network: network, configuration: configuration)
            try straight.train(on: data, epochs: 10)

            var first = try Trainer(network: network, configuration: configuration)
            try first.train(on: data, epochs: 5)
            let path = directory + "/resume-\(optimizer).json"
            try Model(network: first.network, configuration: configuration, trainingState: first.state).save(to: path)
            let loaded = try Model<Double>.load(from: path)
            var second = try Trainer(network: loaded.network, configuration: loaded.configuration!, state: loaded.trainingState!)
            try second.train(on: data, epochs: 5)
            #expect(second.network.parameters.map(\.bitPattern) == straight.network.parameters.map(\.bitPattern), "\(optimizer)")
            #expect(second.state.optimizer == straight.state.optimizer)
            #expect(second.state.history.records.map(\.trainingCost) == straight.state.history.records.map(\.trainingCost))
        }
    }

    @Test("Float models round-trip exactly too")
    func floatModel() throws {
        let network = try Network<Float>(widths: [2, 3, 1], seed: 3)
        let path = directory + "/float.json"
        try Model(network: network).save(to: path)
        let loaded = try Model<Float>.load(from: path)
        #expect(loaded.network == network)
    }

    func write(_ text: String, _ name: String) -> String {
        let path = directory + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    func loadError(_ path: String, maximumBytes: Int = ModelFile.defaultMaximumBytes) -> String {
        do {
            _ = try Model<Double>.load(from: path, maximumBytes: maximumBytes)
            return "loaded without error"
        } catch {
            return error.description
        }
    }

    @Test("Truncated, tampered, wrong-version, oversized and missing files each give their clear error")
    func badFiles() throws {
        let model = try trainedModel(epochs: 1)
        let text = model.jsonValue().serialized()
        let truncated = loadError(write(String(text.prefix(text.count / 2)), "truncated.json"))
        #expect(truncated.contains("not valid JSON") && truncated.contains("line"))

        let wrongVersion = loadError(write(text.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 7"), "version.json"))
        #expect(wrongVersion.contains("$.version") && wrongVersion.contains("version 7 is not supported"))

        var tampered = text
        tampered = tampered.replacingOccurrences(of: "\"outputs\": 6", with: "\"outputs\": 7")
        let shape = loadError(write(tampered, "shape.json"))
        #expect(shape.contains("$.layers[1].inputs"), "\(shape)")

        let fewer = loadError(write(text.replacingOccurrences(of: "\"parameters\": [", with: "\"parameters\": [1.5, "), "count.json"))
        #expect(fewer.contains("$.parameters") && fewer.contains("expected 19 numbers, found 20"), "\(fewer)")

        let badActivation = loadError(write(text.replacingOccurrences(of: "\"tanh\"", with: "\"swish\""), "act.json"))
        #expect(badActivation.contains("$.layers[0].activation"))

        let badScale = loadError(write(text.replacingOccurrences(of: "\"scaler\": \"minmax\"", with: "\"scaler\": \"log\""), "scaler.json"))
        #expect(badScale.contains("$.outputs.scaler"))

        let huge = loadError(write(#"{"format": "backprop-model", "version": 1, "precision": "Double", "layers": [{"inputs": 1000000000, "outputs": 1000000000, "activation": "tanh", "bias": true}], "parameters": []}"#, "huge.json"))
        #expect(huge.contains("$.layers[0].inputs"), "\(huge)")

        let wide = loadError(write(#"{"format": "backprop-model", "version": 1, "precision": "Double", "layers": [{"inputs": 10000000, "outputs": 10000000, "activation": "tanh", "bias": true}], "parameters": []}"#, "wide.json"))
        #expect(wide.contains("$.layers") && wide.contains("parameters"), "\(wide)")

        let nan = loadError(write(text.replacingOccurrences(of: "\"parameters\": [", with: "\"parameters\": [NaN, "), "nan.json"))
        #expect(nan.contains("not valid JSON"))

        let big = loadError(write(text, "big.json"), maximumBytes: 100)
        #expect(big.contains("more than the limit of 100"))

        #expect(loadError(write("", "empty.json")).contains("empty"))
        #expect(loadError(directory + "/missing.json").contains("No such file or directory"))
        #expect(loadError(write(String(repeating: "[", count: 100_000), "deep.json")).contains("nesting deeper"))
        #expect(loadError(write("{\"format\": \"backprop-model\", \"format\": 2}", "dup.json")).contains("appears twice"))
        #expect(loadError(write("[1, 2]", "array.json")).contains("expected a JSON object"))
    }

    @Test("A failed save leaves the previous file intact and no temporary file behind")
    func atomicSave() throws {
        let model = try trainedModel(epochs: 1)
        let path = directory + "/keep.json"
        try model.save(to: path)
        let before = try String(contentsOfFile: path, encoding: .utf8)
        #expect(throws: ModelFileError.self) { try model.save(to: directory + "/no-such-directory/x.json") }
        let after = try String(contentsOfFile: path, encoding: .utf8)
        #expect(after == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test("Scalers: standardise and min–max invert exactly enough; constant columns do not divide by zero")
    func scalers() throws {
        let x = try Matrix<Double>([[1, 5, 3], [2, 5, -1], [4, 5, 0]])
        for kind in Scaler.Kind.allCases {
            let s = Scaler.fit(kind, to: x)
            let back = s.inverse(s.transform(x))
            #expect(zip(back.elements, x.elements).allSatisfy { abs($0 - $1) < 1e-12 })
            #expect(s.transform(x).elements.allSatisfy { $0.isFinite })
        }
        let standard = Scaler.fit(.standard, to: x)
        #expect(standard.scale[1] == 1 && standard.shift[1] == 5)
        let minmax = Scaler.fit(.minMax, to: x).transform(x)
        #expect(minmax[0, 0] == 0 && minmax[2, 0] == 1)
        #expect(throws: BackpropError.self) { try Scaler(kind: .standard, shift: [0], scale: [0]) }
    }

    @Test("The input gradient in raw units equals finite differences through the scalers")
    func rawInputGradient() throws {
        let model = try trainedModel(epochs: 2)
        let x = Matrix<Double>(column: [0.7, -1.1])
        let y = Matrix<Double>(column: [0.5, -0.2])
        let (j, g) = try model.costAndInputGradient(x: x, y: y)
        for i in 0..<2 {
            let h = 1e-6
            var xp = x, xm = x
            xp.elements[i] += h
            xm.elements[i] -= h
            let jp = try model.costAndInputGradient(x: xp, y: y).cost
            let jm = try model.costAndInputGradient(x: xm, y: y).cost
            #expect(abs((jp - jm) / (2 * h) - g.elements[i]) < 1e-7)
        }
        #expect(j > 0)
    }
}
