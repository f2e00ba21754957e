import ArgumentParser
import Backprop
import Foundation

/// How a training run ended, and what was saved.
struct TrainingOutcome {
    /// The weights saved to the model file.
    let network: Network<Double>
    /// The trainer's state at the end (saved with the weights, for --resume).
    let state: TrainingState<Double>
    /// Why training stopped; `nil` when it diverged.
    let reason: StopReason?
    /// The epoch whose weights were saved (0: the initial weights).
    let savedEpoch: Int
    /// Epochs trained in this run.
    let epochsRun: Int
    /// Wall time of the run, in seconds.
    let seconds: Double
    /// Checkpoints written during the run.
    let checkpoints: Int
    /// What ends the process after the summary: divergence (1) or Ctrl-C (130).
    let failure: Error?
}

/// The training loop of `train`: runs the trainer in stretches of `--checkpoint-every`
/// epochs (saving the model between them), stops when Ctrl-C is pressed, and saves the model.
///
/// Stretches do not change the result: the trainer's state carries everything from one call to
/// the next, exactly as a saved and resumed model does.
struct TrainingRun {
    let setup: TrainingSetup
    let epochs: Int
    let checkpointEvery: Int?

    func run(progress: ProgressReporter, interrupt: InterruptFlag) throws -> TrainingOutcome {
        var trainer = setup.trainer
        let startEpoch = trainer.state.epochsCompleted
        let started = Date()
        var reason: StopReason = .maximumEpochs
        var divergence: TrainingError?
        var checkpoints = 0
        while trainer.state.epochsCompleted - startEpoch < epochs {
            var stretch = epochs - (trainer.state.epochsCompleted - startEpoch)
            if let every = checkpointEvery { stretch = min(stretch, every - trainer.state.epochsCompleted % every) }
            do {
                reason = try trainer.train(on: setup.training, validation: setup.validation, epochs: stretch) { record, _ in
                    progress.epochEnded(record)
                    return interrupt.isSet ? .stop : .proceed
                }
            } catch let error {
                if case .invalid(let problem) = error { throw CommandFailure(problem.description) }
                divergence = error
                break
            }
            guard reason == .maximumEpochs else { break }
            if let every = checkpointEvery, trainer.state.epochsCompleted % every == 0,
               trainer.state.epochsCompleted - startEpoch < epochs {
                try save(setup.model(network: trainer.network, state: trainer.state))
                checkpoints += 1
                progress.note("checkpoint: epoch \(trainer.state.epochsCompleted) saved to \(setup.modelPath)")
            }
        }
        progress.finish(last: trainer.state.history.records.last)

        // The weights to keep: the best validation epoch's when early stopping was asked for
        // (the trainer restores them itself when it stops early), else the last epoch's.
        var network = trainer.network
        var savedEpoch = trainer.state.epochsCompleted
        if case let .earlyStopping(best) = reason { savedEpoch = best }
        if divergence == nil, reason == .interrupted, trainer.configuration.earlyStoppingPatience != nil,
           let best = trainer.state.bestParameters {
            try! network.setParameters(best)
            savedEpoch = trainer.state.bestEpoch
        }
        try save(setup.model(network: network, state: trainer.state))

        var failure: Error? = nil
        if let divergence {
            failure = CommandFailure("\(divergence)\nSaved the weights of \(savedEpoch == 0 ? "the initial network" : "epoch \(savedEpoch)") and the trainer's state to \(setup.modelPath); continue with a smaller rate: backprop train --resume --model \(setup.modelPath) --lr \(Format.short(trainer.configuration.learningRate / 10))")
        } else if reason == .interrupted {
            writeToStandardError("interrupted after epoch \(trainer.state.epochsCompleted); saved the weights of epoch \(savedEpoch) to \(setup.modelPath) (continue with --resume)")
            failure = ExitCode(ExitStatus.interrupted)
        }
        return TrainingOutcome(
            network: network, state: trainer.state, reason: divergence == nil ? reason : nil, savedEpoch: savedEpoch,
            epochsRun: trainer.state.epochsCompleted - startEpoch, seconds: Date().timeIntervalSince(started),
            checkpoints: checkpoints, failure: failure)
    }

    private func save(_ model: Model<Double>) throws {
        do {
            try model.save(to: setup.modelPath)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
