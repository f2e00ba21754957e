/// Everything a trainer remembers between epochs. A model file saves it, so that training N
/// epochs equals training N/2, saving, loading and training N/2 more, bit for bit.
public struct TrainingState<Scalar: NetworkScalar>: Sendable, Equatable {
    /// Epochs finished so far.
    public var epochsCompleted = 0
    /// The optimiser's moments and step count.
    public var optimizer: OptimizerState<Scalar>
    /// The learning rate for the next epoch and the plateau counters.
    public var schedule: ScheduleState
    /// One record per finished epoch.
    public var history = TrainingHistory()
    /// Consecutive epochs whose relative change of J was below the tolerance.
    public var quietEpochs = 0
    /// Lowest validation J so far and the epoch (1-based) that reached it.
    public var bestValidationCost = Double.infinity
    public var bestEpoch = 0
    /// The weights of ``bestEpoch`` (kept only with a validation set).
    public var bestParameters: [Scalar]? = nil
    /// Why the last call to train stopped.
    public var stopReason: StopReason? = nil

    /// A fresh state for a network of `count` parameters.
    public init(configuration: TrainingConfiguration, parameterCount count: Int) {
        optimizer = OptimizerState(for: configuration.optimizer, count: count)
        schedule = ScheduleState(learningRate: configuration.learningRate)
    }
}
