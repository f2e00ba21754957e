import ArgumentParser
import Backprop
import Foundation

/// The `backprop` command: train, check and trace multi-layer perceptrons as the lecture
/// teaches backpropagation, and run the fin's inverse problems.
///
/// Exit codes: 0 success; 1 failure (bad data, unreadable or unwritable files, divergence);
/// 2 usage (an unknown option, a bad value); 130 training interrupted by Ctrl-C (the model is
/// saved first).
@main
struct BackpropCommand: ParsableCommand {
    /// The tool's version, also written into every model file it saves.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "backprop",
        abstract: "Train multi-layer perceptrons by backpropagation, as the lecture teaches it.",
        discussion: """
        Exit codes: 0 success, 1 failure (bad data, file errors, divergence), 2 usage
        error, 130 training interrupted by Ctrl-C (after saving the model).
        """,
        version: version,
        subcommands: [
            TrainCommand.self, PredictCommand.self, GradientCommand.self, GradcheckCommand.self,
            InvertCommand.self, CostCommand.self, TraceCommand.self, FinCommand.self, BenchCommand.self,
        ]
    )

    /// Parses the arguments, runs the subcommand, and maps what went wrong to the exit codes
    /// above with a clean message on stderr (ArgumentParser alone would use 64 for usage).
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            exitAfterParsing(error)
        }
        do {
            try command.run()
        } catch {
            exitAfterRunning(error, command: type(of: command))
        }
        Foundation.exit(ExitStatus.success)
    }

    /// Help and version requests exit 0 (printed by ArgumentParser); anything else while
    /// parsing is a usage error: exit 2.
    static func exitAfterParsing(_ error: Error) -> Never {
        if exitCode(for: error) == .success { exit(withError: error) }
        writeToStandardError(fullMessage(for: error))
        Foundation.exit(ExitStatus.usage)
    }

    /// A `ValidationError` raised while running is still a usage error (exit 2); a
    /// ``CommandFailure`` carries its own code; `--help` (which ArgumentParser runs as a
    /// command) exits 0; every other error is a failure (exit 1), printed as
    /// `error: <description>`.
    static func exitAfterRunning(_ error: Error, command: ParsableCommand.Type) -> Never {
        switch error {
        case let failure as CommandFailure:
            writeToStandardError("error: \(failure.message)")
            Foundation.exit(failure.status)
        case let code as ExitCode:
            Foundation.exit(code.rawValue)
        case is ValidationError:
            let name = command.configuration.commandName.map { " " + $0 } ?? ""
            writeToStandardError("error: \(command.message(for: error))\nSee 'backprop\(name) --help' for the options.")
            Foundation.exit(ExitStatus.usage)
        default:
            switch exitCode(for: error) {
            case .success:
                exit(withError: error)
            case .validationFailure:
                writeToStandardError(fullMessage(for: error))
                Foundation.exit(ExitStatus.usage)
            default:
                writeToStandardError("error: \(error)")
                Foundation.exit(ExitStatus.failure)
            }
        }
    }
}
