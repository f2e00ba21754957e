/// Trains a network by gradient descent, as the lecture runs it:
///
///     1. initialise all W randomly                     (Network(widths:…, seed:))
///     2. for each data point (or mini-batch):
///          forward pass with the current weights → ŷ
///          e = ŷ − y, backward pass → ∂J/∂w
///          update w ← w − α ∂J/∂w                      (or momentum, Adam)
///     3. repeat over epochs until convergence — "J does not change by much".
///
/// After every epoch the trainer evaluates J (and ‖∂J/∂w‖) on the whole training set and, if
/// given, the validation set, records them in the history, and decides whether to stop.
///
/// A NaN or infinity in J or in the gradient stops training with ``TrainingError/diverged(epoch:batch:learningRate:lastGoodEpoch:beforeAnyUpdate:)``
/// and puts back the weights (and optimiser state) of the last good epoch.
public struct Trainer<Scalar: NetworkScalar>: Sendable {
    /// The network being trained (its weights change with every update).
    public var network: Network<Scalar>
    /// How it is trained.
    public let configuration: TrainingConfiguration
    /// What the trainer remembers between epochs (saved with a model to resume).
    public var state: TrainingState<Scalar>

    /// What an observer tells the trainer after each epoch.
    public enum Decision: Sendable { case proceed, stop }

    /// A trainer for `network`, starting fresh.
    ///
    /// - Throws: ``BackpropError`` naming the first invalid setting.
    public init(network: Network<Scalar>, configuration: TrainingConfiguration) throws(BackpropError) {
        try configuration.validate()
        self.network = network
        self.configuration = configuration
        self.state = TrainingState(configuration: configuration, parameterCount: network.parameterCount)
    }

    /// A trainer that resumes from a saved state (from a model file).
    ///
    /// - Throws: ``BackpropError`` when a setting is invalid or the state does not fit the network.
    public init(network: Network<Scalar>, configuration: TrainingConfiguration, state: TrainingState<Scalar>) throws(BackpropError) {
        try configuration.validate()
        let fresh = OptimizerState<Scalar>(for: configuration.optimizer, count: network.parameterCount)
        guard state.optimizer.first.count == fresh.first.count, state.optimizer.second.count == fresh.second.count else {
            throw .dimensionMismatch(what: "optimizer state", expected: "moments for \(network.parameterCount) parameters (\(configuration.optimizer))",
                                     actual: "\(state.optimizer.first.count) and \(state.optimizer.second.count)")
        }
        self.network = network
        self.configuration = configuration
        self.state = state
    }

