import AtomicFiles
/// The model file: one JSON document holding the architecture, every weight, the scalers, the
/// column names, and — when the model was trained here — the training settings, the trainer's
/// state (to resume bit for bit) and the J-versus-epoch history.
///
/// ```json
/// { "format": "backprop-model", "version": 1, "precision": "Double",
///   "layers": [{"inputs": 1, "outputs": 10, "activation": "sigmoid", "bias": true}, …],
///   "parameters": [W_1 row-major, b_1, W_2, b_2, …],
///   "inputs":  {"names": ["x"], "scaler": "standard", "shift": [0.5], "scale": [0.29]},
///   "outputs": {"names": ["T"], "scaler": "none", "shift": [0], "scale": [1]},
///   "training": {"configuration": {…}, "state": {…}, "history": [{…}, …]},
///   "metadata": {"createdBy": "backprop 0.1.0", "input_min.x": "0.0", "input_max.x": "1.0"} }
/// ```
///
/// `backprop train` records each input's training range as `input_min.NAME`/`input_max.NAME`
/// (see ``Model/trainingInputRanges``); like every metadata entry they are optional text.
///
/// Numbers are written in Swift's shortest round-trip form, so every Double (and every Float,
/// widened exactly) reads back bit for bit.
public enum ModelFile {
    /// The format version this library writes and reads.
    public static let version = 1
    /// Files larger than this are refused before they are read (JSON model files of ~10 million
    /// parameters; use safetensors for larger).
    public static let defaultMaximumBytes = 256 << 20
}

