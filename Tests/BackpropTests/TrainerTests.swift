import Testing
@testable import Backprop

/// y = sin x on [−3, 3]: the small regression every optimiser must fit.
func sineData(count: Int = 64) -> Dataset<Double> {
    let xs = (0..<count).map { -3 + 6 * Double($0) / Double(count - 1) }
    return try! Dataset(x: Matrix(column: xs), y: Matrix(column: xs.map { Double.sin($0) }))
}

import RealModule

@Suite("Training by gradient descent")
struct TrainerTests {
    @Test("Per-sample SGD equals two updates worked by hand (the lecture's loop)")
    func twoStepsByHand() throws {
        // Chain x → w1 (sigmoid, no bias) → w2 (identity, no bias); α = 0.1; samples in order.
        // Sample 1, x = 0.5, y = 0.3:
        //   z1 = 0.4·0.5 = 0.2, a1 = σ(0.2) = 0.549833997312478, ŷ = w2 a1 = −0.329900398387487
        //   e = ŷ − y = −0.629900398387487 = δ2;  ∂J/∂w2 = a1 δ2 = −0.346340653954114
        //   e1 = w2 δ2 = 0.377940239032492;  δ1 = a1(1 − a1) e1 = 0.093546472655224
        //   ∂J/∂w1 = x δ1 = 0.046773236327612
        //   w1 = 0.4 − 0.1·0.046773236327612 = 0.395322676367239
        //   w2 = −0.6 + 0.1·0.346340653954114 = −0.565365934604589
        // Sample 2, x = 1, y = −0.2:
        //   a1 = σ(0.395322676367239) = 0.597563365930496, ŷ = −0.337841970864759
        //   e = −0.137841970864759;  ∂J/∂w2 = −0.082369312076439;  ∂J/∂w1 = 0.018740992374154
        //   w1 = 0.393448577129823,  w2 = −0.557129003396945
        let network = try Network(layers: [
            Layer(weight: Matrix(row: [0.4]), activation: .sigmoid),
            Layer(weight: Matrix(row: [-0.6]), activation: .identity),
        ])
        let data = try Dataset(x: Matrix(column: [0.5, 1.0]), y: Matrix(column: [0.3, -0.2]))
        var trainer = try Trainer(network: network, configuration: .init(learningRate: 0.1, batchSize: 1, shuffle: false))
        try trainer.train(on: data, epochs: 1)
        #expect(abs(trainer.network.parameters[0] - 0.393448577129823) < 1e-14)
        #expect(abs(trainer.network.parameters[1] - -0.557129003396945) < 1e-14)
        #expect(trainer.state.optimizer.step == 2)
    }

    @Test("The fused per-sample step gives bit-identical weights to backward + gradient descent")
    func fusedStepIsExact() throws {
        var rng = SeededGenerator(seed: 31)
        for index in 0..<40 {
            let c = RandomCase.make(&rng, index: index)
            let data = try Dataset(x: c.x, y: c.y)
            var fused = try Trainer(network: c.network, configuration: .init(learningRate: 0.05, batchSize: 1, seed: 3))
            var plain = fused
            plain.fusesPerSampleSteps = false
            try fused.train(on: data, epochs: 3)
            try plain.train(on: data, epochs: 3)
            #expect(fused.network.parameters.map(\.bitPattern) == plain.network.parameters.map(\.bitPattern), "case \(index): \(c)")
            #expect(fused.state.optimizer.step == plain.state.optimizer.step)
        }
        let floatNetwork = try Network<Float>(widths: [2, 5, 3], activation: .tanh, bias: false, seed: 4)
        let floatData = try Dataset(x: Matrix<Float>([[0.1, 0.2], [-0.3, 0.5], [0.7, -0.9]]),
                                    y: Matrix<Float>([[1, 0, 0.5], [0, 1, -0.5], [0.2, 0.3, 0.4]]))
        var fused = try Trainer(network: floatNetwork, configuration: .init(learningRate: 0.1))
        var plain = fused
        plain.fusesPerSampleSteps = false
        try fused.train(on: floatData, epochs: 5)
        try plain.train(on: floatData, epochs: 5)
        #expect(fused.network.parameters.map(\.bitPattern) == plain.network.parameters.map(\.bitPattern))
    }