    /// Trains for up to `epochs` more epochs.
    ///
    /// - Parameters:
    ///   - data: the training set (its widths must match the network).
    ///   - validation: an optional validation set, for validation J, early stopping and the
    ///     plateau schedule.
    ///   - epochs: the most epochs this call runs.
    ///   - onEpoch: called after every epoch with its record and the current network; return
    ///     `.stop` to stop (reason ``StopReason/interrupted``).
    ///   - onBatch: called after every update with (epoch, batch, J of the batch).
    /// - Returns: why training stopped.
    /// - Throws: ``TrainingError/invalid(_:)`` before any update when the data do not fit;
    ///   ``TrainingError/diverged(epoch:batch:learningRate:lastGoodEpoch:beforeAnyUpdate:)`` when J or the
    ///   gradient stops being finite (the last good weights are restored).
    @discardableResult
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public mutating func train(
        on data: Dataset<Scalar>, validation: Dataset<Scalar>? = nil, epochs: Int,
        onEpoch: ((EpochRecord, Network<Scalar>) -> Decision)? = nil,
        onBatch: ((Int, Int, Scalar) -> Void)? = nil
    ) throws(TrainingError) -> StopReason {
        do {
            try check(data, "training data")
            if let validation { try check(validation, "validation data") }
            guard epochs >= 0 else {
                throw BackpropError.invalidArgument(name: "epochs", value: "\(epochs)", expected: "≥ 0")
            }
        } catch let error as BackpropError {
            throw .invalid(error)
        } catch {
            fatalError("unreachable: \(error)")
        }
        let n = data.count
        let batchSize = min(configuration.batchSize ?? n, n)
        var trace = Trace(for: network, batchSize: batchSize)
        var gradient = Gradient(for: network)
        var evaluation = Evaluation(network: network)
        var order = Array(0..<n)
        let clock = ContinuousClock()
        var reason = StopReason.maximumEpochs
        for _ in 0..<epochs {
            let epoch = state.epochsCompleted + 1
            let start = clock.now
            let goodParameters = network.parameters, goodOptimizer = state.optimizer
            let rate = state.schedule.learningRate
            if configuration.shuffle {
                SeededGenerator.shuffle(&order, seed: configuration.seed, epoch: epoch - 1)
            }
            var runningCost = 0.0
            let failedBatch = runEpoch(data, order: order, batchSize: batchSize, learningRate: rate,
                                       trace: &trace, gradient: &gradient, epoch: epoch, runningCost: &runningCost,
                                       onBatch: onBatch)
            var (cost, norm) = (Double.nan, Double.nan)
            if failedBatch == nil {
                (cost, norm) = configuration.evaluatesEveryEpoch
                    ? evaluation.costAndGradientNorm(network, data)
                    : (runningCost / Double(n), Double(gradient.norm))
            }
            if failedBatch == nil && !(cost.isFinite && norm.isFinite) { cost = .nan }
            guard cost.isFinite else {
                network.parameters = goodParameters
                state.optimizer = goodOptimizer
                // A batch's J is computed before its update, so a first batch failing in a
                // fresh run failed for the initial weights.
                throw .diverged(epoch: epoch, batch: failedBatch ?? (n + batchSize - 1) / batchSize,
                                learningRate: rate, lastGoodEpoch: epoch - 1,
                                beforeAnyUpdate: failedBatch == 1 && epoch == 1)
            }
            let validationCost = validation.map { evaluation.cost(network, $0) }
            let record = EpochRecord(epoch: epoch, trainingCost: cost, validationCost: validationCost,
                                     gradientNorm: norm, learningRate: rate, seconds: (clock.now - start).seconds)
            let previous = state.history.records.last?.trainingCost
            state.history.records.append(record)
            state.epochsCompleted = epoch
            state.schedule = configuration.schedule.advance(
                state.schedule, afterEpoch: epoch - 1, cost: validationCost ?? cost, baseRate: configuration.learningRate)
            if let stop = decideStop(record: record, previousCost: previous) {
                reason = stop
                break
            }
            if onEpoch?(record, network) == .stop {
                reason = .interrupted
                break
            }
        }
        state.stopReason = reason
        return reason
    }

