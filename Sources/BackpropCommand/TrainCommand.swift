import ArgumentParser
import Backprop
import Foundation

/// `backprop train`: reads a data file, trains a network by backpropagation, and saves the
/// model (weights, scalers, column names, settings and training state) atomically.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network on columns of a data file and save the model.",
        discussion: """
        --layers gives the HIDDEN widths only: the input and output widths are the
        numbers of --inputs and --outputs columns. Example, two inputs and one output
        through two hidden layers of 16 sigmoid neurons:
          backprop train --data fin.csv --inputs x,h --outputs T --layers 16,16 \\
            --model fin.json

        Data: a header row naming the columns, then one number per column on every
        line; comma, semicolon, tab or whitespace separated; lines starting with # are
        comments. Columns are chosen by name or 0-based index (x,h or 0-1). A bad
        field stops the run before training, naming the file, line and column.

        Units: the network works in scaled units (--scale, fitted on the training rows
        only); the model file stores the scalers, so predict reads and writes raw
        units. J printed during training is J = (1/N) Σ ½‖ŷ − y‖² in scaled units.

        Saving: the model file holds the weights of the last epoch and the trainer's
        state, so --resume continues bit for bit (same data file; settings come from
        the model; only --epochs, --lr and the stopping rules may change). With
        --early-stopping the weights of the epoch with the lowest validation J are
        saved instead (also on Ctrl-C). --checkpoint-every N saves the model file
        every N epochs.

        Ctrl-C stops after the current epoch, saves the model, prints "interrupted
        after epoch N; saved …" and exits with status 130. Divergence (J or a gradient
        NaN or infinite) rolls back to the last good epoch, saves those weights and
        state to --model (so that --resume --lr SMALLER continues) and exits with
        status 1.
        """)

    // Data.
    @Option(help: "The data file (CSV with a header row). With --resume: defaults to the file the model was trained on.")
    var data: String?
    @Option(help: "Input columns, by name or 0-based index: e.g. x,h or 0-1.")
    var inputs: String?
    @Option(help: "Output (target) columns, by name or 0-based index.")
    var outputs: String?
    @Option(help: "Fraction of the rows held out for validation, 0 ≤ f < 1 (default 0).")
    var validation: Double?
    @Option(help: "Scaling of inputs and outputs, fitted on the training rows: standard, minmax or none (default standard).")
    var scale: Scaler.Kind?

    // Architecture.
    @Option(help: "Widths of the HIDDEN layers, e.g. 16,16; 'none' for no hidden layer (default 16,16).")
    var layers: String?
    @Option(help: "Activation g of the hidden layers: \(Activation.allValueStrings.joined(separator: ", ")) (default sigmoid).")
    var activation: Activation?
    @Option(help: "Activation of the output layer (default identity).")
    var outputActivation: Activation?
    @Flag(help: "No bias units (the lecture's networks).")
    var noBias = false
    @Option(help: "Weight initialisation: xavier, he, or uniform:LOWER:UPPER (default xavier).")
    var initialisation: Initialisation?
    @Option(help: "Seed for the initial weights, the shuffles and the validation split (default 42).")
    var seed: UInt64?

    // Training.
    @Option(help: "Update rule: sgd, momentum[:MU], nesterov[:MU], adam[:BETA1:BETA2:EPSILON] (default sgd).")
    var optimizer: Optimizer?
    @Option(help: "Learning rate α in w ← w − α ∂J/∂w (default 0.1).")
    var lr: Double?
    @Option(help: "Samples per update: 1 (the lecture's per-sample updates), N, or full (default 1).")
    var batch: BatchSize?
    @Flag(help: "Visit the samples in file order instead of shuffling them every epoch.")
    var noShuffle = false
    @Option(help: "Epochs to train in this run (with --resume: how many more).")
    var epochs: Int = 100
    @Option(help: "Learning-rate schedule: constant, step:EVERY:FACTOR, exponential:FACTOR, plateau[:FACTOR:PATIENCE[:MIN]] (default constant).")
    var schedule: LearningRateSchedule?
    @Option(help: "L2 weight decay λ: the gradient used is ∂J/∂w + λw (default 0).")
    var weightDecay: Double?

    // Stopping rules.
    @Option(help: "Converged when the relative change of training J per epoch stays below T for --patience epochs.")
    var tol: Double?
    @Option(help: "Epochs in a row the change of J must stay below --tol (default 5).")
    var patience: Int?
    @Option(help: "Stop as soon as training J ≤ this value.")
    var target: Double?
    @Option(help: "With --validation: stop when validation J has not improved for P epochs, and keep the best weights.")
    var earlyStopping: Int?

    // Files.
    @Option(help: "The model file to write (JSON).")
    var model: String
    @Flag(help: "Continue training the model in --model from its saved state.")
    var resume = false
    @Option(help: "Save the model file every N epochs while training.")
    var checkpointEvery: Int?
    @Option(help: "Write J per epoch as CSV (epoch, training_J, validation_J, gradient_norm, learning_rate, seconds).")
    var history: String?
    @Option(help: "Write J against epoch as an SVG plot (log y).")
    var plot: String?
    @Option(help: "Write a self-contained HTML report: settings, plots, stop reason, gradient check.")
    var report: String?

    // Output.
    @Flag(help: "Print the result as JSON on stdout (progress goes to stderr).")
    var json = false
    @Flag(help: "No progress output.")
    var quiet = false

    func validate() throws {
        if !resume {
            guard data != nil else { throw ValidationError("Please give the data file: --data FILE.csv") }
            guard inputs != nil, outputs != nil else {
                throw ValidationError("Please name the input and output columns: --inputs COLS --outputs COLS")
            }
        }
        try require(epochs >= 0, "--epochs must be ≥ 0, got \(epochs)")
        if let lr { try require(lr.isFinite && lr > 0, "--lr must be a finite number > 0, got \(lr)") }
        if let validation { try require(validation >= 0 && validation < 1, "--validation must be in [0, 1), got \(validation)") }
        if let tol { try require(tol.isFinite && tol >= 0, "--tol must be a finite number ≥ 0, got \(tol)") }
        if let patience { try require(patience >= 1, "--patience must be at least 1, got \(patience)") }
        if let target { try require(target.isFinite && target >= 0, "--target must be a finite number ≥ 0, got \(target)") }
        if let earlyStopping { try require(earlyStopping >= 1, "--early-stopping must be at least 1 epoch, got \(earlyStopping)") }
        if let weightDecay { try require(weightDecay.isFinite && weightDecay >= 0, "--weight-decay must be ≥ 0, got \(weightDecay)") }
        if let checkpointEvery { try require(checkpointEvery >= 1, "--checkpoint-every must be at least 1, got \(checkpointEvery)") }
        if let layers { _ = try Self.hiddenWidths(layers) }
    }

    func run() throws {
        let interrupt = InterruptFlag()
        interrupt.install()
        defer { interrupt.uninstall() }
        let summary = try execute(interrupt: interrupt, announce: !json && !quiet)
        let files = (history, plot, report)
        print(json ? summary.json(files: files) : summary.text(files: files, color: isatty(STDOUT_FILENO) == 1))
        if let failure = summary.outcome.failure { throw failure }
    }

    /// Prepares, trains, saves the model and writes the files asked for; the summary's
    /// `outcome.failure` says whether the run ended by divergence or Ctrl-C.
    ///
    /// - Parameter announce: print the settings before training.
    func execute(interrupt: InterruptFlag, announce: Bool = false) throws -> TrainingSummary {
        let setup = try TrainingSetup(self)
        let progress = ProgressReporter(
            plannedEpochs: epochs, startEpoch: setup.trainer.state.epochsCompleted,
            toStandardError: json, quiet: quiet)
        if announce { print(setup.overview + "\n") }
        let outcome = try TrainingRun(setup: setup, epochs: epochs, checkpointEvery: checkpointEvery)
            .run(progress: progress, interrupt: interrupt)
        let summary = try TrainingSummary(setup: setup, outcome: outcome)
        try summary.writeFiles(history: history, plot: plot, report: report)
        return summary
    }

    /// "16,16" → [16, 16]; "none" or "" → [] (no hidden layer: the delta rule's network).
    static func hiddenWidths(_ text: String) throws -> [Int] {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed.isEmpty || trimmed == "none" { return [] }
        let widths = try parseIntegerList(text, name: "--layers")
        guard widths.allSatisfy({ $0 >= 1 && $0 <= 100_000 }) else {
            throw ValidationError("--layers: every hidden width must be between 1 and 100000; got '\(text)'")
        }
        return widths
    }

    private func require(_ condition: Bool, _ message: String) throws {
        if !condition { throw ValidationError(message) }
    }
}