    @Test("The same seed gives bit-identical weights and history; another seed differs")
    func determinism() throws {
        func run(seed: UInt64) throws -> Trainer<Double> {
            let network = try Network<Double>(widths: [1, 8, 1], activation: .tanh, seed: seed)
            var trainer = try Trainer(network: network, configuration: .init(learningRate: 0.05, batchSize: 4, seed: seed))
            try trainer.train(on: sineData(), epochs: 5)
            return trainer
        }
        let a = try run(seed: 1), b = try run(seed: 1), c = try run(seed: 2)
        #expect(a.network.parameters.map(\.bitPattern) == b.network.parameters.map(\.bitPattern))
        #expect(a.state.history.records.map(\.trainingCost) == b.state.history.records.map(\.trainingCost))
        #expect(a.network.parameters != c.network.parameters)
    }

    @Test("Every optimiser drives J on y = sin x below 0.01 (from ≈ 0.2)",
          arguments: [
            (Optimizer.gradientDescent, 0.1), (.momentum(mu: 0.9, nesterov: false), 0.02),
            (.momentum(mu: 0.9, nesterov: true), 0.02), (.adam(), 0.01),
          ])
    func optimisers(optimizer: Optimizer, rate: Double) throws {
        let network = try Network<Double>(widths: [1, 16, 1], activation: .tanh, seed: 3)
        let data = sineData()
        let initial = try network.gradient(x: data.x, y: data.y).cost
        var trainer = try Trainer(network: network, configuration: .init(learningRate: rate, batchSize: 8, optimizer: optimizer))
        try trainer.train(on: data, epochs: 300)
        let final = trainer.state.history.records.last!.trainingCost
        #expect(initial > 0.1)
        #expect(final < 0.01, "\(optimizer): J = \(final)")
    }

    @Test("Full batch and mini-batches train too; J decreases over epochs")
    func batchSizes() throws {
        for batch in [nil, 16] as [Int?] {
            let network = try Network<Double>(widths: [1, 12, 1], activation: .tanh, seed: 4)
            var trainer = try Trainer(network: network, configuration: .init(learningRate: 0.2, batchSize: batch, optimizer: .adam()))
            try trainer.train(on: sineData(), epochs: 200)
            let history = trainer.state.history.records
            #expect(history.count == 200)
            #expect(history.last!.trainingCost < history.first!.trainingCost / 5)
        }
    }

    @Test("Convergence: stops when J stops changing by more than the tolerance")
    func converges() throws {
        let network = try Network<Double>(widths: [1, 8, 1], activation: .tanh, seed: 5)
        var trainer = try Trainer(network: network, configuration: .init(learningRate: 0.01, batchSize: nil, tolerance: 1e-3, patience: 3))
        let reason = try trainer.train(on: sineData(), epochs: 10_000)
        #expect(reason == .converged)
        #expect(trainer.state.history.records.count < 10_000)
        let r = trainer.state.history.records
        let lastChange = abs(r[r.count - 1].trainingCost - r[r.count - 2].trainingCost) / r[r.count - 2].trainingCost
        #expect(lastChange < 1e-3)
    }

    @Test("Target J: stops as soon as J reaches it")
    func target() throws {
        let network = try Network<Double>(widths: [1, 16, 1], activation: .tanh, seed: 6)
        var trainer = try Trainer(network: network, configuration: .init(learningRate: 0.01, batchSize: 8, optimizer: .adam(), targetCost: 0.05))
        let reason = try trainer.train(on: sineData(), epochs: 5000)
        #expect(reason == .reachedTarget)
        let costs = trainer.state.history.records.map(\.trainingCost)
        #expect(costs.last! <= 0.05)
        #expect(costs.dropLast().allSatisfy { $0 > 0.05 })
    }

    @Test("Maximum epochs, and an observer that says stop")
    func maximumAndInterrupt() throws {
        let network = try Network<Double>(widths: [1, 4, 1], seed: 7)
        var trainer = try Trainer(network: network, configuration: .init())
        #expect(try trainer.train(on: sineData(), epochs: 3) == .maximumEpochs)
        var seen: [Int] = []
        let reason = try trainer.train(on: sineData(), epochs: 10) { record, _ in
            seen.append(record.epoch)
            return record.epoch == 5 ? .stop : .proceed
        }
        #expect(reason == .interrupted)
        #expect(seen == [4, 5])
        var batches = 0
        try trainer.train(on: sineData(count: 10), epochs: 1, onBatch: { _, _, _ in batches += 1 })
        #expect(batches == 10)
    }

