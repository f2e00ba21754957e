import ArgumentParser
import Backprop
import BackpropData
import Foundation

/// Everything `train` prepares before the first epoch: the data (scaled, split into training
/// and validation rows, see ``TrainingData``), the network, the settings, and a trainer —
/// fresh, or restored from a model file's state for `--resume`.
struct TrainingSetup {
    /// The trainer, holding the network and its state.
    var trainer: Trainer<Double>
    /// The model around the network: scalers, column names, metadata (network and state are
    /// filled in when saved, see ``model(network:state:)``).
    let template: Model<Double>
    /// Training and validation rows in the network's scaled units.
    let training: Dataset<Double>, validation: Dataset<Double>?
    /// The targets of the same rows in raw units (the raw inputs are not kept: predictions in
    /// raw units come from the scaled inputs, see ``TrainingData``).
    let rawTrainingTargets: Matrix<Double>, rawValidationTargets: Matrix<Double>?
    /// Where the data came from and where the model goes.
    let dataPath: String, modelPath: String
    /// The validation fraction the rows were split with.
    let validationFraction: Double
    /// Whether this run continues a saved one.
    let resumed: Bool
    /// The scaling kind of inputs and outputs.
    let scaleKind: Scaler.Kind
    /// The initialisation the weights were drawn with.
    let initialisation: Initialisation

