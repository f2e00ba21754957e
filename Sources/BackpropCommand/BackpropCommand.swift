import ArgumentParser
import Backprop

/// The `backprop` command: train, check and trace multi-layer perceptrons as the lecture
/// teaches backpropagation, and run the fin's inverse problems.
@main
struct BackpropCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backprop",
        abstract: "Train multi-layer perceptrons by backpropagation, as the lecture teaches it.",
        version: "0.1.0",
        subcommands: [TraceCommand.self, BenchCommand.self, FinCommand.self]
    )
}