    @Test("Early stopping restores the weights of the best validation epoch")
    func earlyStopping() throws {
        // A wide network on 12 noisy points overfits: validation J rises while training J falls.
        var rng = SeededGenerator(seed: 9)
        let xs = (0..<40).map { _ in 6 * rng.uniform() - 3 }
        let ys = xs.map { Double.sin($0) + 0.3 * rng.normal() }
        let all = try Dataset(x: Matrix(column: xs), y: Matrix(column: ys))
        let (training, validation) = try all.split(validationFraction: 0.5, seed: 1)
        let network = try Network<Double>(widths: [1, 64, 64, 1], activation: .tanh, seed: 8)
        var trainer = try Trainer(network: network, configuration: .init(
            learningRate: 0.01, batchSize: nil, optimizer: .adam(), earlyStoppingPatience: 20))
        var snapshots: [Int: [Double]] = [:]
        let reason = try trainer.train(on: training, validation: validation!, epochs: 3000) { record, net in
            snapshots[record.epoch] = net.parameters
            return .proceed
        }
        guard case let .earlyStopping(best) = reason else {
            Issue.record("expected early stopping, got \(reason)")
            return
        }
        let records = trainer.state.history.records
        let bestRecord = records.min { $0.validationCost! < $1.validationCost! }!
        #expect(best == bestRecord.epoch)
        #expect(records.count == best + 20)
        #expect(trainer.network.parameters == snapshots[best])
    }

    @Test("Divergence (huge α) throws, names the epoch, and leaves the last good weights")
    func divergence() throws {
        let network = try Network<Double>(widths: [1, 8, 1], activation: .tanh, seed: 10)
        var trainer = try Trainer(network: network, configuration: .init(learningRate: 1e-3, batchSize: 8))
        try trainer.train(on: sineData(), epochs: 2)
        let good = trainer.network.parameters
        // Same network, now with an absurd rate and a huge target scale.
        let wild = try Dataset(x: sineData().x, y: Matrix(column: sineData().y.elements.map { $0 * 1e150 }))
        var wildTrainer = try Trainer(network: trainer.network, configuration: .init(learningRate: 1e10, batchSize: 8))
        wildTrainer.state.epochsCompleted = 2
        let error = #expect(throws: TrainingError.self) { try wildTrainer.train(on: wild, epochs: 5) }
        guard case let .diverged(epoch, _, rate, lastGood, _) = error else {
            Issue.record("expected divergence, got \(String(describing: error))")
            return
        }
        #expect(epoch == 3 && lastGood == 2 && rate == 1e10)
        #expect(wildTrainer.network.parameters == good)
        #expect(error?.description.contains("smaller learning rate") == true)
    }

    @Test("Divergence in the lecture's per-sample loop (batch 1) also rolls back")
    func divergencePerSample() throws {
        let network = try Network<Double>(widths: [1, 8, 1], activation: .tanh, seed: 10)
        let wild = try Dataset(x: sineData().x, y: Matrix(column: sineData().y.elements.map { $0 * 1e200 }))
        var trainer = try Trainer(network: network, configuration: .init(learningRate: 1e10, batchSize: 1))
        let error = #expect(throws: TrainingError.self) { try trainer.train(on: wild, epochs: 3) }
        guard case let .diverged(epoch, batch, _, lastGood, _) = error else {
            Issue.record("expected divergence, got \(String(describing: error))")
            return
        }
        #expect(epoch == 1 && lastGood == 0 && batch >= 1)
        #expect(trainer.network.parameters == network.parameters)
        #expect(trainer.state.optimizer.step == 0)
    }

    @Test("J already infinite before the first update blames the data's scale, not α")
    func overflowBeforeAnyUpdate() throws {
        let network = try Network<Double>(widths: [1, 8, 1], activation: .tanh, seed: 10)
        // ŷ is O(1), y is 1e200: ½(ŷ − y)² overflows for the initial weights.
        let huge = try Dataset(x: sineData().x, y: Matrix(column: sineData().y.elements.map { 1e200 + $0 }))
        for batchSize in [1, 8] {
            var trainer = try Trainer(network: network, configuration: .init(learningRate: 1e-3, batchSize: batchSize))
            let error = #expect(throws: TrainingError.self) { try trainer.train(on: huge, epochs: 1) }
            guard case let .diverged(epoch, batch, _, lastGood, beforeAnyUpdate) = error else {
                Issue.record("expected divergence, got \(String(describing: error))")
                continue
            }
            #expect(epoch == 1 && batch == 1 && lastGood == 0 && beforeAnyUpdate)
            #expect(error?.description.contains("the learning rate is not the cause") == true)
            #expect(error?.description.contains("Scale the data") == true)
            #expect(error?.description.contains("smaller learning rate") == false)
            #expect(trainer.network.parameters == network.parameters)
        }
    }