    /// One epoch of updates over `order`; returns the 1-based batch at which J stopped being
    /// finite, or `nil`. Adds each batch's J times its size to `runningCost`.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    mutating func runEpoch(
        _ data: Dataset<Scalar>, order: [Int], batchSize: Int, learningRate: Double,
        trace: inout Trace<Scalar>, gradient: inout Gradient<Scalar>, epoch: Int, runningCost: inout Double,
        onBatch: ((Int, Int, Scalar) -> Void)?
    ) -> Int? {
        let n = data.count
        if batchSize == 1, fusesPerSampleSteps, onBatch == nil, configuration.weightDecay == 0,
           case .gradientDescent = configuration.optimizer {
            return runFusedEpoch(data, order: order, learningRate: learningRate, trace: &trace, runningCost: &runningCost)
        }
        var batch = 0
        var start = 0
        // Raw buffers: the per-sample loop then touches no reference counts.
        return data.x.elements.withUnsafeBufferPointer { x in
            data.y.elements.withUnsafeBufferPointer { y in
            order.withUnsafeBufferPointer { order in
                while start < n {
                    let end = min(start + batchSize, n)
                    batch += 1
                    let rows = UnsafeBufferPointer(rebasing: order[start..<end])
                    trace.resize(batchSize: end - start)
                    trace.setInput(from: x.baseAddress!, rows: rows)
                    network.forwardFromInput(&trace)
                    let j = network.backward(targets: y.baseAddress!, rows: rows, trace: &trace, into: &gradient,
                                             inputGradient: false)
                    guard j.isFinite else { return batch }
                    runningCost += Double(j) * Double(end - start)
                    configuration.optimizer.update(
                        &network.parameters, gradient: gradient.parameters, learningRate: learningRate,
                        weightDecay: configuration.weightDecay, state: &state.optimizer)
                    onBatch?(epoch, batch, j)
                    start = end
                }
                return nil
            }
            }
        }
    }

    /// Whether batch-size-1 plain gradient descent uses ``Network/sgdStep(x:y:alpha:a:z:e:delta:)``
    /// (bit-identical to the unfused step; off only to test that).
    var fusesPerSampleSteps = true

    /// One epoch of the lecture's per-sample gradient descent with the fused step.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    mutating func runFusedEpoch(
        _ data: Dataset<Scalar>, order: [Int], learningRate: Double, trace: inout Trace<Scalar>,
        runningCost: inout Double
    ) -> Int? {
        trace.resize(batchSize: 1)
        let inputs = data.x.columns, outputs = data.y.columns
        let alpha = Scalar(learningRate)
        var failed: Int?
        var steps = 0
        data.x.elements.withUnsafeBufferPointer { x in
        data.y.elements.withUnsafeBufferPointer { y in
        trace.aStorage.withUnsafeMutableBufferPointer { a in
        trace.zStorage.withUnsafeMutableBufferPointer { z in
        trace.eStorage.withUnsafeMutableBufferPointer { e in
        trace.deltaStorage.withUnsafeMutableBufferPointer { delta in
            for (position, row) in order.enumerated() {
                let j = network.sgdStep(
                    x: x.baseAddress! + row * inputs, y: y.baseAddress! + row * outputs, alpha: alpha,
                    a: a.baseAddress!, z: z.baseAddress!, e: e.baseAddress!, delta: delta.baseAddress!)
                steps += 1
                guard j.isFinite else {
                    failed = position + 1
                    return
                }
                runningCost += Double(j)
            }
        }}}}}}
        state.optimizer.step += steps
        return failed
    }

    /// The stopping rules, in order: target J, early stopping, convergence.
    mutating func decideStop(record: EpochRecord, previousCost: Double?) -> StopReason? {
        if let target = configuration.targetCost, record.trainingCost <= target { return .reachedTarget }
        if let validationCost = record.validationCost {
            if validationCost < state.bestValidationCost {
                state.bestValidationCost = validationCost
                state.bestEpoch = record.epoch
                state.bestParameters = network.parameters
            } else if let patience = configuration.earlyStoppingPatience,
                      record.epoch - state.bestEpoch >= patience, let best = state.bestParameters {
                network.parameters = best
                return .earlyStopping(bestEpoch: state.bestEpoch)
            }
        }
        if let tolerance = configuration.tolerance, let previous = previousCost {
            let change = abs(record.trainingCost - previous) / max(abs(previous), .leastNormalMagnitude)
            state.quietEpochs = change < tolerance ? state.quietEpochs + 1 : 0
            if state.quietEpochs >= configuration.patience { return .converged }
        }
        return nil
    }

    func check(_ data: Dataset<Scalar>, _ what: String) throws(BackpropError) {
        guard data.x.columns == network.inputWidth else {
            throw .dimensionMismatch(what: "\(what) inputs", expected: "\(network.inputWidth) columns (the network's inputs)",
                                     actual: "\(data.x.columns)")
        }
        guard data.y.columns == network.outputWidth else {
            throw .dimensionMismatch(what: "\(what) outputs", expected: "\(network.outputWidth) columns (the network's outputs)",
                                     actual: "\(data.y.columns)")
        }
    }
}