extension Model {
    /// The model as a JSON document (see ``ModelFile``).
    public func jsonValue() -> JSONValue {
        func numbers<S: BinaryFloatingPoint>(_ xs: [S]) -> JSONValue { .array(xs.map { .number(Double($0)) }) }
        func side(_ names: [String], _ scaler: Scaler) -> JSONValue {
            .object([("names", .array(names.map { .string($0) })), ("scaler", .string(scaler.kind.rawValue)),
                     ("shift", numbers(scaler.shift)), ("scale", numbers(scaler.scale))])
        }
        var document: [(String, JSONValue)] = [
            ("format", .string("backprop-model")),
            ("version", .number(Double(ModelFile.version))),
            ("precision", .string(Scalar.self == Float.self ? "Float" : "Double")),
            ("layers", .array(network.layers.map { layer in
                .object([("inputs", .number(Double(layer.inputWidth))), ("outputs", .number(Double(layer.outputWidth))),
                         ("activation", .string(layer.activation.description)), ("bias", .bool(layer.hasBias))])
            })),
            ("parameters", numbers(network.parameters)),
            ("inputs", side(inputNames, inputScaler)),
            ("outputs", side(outputNames, outputScaler)),
        ]
        if let configuration {
            var training: [(String, JSONValue)] = [("configuration", configuration.jsonValue())]
            if let trainingState {
                training.append(("state", trainingState.jsonValue()))
                training.append(("history", .array(trainingState.history.records.map(\.jsonValue))))
            }
            document.append(("training", .object(training)))
        }
        document.append(("metadata", .object(metadata.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        return .object(document)
    }

    /// Saves the model atomically: a crash leaves the previous file or the new one, never half.
    ///
    /// - Throws: ``ModelFileError/file(_:)`` naming the path and the reason.
    public func save(to path: String) throws(ModelFileError) {
        do {
            try AtomicFile.write(Array(jsonValue().serialized().utf8), to: path)
        } catch {
            throw .file(error)
        }
    }

    /// Loads and validates a model file.
    ///
    /// Everything is checked before use — format and version, layer shapes that chain, the
    /// parameter count, finite numbers, scaler lengths, sane size limits — and the first problem
    /// is reported with its JSON path.
    ///
    /// - Throws: ``ModelFileError``.
    public static func load(from path: String, maximumBytes: Int = ModelFile.defaultMaximumBytes) throws(ModelFileError) -> Model {
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path, maximumBytes: maximumBytes)
        } catch {
            throw .file(error)
        }
        guard !bytes.isEmpty else { throw .invalid(path: path, field: "$", message: "the file is empty") }
        return try Model(jsonText: bytes, file: path)
    }

    /// A model from a parsed document; `file` names it in errors.
    ///
    /// The document is read as its JSON text would be (``JSONValue/serialized()``), so it meets
    /// the checks of ``load(from:maximumBytes:)``: no key twice in an object, at most 64 levels
    /// of nesting.
    public init(json: JSONValue, file: String) throws(ModelFileError) {
        try self.init(jsonText: Array(json.serialized().utf8), file: file)
    }

    /// A model from the bytes of a model file; `file` names it in errors.
    ///
    /// The text is checked once and then read in place (`JSONText`): loading takes the bytes and
    /// the model's own arrays, plus little more (measured in RELIABILITY.md); no tree of the
    /// document is built.
    init(jsonText bytes: [UInt8], file: String) throws(ModelFileError) {
        let text: JSONText
        do {
            text = try JSONText(checking: bytes)
        } catch {
            throw .syntax(path: file, error)
        }
        let root = JSONCursor(root: text, file: file)
        guard root.kind == .object else { throw root.fail("expected a JSON object (a backprop model file)") }
        let format = try root.member("format")
        guard try format.string() == "backprop-model" else { throw format.fail("expected \"backprop-model\"") }
        let version = try root.member("version")
        let v = try version.integer(in: 0...1_000_000)
        guard v == ModelFile.version else {
            throw version.fail("version \(v) is not supported; this build reads version \(ModelFile.version)")
        }
        let precision = try root.member("precision")
        guard ["Double", "Float"].contains(try precision.string()) else { throw precision.fail("expected \"Double\" or \"Float\"") }

        // Architecture.
        let layerItems = try root.member("layers").items(maximumCount: 10_000)
        guard layerItems.count > 0 else { throw try root.member("layers").fail("a network needs at least one layer") }
        var shapes: [(inputs: Int, outputs: Int, activation: Activation, bias: Bool)] = []
        for (index, item) in layerItems.enumerated() {
            let inputs = try item.member("inputs").integer(in: 1...10_000_000)
            let outputs = try item.member("outputs").integer(in: 1...10_000_000)
            if index > 0, inputs != shapes[index - 1].outputs {
                throw try item.member("inputs").fail("layer \(index + 1) takes \(inputs) inputs but layer \(index) has \(shapes[index - 1].outputs) outputs")
            }
            let activationField = try item.member("activation")
            let activationName = try activationField.string()
            let activation: Activation
            do { activation = try Activation(name: activationName) } catch { throw activationField.fail(error.description) }
            shapes.append((inputs, outputs, activation, try item.member("bias").bool()))
        }
        // The numbers are counted before the network is laid out: a few bytes declaring a
        // 9000 × 9000 layer must not make the loader allocate 650 MB for numbers the file lacks.
        // (No overflow: at most 10⁴ layers of 10⁷ × 10⁷ + 10⁷.)
        let declaredCount = shapes.reduce(0) { $0 + $1.inputs * $1.outputs + ($1.bias ? $1.outputs : 0) }
        let parametersField = try root.member("parameters")
        let parameters = declaredCount <= Network<Scalar>.maximumParameterCount
            ? try parametersField.numbers(as: Scalar.self, count: declaredCount, maximumCount: Network<Scalar>.maximumParameterCount)
            : []
        var network: Network<Scalar>
        do {
            network = try Network(shapes: shapes)
        } catch {
            throw try root.member("layers").fail(error.description)
        }
        network.parameters = try parametersField.finite(parameters)

        // Scalers and names.
        func side(_ key: String, width: Int) throws(ModelFileError) -> ([String], Scaler) {
            let field = try root.member(key)
            let names = try field.member("names").strings(count: width)
            let kindField = try field.member("scaler")
            guard let kind = Scaler.Kind(rawValue: try kindField.string()) else {
                throw kindField.fail("expected one of \(Scaler.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let shift = try field.member("shift").doubles(count: width, maximumCount: width)
            let scaleField = try field.member("scale")
            let scale = try scaleField.doubles(count: width, maximumCount: width)
            do {
                return (names, try Scaler(kind: kind, shift: shift, scale: scale))
            } catch {
                throw scaleField.fail(error.description)
            }
        }
        let (inputNames, inputScaler) = try side("inputs", width: network.inputWidth)
        let (outputNames, outputScaler) = try side("outputs", width: network.outputWidth)

        // Training (optional).
        var configuration: TrainingConfiguration?
        var state: TrainingState<Scalar>?
        if let training = try root.optionalMember("training") {
            let config = try TrainingConfiguration(json: training.member("configuration"))
            configuration = config
            if let stateField = try training.optionalMember("state") {
                var s = try TrainingState<Scalar>(json: stateField, configuration: config, parameterCount: network.parameterCount)
                if let history = try training.optionalMember("history") {
                    s.history.records = try history.items(maximumCount: 10_000_000).map { item throws(ModelFileError) in
                        try EpochRecord(json: item)
                    }
                }
                state = s
            }
        }
        var metadata: [String: String] = [:]
        if let meta = try root.optionalMember("metadata") {
            guard meta.kind == .object else { throw meta.fail("expected an object of strings") }
            for (key, value) in try meta.allMembers() {
                metadata[key] = try value.string()
            }
        }
        self.init(network: network, inputScaler: inputScaler, outputScaler: outputScaler,
                  inputNames: inputNames, outputNames: outputNames, configuration: configuration,
                  trainingState: state, metadata: metadata)
    }
}

extension TrainingConfiguration {
    func jsonValue() -> JSONValue {
        func optional(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
        return .object([
            ("learningRate", .number(learningRate)),
            ("batchSize", batchSize.map { .number(Double($0)) } ?? .null),
            ("shuffle", .bool(shuffle)),
            ("seed", .string(String(seed))),
            ("optimizer", .string(optimizer.description)),
            ("weightDecay", .number(weightDecay)),
            ("schedule", .string(schedule.description)),
            ("tolerance", optional(tolerance)),
            ("patience", .number(Double(patience))),
            ("targetCost", optional(targetCost)),
            ("earlyStoppingPatience", earlyStoppingPatience.map { .number(Double($0)) } ?? .null),
            ("evaluatesEveryEpoch", .bool(evaluatesEveryEpoch)),
        ])
    }

    init(json c: JSONCursor) throws(ModelFileError) {
        self.init()
        learningRate = try c.member("learningRate").double()
        batchSize = try c.optionalMember("batchSize")?.integer(in: 1...Int(Int32.max))
        shuffle = try c.member("shuffle").bool()
        let seedField = try c.member("seed")
        guard let seed = UInt64(try seedField.string()) else { throw seedField.fail("expected a decimal unsigned 64-bit integer in a string") }
        self.seed = seed
        let optimizerField = try c.member("optimizer")
        let scheduleField = try c.member("schedule")
        let optimizerName = try optimizerField.string(), scheduleName = try scheduleField.string()
        do { optimizer = try Optimizer(name: optimizerName) } catch { throw optimizerField.fail(error.description) }
        do { schedule = try LearningRateSchedule(name: scheduleName) } catch { throw scheduleField.fail(error.description) }
        weightDecay = try c.member("weightDecay").double()
        tolerance = try c.optionalMember("tolerance")?.double()
        patience = try c.member("patience").integer(in: 1...Int(Int32.max))
        targetCost = try c.optionalMember("targetCost")?.double()
        earlyStoppingPatience = try c.optionalMember("earlyStoppingPatience")?.integer(in: 1...Int(Int32.max))
        evaluatesEveryEpoch = try c.optionalMember("evaluatesEveryEpoch")?.bool() ?? true
        do {
            try validate()
        } catch {
            throw c.fail(error.description)
        }
    }
}

extension TrainingState {
    func jsonValue() -> JSONValue {
        func numbers(_ xs: [Scalar]) -> JSONValue { .array(xs.map { .number(Double($0)) }) }
        func finiteOrNull(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }
        var stop: JSONValue = .null
        if let stopReason {
            var pairs: [(String, JSONValue)] = [("reason", .string(stopReason.name))]
            if case let .earlyStopping(best) = stopReason { pairs.append(("bestEpoch", .number(Double(best)))) }
            stop = .object(pairs)
        }
        return .object([
            ("epochsCompleted", .number(Double(epochsCompleted))),
            ("optimizerStep", .number(Double(optimizer.step))),
            ("optimizerFirst", numbers(optimizer.first)),
            ("optimizerSecond", numbers(optimizer.second)),
            ("learningRate", .number(schedule.learningRate)),
            ("plateauBest", finiteOrNull(schedule.best)),
            ("plateauBadEpochs", .number(Double(schedule.badEpochs))),
            ("quietEpochs", .number(Double(quietEpochs))),
            ("bestValidationCost", finiteOrNull(bestValidationCost)),
            ("bestEpoch", .number(Double(bestEpoch))),
            ("bestParameters", bestParameters.map(numbers) ?? .null),
            ("stopReason", stop),
        ])
    }

    init(json c: JSONCursor, configuration: TrainingConfiguration, parameterCount: Int) throws(ModelFileError) {
        self.init(configuration: configuration, parameterCount: parameterCount)
        let big = Int(Int32.max)
        epochsCompleted = try c.member("epochsCompleted").integer(in: 0...big)
        optimizer.step = try c.member("optimizerStep").integer(in: 0...Int(1) << 52)
        let firstField = try c.member("optimizerFirst"), secondField = try c.member("optimizerSecond")
        optimizer.first = try firstField.finite(firstField.numbers(as: Scalar.self, count: optimizer.first.count, maximumCount: parameterCount))
        optimizer.second = try secondField.finite(secondField.numbers(as: Scalar.self, count: optimizer.second.count, maximumCount: parameterCount))
        let rateField = try c.member("learningRate")
        schedule.learningRate = try rateField.double()
        guard schedule.learningRate > 0 else { throw rateField.fail("expected a learning rate > 0") }
        schedule.best = try c.member("plateauBest").doubleOrInfinity()
        schedule.badEpochs = try c.member("plateauBadEpochs").integer(in: 0...big)
        quietEpochs = try c.member("quietEpochs").integer(in: 0...big)
        bestValidationCost = try c.member("bestValidationCost").doubleOrInfinity()
        bestEpoch = try c.member("bestEpoch").integer(in: 0...big)
        if let best = try c.optionalMember("bestParameters") {
            bestParameters = try best.finite(best.numbers(as: Scalar.self, count: parameterCount, maximumCount: parameterCount))
        }
        if let stop = try c.optionalMember("stopReason") {
            let reasonField = try stop.member("reason")
            switch try reasonField.string() {
            case "maximum-epochs": stopReason = .maximumEpochs
            case "converged": stopReason = .converged
            case "target": stopReason = .reachedTarget
            case "interrupted": stopReason = .interrupted
            case "early-stopping": stopReason = .earlyStopping(bestEpoch: try stop.member("bestEpoch").integer(in: 0...big))
            default: throw reasonField.fail("unknown stop reason")
            }
        }
    }
}

extension EpochRecord {
    var jsonValue: JSONValue {
        .object([
            ("epoch", .number(Double(epoch))), ("trainingJ", .number(trainingCost)),
            ("validationJ", validationCost.map { .number($0) } ?? .null), ("gradientNorm", .number(gradientNorm)),
            ("learningRate", .number(learningRate)), ("seconds", .number(seconds)),
        ])
    }

    init(json c: JSONCursor) throws(ModelFileError) {
        self.init(epoch: try c.member("epoch").integer(in: 1...Int(Int32.max)),
                  trainingCost: try c.member("trainingJ").double(),
                  validationCost: try c.optionalMember("validationJ")?.double(),
                  gradientNorm: try c.member("gradientNorm").double(),
                  learningRate: try c.member("learningRate").double(),
                  seconds: try c.member("seconds").double())
    }
}