    @Test("At full batch, a blow-up after the first update still advises a smaller α")
    func fullBatchBlowUpAfterUpdate() throws {
        let network = try Network<Double>(widths: [1, 8, 1], activation: .tanh, seed: 10)
        var trainer = try Trainer(network: network, configuration: .init(learningRate: 1e300, batchSize: nil))
        let error = #expect(throws: TrainingError.self) { try trainer.train(on: sineData(), epochs: 2) }
        guard case let .diverged(epoch, batch, _, lastGood, beforeAnyUpdate) = error else {
            Issue.record("expected divergence, got \(String(describing: error))")
            return
        }
        #expect(epoch == 1 && batch == 1 && lastGood == 0 && !beforeAnyUpdate)
        #expect(error?.description.contains("smaller learning rate") == true)
        #expect(trainer.network.parameters == network.parameters)
    }

    @Test("Bad data and settings are rejected before any update")
    func badInput() throws {
        let network = try Network<Double>(widths: [2, 3, 1])
        var trainer = try Trainer(network: network, configuration: .init())
        #expect(throws: TrainingError.self) { try trainer.train(on: sineData(), epochs: 1) }  // 1 input column, network wants 2
        #expect(trainer.network == network)
        #expect(throws: BackpropError.self) { try Dataset(x: Matrix<Double>(rows: 0, columns: 2), y: Matrix(rows: 0, columns: 1)) }
        #expect(throws: BackpropError.self) { try Dataset(x: Matrix<Double>(column: [1, 2]), y: Matrix(column: [1])) }
        #expect(throws: BackpropError.self) { try Dataset(x: Matrix<Double>(column: [1, .nan]), y: Matrix(column: [1, 2])) }
        #expect(throws: BackpropError.self) { try Trainer(network: network, configuration: .init(learningRate: 0)) }
        #expect(throws: BackpropError.self) { try Trainer(network: network, configuration: .init(learningRate: .nan)) }
        #expect(throws: BackpropError.self) { try Trainer(network: network, configuration: .init(batchSize: 0)) }
        #expect(throws: BackpropError.self) { try Trainer(network: network, configuration: .init(weightDecay: -1)) }
    }

    @Test("Schedules: step, exponential and reduce-on-plateau change α as documented")
    func schedules() {
        let step = LearningRateSchedule.step(every: 2, factor: 0.5)
        var s = ScheduleState(learningRate: 1)
        var rates: [Double] = []
        for epoch in 0..<5 {
            rates.append(s.learningRate)
            s = step.advance(s, afterEpoch: epoch, cost: 1, baseRate: 1)
        }
        #expect(rates == [1, 1, 0.5, 0.5, 0.25])
        let exp = LearningRateSchedule.exponential(factor: 0.9)
        #expect(abs(exp.advance(ScheduleState(learningRate: 1), afterEpoch: 1, cost: 1, baseRate: 1).learningRate - 0.81) < 1e-15)
        let plateau = LearningRateSchedule.reduceOnPlateau(factor: 0.1, patience: 2, minimum: 1e-3)
        var p = ScheduleState(learningRate: 1)
        for (epoch, cost) in [1.0, 0.5, 0.5, 0.5, 0.5, 0.5].enumerated() {
            p = plateau.advance(p, afterEpoch: epoch, cost: cost, baseRate: 1)
        }
        #expect(abs(p.learningRate - 0.01) < 1e-15)
    }

    @Test("The history exports as CSV with a header and one row per epoch")
    func historyCSV() throws {
        var trainer = try Trainer(network: Network<Double>(widths: [1, 3, 1]), configuration: .init())
        let (training, validation) = try sineData().split(validationFraction: 0.25, seed: 3)
        try trainer.train(on: training, validation: validation, epochs: 3)
        let lines = trainer.state.history.csv.split(separator: "\n")
        #expect(lines.first == "epoch,training_J,validation_J,gradient_norm,learning_rate,seconds")
        #expect(lines.count == 4)
        #expect(lines[1].split(separator: ",").count == 6)
        #expect(training.count == 48 && validation!.count == 16)
    }
}