    init(_ options: TrainCommand) throws {
        try checkWritable([("--model", options.model), ("--history", options.history), ("--plot", options.plot),
                           ("--report", options.report)])
        modelPath = options.model
        resumed = options.resume
        let stored: Model<Double>? = options.resume ? try Self.loadForResume(options.model) : nil
        guard let dataPath = options.data ?? stored?.metadata["data"] else {
            throw ValidationError("--resume: \(options.model) does not say which data file it was trained on; give --data FILE.csv")
        }
        self.dataPath = dataPath
        // Columns, from the header: the rows are read once the columns are known.
        let file = try CSVReader.open(dataPath)
        let inputColumns: [Int], outputColumns: [Int]
        if let stored {
            inputColumns = try file.columnIndices(named: stored.inputNames, role: "input")
            outputColumns = try file.columnIndices(named: stored.outputNames, role: "output")
        } else {
            inputColumns = try file.columnIndices(options.inputs!)
            outputColumns = try file.columnIndices(options.outputs!)
        }
        if let shared = inputColumns.first(where: outputColumns.contains) {
            throw ValidationError("column \"\(file.columnNames[shared])\" is chosen both as an input (--inputs) and as an output (--outputs)")
        }
        let inputNames = inputColumns.map { file.columnNames[$0] }
        let outputNames = outputColumns.map { file.columnNames[$0] }
        if let stored {
            let names = { (selector: String) in try file.columnIndices(selector).map { file.columnNames[$0] } }
            try Self.checkUnchanged(options, stored: stored,
                                    given: (try options.inputs.map(names), try options.outputs.map(names)))
        }

        // Rows: split, then scale with scalers fitted on the training rows only.
        let storedFraction = stored?.metadata["validationFraction"].flatMap(Double.init)
        validationFraction = storedFraction ?? options.validation ?? 0
        let seed = stored?.configuration?.seed ?? options.seed ?? 42
        scaleKind = stored?.inputScaler.kind ?? options.scale ?? .standard
        let data = try TrainingData(
            reading: file, inputColumns: inputColumns, outputColumns: outputColumns,
            validationFraction: validationFraction, seed: seed,
            scalers: stored.map { ($0.inputScaler, $0.outputScaler) }, scaleKind: scaleKind)
        (training, validation) = (data.training, data.validation)
        (rawTrainingTargets, rawValidationTargets) = (data.rawTrainingTargets, data.rawValidationTargets)
        let inputScaler = data.inputScaler, outputScaler = data.outputScaler

        // Network, settings, trainer.
        let initialisation = stored?.metadata["initialisation"].flatMap { try? Initialisation(name: $0) }
            ?? options.initialisation ?? .xavier
        self.initialisation = initialisation
        var metadata = stored?.metadata ?? [:]
        metadata["createdBy"] = metadata["createdBy"] ?? "backprop \(BackpropCommand.version)"
        metadata["trainedBy"] = "backprop \(BackpropCommand.version)"
        metadata["data"] = dataPath
        metadata["validationFraction"] = "\(validationFraction)"
        metadata["initialisation"] = initialisation.description
        // The training range of every input (input_min.NAME, input_max.NAME): `invert` searches
        // inside it unless told otherwise.
        metadata.merge(Model<Double>.trainingInputRangeMetadata(names: inputNames, x: data.inputExtremes)) { $1 }
        if let stored, var configuration = stored.configuration, var state = stored.trainingState {
            if let lr = options.lr {
                state.schedule.learningRate *= lr / configuration.learningRate
                configuration.learningRate = lr
            }
            if let tol = options.tol { configuration.tolerance = tol }
            if let patience = options.patience { configuration.patience = patience }
            if let target = options.target { configuration.targetCost = target }
            if let earlyStopping = options.earlyStopping { configuration.earlyStoppingPatience = earlyStopping }
            trainer = try Self.invalidIsUsage { () throws(BackpropError) in
                try Trainer(network: stored.network, configuration: configuration, state: state)
            }
            template = Model(network: stored.network, inputScaler: inputScaler, outputScaler: outputScaler,
                             inputNames: inputNames, outputNames: outputNames, configuration: configuration,
                             metadata: metadata)
        } else {
            let widths = [inputColumns.count] + (try TrainCommand.hiddenWidths(options.layers ?? "16,16")) + [outputColumns.count]
            let network = try Self.invalidIsUsage { () throws(BackpropError) in
                try Network<Double>(
                    widths: widths, activation: options.activation ?? .sigmoid,
                    outputActivation: options.outputActivation ?? .identity, bias: !options.noBias,
                    initialisation: initialisation, seed: seed)
            }
            let configuration = TrainingConfiguration(
                learningRate: options.lr ?? 0.1, batchSize: (options.batch ?? .samples(1)).trainerValue,
                shuffle: !options.noShuffle, seed: seed, optimizer: options.optimizer ?? .gradientDescent,
                weightDecay: options.weightDecay ?? 0, schedule: options.schedule ?? .constant,
                tolerance: options.tol, patience: options.patience ?? 5, targetCost: options.target,
                earlyStoppingPatience: options.earlyStopping)
            if configuration.earlyStoppingPatience != nil && validationFraction == 0 {
                throw ValidationError("--early-stopping watches validation J: give --validation FRACTION as well")
            }
            trainer = try Self.invalidIsUsage { () throws(BackpropError) in
                try Trainer(network: network, configuration: configuration)
            }
            template = Model(network: network, inputScaler: inputScaler, outputScaler: outputScaler,
                             inputNames: inputNames, outputNames: outputNames, configuration: configuration,
                             metadata: metadata)
        }
    }

    /// The model to save: the template with these weights and this state.
    func model(network: Network<Double>, state: TrainingState<Double>) -> Model<Double> {
        var model = template
        model.network = network
        model.trainingState = state
        return model
    }

