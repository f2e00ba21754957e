import RealModule

/// How the learning rate α changes from epoch to epoch.
public enum LearningRateSchedule: Hashable, Sendable, CustomStringConvertible {
    /// α stays α₀.
    case constant
    /// `α = α₀ · factor^⌊epoch / every⌋`.
    case step(every: Int, factor: Double)
    /// `α = α₀ · factor^epoch`.
    case exponential(factor: Double)
    /// Multiply α by `factor` when the monitored J (validation J if there is a validation set,
    /// else training J) has not improved by a relative 10⁻⁴ for `patience` epochs; never below
    /// `minimum`.
    case reduceOnPlateau(factor: Double = 0.5, patience: Int = 10, minimum: Double = 0)

    public var description: String {
        switch self {
        case .constant: return "constant"
        case let .step(every, factor): return "step:\(every):\(factor)"
        case let .exponential(factor): return "exponential:\(factor)"
        case let .reduceOnPlateau(factor, patience, minimum): return "plateau:\(factor):\(patience):\(minimum)"
        }
    }

    /// Parses `constant`, `step:EVERY:FACTOR`, `exponential:FACTOR`, `plateau[:FACTOR:PATIENCE[:MIN]]`.
    public init(name: String) throws(BackpropError) {
        let parts = name.lowercased().split(separator: ":").map(String.init)
        let numbers = parts.dropFirst().compactMap { Double($0) }.filter(\.isFinite)
        let bad = BackpropError.invalidArgument(
            name: "schedule", value: name,
            expected: "constant, step:EVERY:FACTOR, exponential:FACTOR, or plateau[:FACTOR:PATIENCE[:MIN]] with 0 < FACTOR ≤ 1")
        guard numbers.count == parts.count - 1 else { throw bad }
        switch (parts.first ?? "", numbers.count) {
        case ("constant", 0): self = .constant
        case ("step", 2):
            // An epoch count beyond Int32.max is no schedule, and Int(1e300) would trap.
            guard numbers[0] >= 1, numbers[0] <= Double(Int32.max), numbers[0] == numbers[0].rounded(),
                  numbers[1] > 0, numbers[1] <= 1 else { throw bad }
            self = .step(every: Int(numbers[0]), factor: numbers[1])
        case ("exponential", 1):
            guard numbers[0] > 0, numbers[0] <= 1 else { throw bad }
            self = .exponential(factor: numbers[0])
        case ("plateau", 0): self = .reduceOnPlateau()
        case ("plateau", 2...3):
            guard numbers[0] > 0, numbers[0] < 1, numbers[1] >= 1, numbers[1] <= Double(Int32.max),
                  numbers[1] == numbers[1].rounded() else { throw bad }
            self = .reduceOnPlateau(factor: numbers[0], patience: Int(numbers[1]), minimum: numbers.count == 3 ? numbers[2] : 0)
        default: throw bad
        }
    }
}

/// The schedule's memory (for reduce-on-plateau), saved with a model so a resumed run continues.
public struct ScheduleState: Sendable, Equatable, Codable {
    /// The learning rate for the next epoch.
    public var learningRate: Double
    /// Best monitored J so far (plateau).
    public var best: Double = .infinity
    /// Epochs since `best` improved (plateau).
    public var badEpochs: Int = 0

    public init(learningRate: Double, best: Double = .infinity, badEpochs: Int = 0) {
        self.learningRate = learningRate
        self.best = best
        self.badEpochs = badEpochs
    }
}

extension LearningRateSchedule {
    /// The state after epoch `epoch` (0-based) ended with monitored cost `cost`, for base rate α₀.
    public func advance(_ state: ScheduleState, afterEpoch epoch: Int, cost: Double, baseRate: Double) -> ScheduleState {
        var next = state
        switch self {
        case .constant: next.learningRate = baseRate
        case let .step(every, factor): next.learningRate = baseRate * Double.pow(factor, Double((epoch + 1) / every))
        case let .exponential(factor): next.learningRate = baseRate * Double.pow(factor, Double(epoch + 1))
        case let .reduceOnPlateau(factor, patience, minimum):
            if cost < state.best * (1 - 1e-4) {
                next.best = cost
                next.badEpochs = 0
            } else {
                next.badEpochs += 1
                if next.badEpochs >= patience {
                    next.learningRate = max(minimum, state.learningRate * factor)
                    next.badEpochs = 0
                }
            }
        }
        return next
    }
}

