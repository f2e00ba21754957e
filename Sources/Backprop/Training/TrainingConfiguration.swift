/// Everything that decides how a network is trained (the model file stores it with the weights).
public struct TrainingConfiguration: Sendable, Equatable {
    /// The learning rate α of `w ← w − α ∂J/∂w` (the schedule's starting value).
    public var learningRate: Double = 0.1
    /// Samples per update: 1 is the lecture's per-sample SGD, `nil` the full batch.
    public var batchSize: Int? = 1
    /// Shuffle the samples every epoch (from ``seed``); off visits them in file order.
    public var shuffle: Bool = true
    /// Fixes the shuffles (the weights are fixed by the network's own seed).
    public var seed: UInt64 = 42
    /// The update rule.
    public var optimizer: Optimizer = .gradientDescent
    /// L2 weight decay λ (0 = none).
    public var weightDecay: Double = 0
    /// How α changes between epochs.
    public var schedule: LearningRateSchedule = .constant
    /// Converged when the relative change of training J per epoch, `|J_t − J_(t−1)| / J_(t−1)`,
    /// stays below this for ``patience`` epochs in a row (`nil`: never).
    public var tolerance: Double? = nil
    /// Epochs in a row the change must stay below ``tolerance``.
    public var patience: Int = 5
    /// Stop as soon as training J ≤ this (`nil`: never).
    public var targetCost: Double? = nil
    /// With a validation set: stop when validation J has not improved for this many epochs and
    /// restore the best weights (`nil`: never stop early, and the last weights are kept).
    public var earlyStoppingPatience: Int? = nil
    /// Evaluate J and ‖∂J/∂w‖ over the whole training set after every epoch (the default). Off,
    /// an epoch's J is the mean of its batches' J during the epoch (free, but measured on moving
    /// weights) and its gradient norm that of the last batch (0 for the fused per-sample step,
    /// which keeps no gradient) — what a benchmark loop reports.
    public var evaluatesEveryEpoch: Bool = true

    public init(
        learningRate: Double = 0.1, batchSize: Int? = 1, shuffle: Bool = true, seed: UInt64 = 42,
        optimizer: Optimizer = .gradientDescent, weightDecay: Double = 0,
        schedule: LearningRateSchedule = .constant, tolerance: Double? = nil, patience: Int = 5,
        targetCost: Double? = nil, earlyStoppingPatience: Int? = nil, evaluatesEveryEpoch: Bool = true
    ) {
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.seed = seed
        self.optimizer = optimizer
        self.weightDecay = weightDecay
        self.schedule = schedule
        self.tolerance = tolerance
        self.patience = patience
        self.targetCost = targetCost
        self.earlyStoppingPatience = earlyStoppingPatience
        self.evaluatesEveryEpoch = evaluatesEveryEpoch
    }

    /// Throws naming the first setting outside its range.
    public func validate() throws(BackpropError) {
        guard learningRate.isFinite, learningRate > 0 else {
            throw .invalidArgument(name: "learning rate α", value: "\(learningRate)", expected: "a finite number > 0")
        }
        if let batchSize, batchSize < 1 {
            throw .invalidArgument(name: "batch size", value: "\(batchSize)", expected: "at least 1 (or the full batch)")
        }
        guard weightDecay.isFinite, weightDecay >= 0 else {
            throw .invalidArgument(name: "weight decay λ", value: "\(weightDecay)", expected: "a finite number ≥ 0")
        }
        if let tolerance, !(tolerance.isFinite && tolerance >= 0) {
            throw .invalidArgument(name: "tolerance", value: "\(tolerance)", expected: "a finite number ≥ 0")
        }
        guard patience >= 1 else {
            throw .invalidArgument(name: "patience", value: "\(patience)", expected: "at least 1 epoch")
        }
        if let targetCost, !(targetCost.isFinite && targetCost >= 0) {
            throw .invalidArgument(name: "target J", value: "\(targetCost)", expected: "a finite number ≥ 0")
        }
        if let earlyStoppingPatience, earlyStoppingPatience < 1 {
            throw .invalidArgument(name: "early-stopping patience", value: "\(earlyStoppingPatience)", expected: "at least 1 epoch")
        }
    }
}

/// Why training stopped.
public enum StopReason: Hashable, Sendable, CustomStringConvertible {
    /// Ran every epoch asked for.
    case maximumEpochs
    /// The relative change of J stayed below the tolerance for `patience` epochs (the lecture's
    /// "J does not change by much").
    case converged
    /// Training J reached the target.
    case reachedTarget
    /// Validation J stopped improving; the weights of `bestEpoch` (1-based) were restored.
    case earlyStopping(bestEpoch: Int)
    /// The observer asked to stop (e.g. Ctrl-C).
    case interrupted

    public var description: String {
        switch self {
        case .maximumEpochs: return "reached the maximum number of epochs"
        case .converged: return "converged: J stopped changing by more than the tolerance"
        case .reachedTarget: return "reached the target J"
        case let .earlyStopping(best): return "early stopping: validation J stopped improving; restored the weights of epoch \(best)"
        case .interrupted: return "interrupted"
        }
    }

    /// A short machine-readable name: `maximum-epochs`, `converged`, `target`, `early-stopping`, `interrupted`.
    public var name: String {
        switch self {
        case .maximumEpochs: return "maximum-epochs"
        case .converged: return "converged"
        case .reachedTarget: return "target"
        case .earlyStopping: return "early-stopping"
        case .interrupted: return "interrupted"
        }
    }
}