    /// The settings, as name–value pairs (for the overview and the report).
    var settings: [(String, String)] {
        let network = trainer.network, c = trainer.configuration
        var rows: [(String, String)] = [
            ("data", "\(dataPath): \(training.count) training rows" + (validation.map { ", \($0.count) validation rows" } ?? "")),
            ("inputs", template.inputNames.joined(separator: ", ")),
            ("outputs", template.outputNames.joined(separator: ", ")),
            ("network", network.widths.map(String.init).joined(separator: " → ") + ", \(network.parameterCount) parameters"),
            ("layers", network.layers.map(\.description).joined(separator: ", ")),
            ("initialisation", "\(initialisation), seed \(c.seed)"),
            ("scaling", scaleKind == .none ? "none (raw units)" : scaleKind.rawValue + " (fitted on the training rows)"),
            ("optimizer", c.optimizer.description),
            ("learning rate α", Format.short(c.learningRate) + (c.schedule == .constant ? "" : ", schedule \(c.schedule)")),
            ("batch", BatchSize(trainerValue: c.batchSize).description + (c.shuffle ? ", shuffled every epoch" : ", file order")),
        ]
        if c.weightDecay > 0 { rows.append(("weight decay λ", Format.short(c.weightDecay))) }
        var stopping: [String] = []
        if let tol = c.tolerance { stopping.append("converged when the change of J < \(Format.short(tol)) for \(c.patience) epochs") }
        if let target = c.targetCost { stopping.append("target J ≤ \(Format.short(target))") }
        if let p = c.earlyStoppingPatience { stopping.append("early stopping after \(p) epochs without a better validation J") }
        if !stopping.isEmpty { rows.append(("stopping rules", stopping.joined(separator: "; "))) }
        rows.append(("model file", modelPath + (resumed ? " (resumed after epoch \(trainer.state.epochsCompleted))" : "")))
        return rows
    }

    /// The lines printed before training starts.
    var overview: String {
        let rows = settings
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1 }.joined(separator: "\n")
    }

    /// Reads the model to resume, which must hold a training state.
    static func loadForResume(_ path: String) throws -> Model<Double> {
        let model = try Model<Double>.load(from: path)
        guard model.configuration != nil, model.trainingState != nil else {
            throw CommandFailure("\(path) holds no training state to resume (it was not saved by backprop train); train it afresh without --resume")
        }
        return model
    }

    /// With --resume the stored settings rule: an option that would change them is a usage error.
    static func checkUnchanged(_ options: TrainCommand, stored: Model<Double>,
                               given: (inputs: [String]?, outputs: [String]?)) throws {
        var conflicts: [String] = []
        func check<T: Equatable>(_ name: String, _ value: T?, _ storedValue: T, _ show: (T) -> String) {
            if let value, value != storedValue { conflicts.append("\(name) \(show(value)) (the model has \(show(storedValue)))") }
        }
        let network = stored.network, c = stored.configuration!
        check("--inputs", given.inputs, stored.inputNames) { $0.joined(separator: ",") }
        check("--outputs", given.outputs, stored.outputNames) { $0.joined(separator: ",") }
        check("--layers", try options.layers.map(TrainCommand.hiddenWidths), Array(network.widths.dropFirst().dropLast())) {
            $0.isEmpty ? "none" : $0.map(String.init).joined(separator: ",")
        }
        if network.depth > 1 { check("--activation", options.activation, network.layers[0].activation) { $0.description } }
        check("--output-activation", options.outputActivation, network.layers[network.depth - 1].activation) { $0.description }
        if options.noBias && network.layers.contains(where: \.hasBias) { conflicts.append("--no-bias (the model has bias units)") }
        check("--initialisation", options.initialisation.map(\.description), stored.metadata["initialisation"] ?? "") { $0 }
        check("--seed", options.seed, c.seed) { "\($0)" }
        check("--optimizer", options.optimizer, c.optimizer) { $0.description }
        check("--batch", options.batch, BatchSize(trainerValue: c.batchSize)) { $0.description }
        if options.noShuffle && c.shuffle { conflicts.append("--no-shuffle (the model was trained with shuffling)") }
        check("--schedule", options.schedule, c.schedule) { $0.description }
        check("--weight-decay", options.weightDecay, c.weightDecay) { Format.short($0) }
        check("--validation", options.validation, stored.metadata["validationFraction"].flatMap(Double.init) ?? 0) { Format.short($0) }
        check("--scale", options.scale, stored.inputScaler.kind) { $0.rawValue }
        guard conflicts.isEmpty else {
            throw ValidationError(
                "--resume continues with the settings stored in \(options.model); these options would change them: "
                    + conflicts.joined(separator: "; ")
                    + ". Only --epochs, --lr, --tol, --patience, --target and --early-stopping may change on resume.")
        }
    }

    /// Architecture and settings errors from the engine are the user's options: exit 2.
    static func invalidIsUsage<T>(_ body: () throws(BackpropError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw ValidationError(error.description)
        }
    }
}
