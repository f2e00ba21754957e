import Foundation
import ArgumentParser
import Backprop

/// Parses "16,16" or "1, 10, 10, 1" into integers.
func parseIntegerList(_ text: String, name: String) throws -> [Int] {
    let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    var values: [Int] = []
    for part in parts {
        guard let value = Int(part) else {
            throw ValidationError("\(name): '\(part)' in '\(text)' is not a whole number")
        }
        values.append(value)
    }
    guard !values.isEmpty else { throw ValidationError("\(name): expected a comma-separated list, got '\(text)'") }
    return values
}

/// Parses "0.3,-0.2,0.8" into finite numbers.
func parseNumberList(_ text: String, name: String) throws -> [Double] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
    }
    var values: [Double] = []
    for (index, part) in parts.enumerated() {
        guard let value = Double(part), value.isFinite else {
            throw ValidationError("\(name): item \(index + 1), '\(part)', is not a finite number")
        }
        values.append(value)
    }
    return values
}

extension Activation: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = try? Activation(name: argument) else { return nil }
        self = value
    }
    public static var allValueStrings: [String] {
        ["identity", "sigmoid", "tanh", "relu", "leaky-relu[:slope]", "softplus", "elu[:alpha]"]
    }
}

extension Initialisation: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = try? Initialisation(name: argument) else { return nil }
        self = value
    }
    public static var allValueStrings: [String] { ["xavier", "he", "uniform:LOWER:UPPER"] }
}

/// The architecture options shared by the commands that build a network.
struct ArchitectureOptions: ParsableArguments {
    @Option(help: "Widths of every layer, input first: e.g. 1,10,10,1.")
    var layers: String = "1,10,10,1"

    @Option(help: "Activation g of the hidden layers: \(Activation.allValueStrings.joined(separator: ", ")).")
    var activation: Activation = .sigmoid

    @Option(help: "Activation of the output layer (default: identity; trace defaults to --activation).")
    var outputActivation: Activation?

    @Flag(help: "No bias units (the lecture's networks).")
    var noBias = false

    @Option(help: "Weight initialisation: xavier, he, or uniform:LOWER:UPPER.")
    var initialisation: Initialisation = .xavier

    @Option(help: "Seed for the initial weights (same seed, same network).")
    var seed: UInt64 = 42

    func widths() throws -> [Int] {
        let widths = try parseIntegerList(layers, name: "--layers")
        guard widths.count >= 2 else {
            throw ValidationError("--layers: give at least an input and an output width, e.g. 1,1; got '\(layers)'")
        }
        guard widths.allSatisfy({ $0 >= 1 && $0 <= 100_000 }) else {
            throw ValidationError("--layers: every width must be between 1 and 100000; got '\(layers)'")
        }
        return widths
    }

    func network(defaultOutput: Activation) throws -> Network<Double> {
        do {
            return try Network(
                widths: widths(), activation: activation, outputActivation: outputActivation ?? defaultOutput,
                bias: !noBias, initialisation: initialisation, seed: seed)
        } catch let error as BackpropError {
            throw ValidationError(error.description)
        }
    }
}

extension Optimizer: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = try? Optimizer(name: argument) else { return nil }
        self = value
    }
    public static var allValueStrings: [String] { ["sgd", "momentum[:MU]", "nesterov[:MU]", "adam[:BETA1:BETA2:EPSILON]"] }
}

extension LearningRateSchedule: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = try? LearningRateSchedule(name: argument) else { return nil }
        self = value
    }
    public static var allValueStrings: [String] {
        ["constant", "step:EVERY:FACTOR", "exponential:FACTOR", "plateau[:FACTOR:PATIENCE[:MIN]]"]
    }
}

extension Scaler.Kind: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}

extension FiniteDifference: ExpressibleByArgument {}

/// Samples per update: a number, or the whole training set.
enum BatchSize: Equatable, ExpressibleByArgument, CustomStringConvertible {
    /// `N` samples per update (1 is the lecture's per-sample gradient descent).
    case samples(Int)
    /// Every training sample in one update (full-batch gradient descent).
    case full

    init?(argument: String) {
        if argument.lowercased() == "full" {
            self = .full
        } else if let n = Int(argument), n >= 1 {
            self = .samples(n)
        } else {
            return nil
        }
    }

    /// The trainer's batch size: `nil` for the full batch.
    var trainerValue: Int? {
        if case let .samples(n) = self { return n }
        return nil
    }

    init(trainerValue: Int?) {
        self = trainerValue.map { .samples($0) } ?? .full
    }

    var description: String {
        switch self {
        case let .samples(n): return "\(n)"
        case .full: return "full"
        }
    }

    static var allValueStrings: [String] { ["1", "N", "full"] }
}
