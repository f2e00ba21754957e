import Foundation
import Testing

@testable import Backprop

/// One way of training: the update rule, the batch size, and the precision.
struct DeterminismCase: CustomTestStringConvertible, Sendable {
    var optimizer: Optimizer
    var batchSize: Int?
    var float: Bool

    var testDescription: String {
        "\(optimizer), batch \(batchSize.map(String.init) ?? "full"), \(float ? "Float" : "Double")"
    }

    /// Every optimiser × batch sizes 1, 5 (not a divisor of the 24 training rows) and full,
    /// in Double and Float.
    static let all: [DeterminismCase] = {
        let optimizers: [Optimizer] = [
            .gradientDescent, .momentum(mu: 0.9, nesterov: false), .momentum(mu: 0.8, nesterov: true), .adam(),
        ]
        return [false, true].flatMap { float in
            optimizers.flatMap { optimizer in
                [1, 5, nil].map { DeterminismCase(optimizer: optimizer, batchSize: $0, float: float) }
            }
        }
    }()

    var configuration: TrainingConfiguration {
        // Shuffling, weight decay, a plateau schedule and early stopping: every piece of state
        // a resumed run must carry over.
        TrainingConfiguration(
            learningRate: 0.02, batchSize: batchSize, shuffle: true, seed: 99, optimizer: optimizer,
            weightDecay: 1e-4, schedule: .reduceOnPlateau(factor: 0.5, patience: 2), tolerance: 1e-12,
            earlyStoppingPatience: 50)
    }
}

/// Two input columns, one output: y = sin(x₁) + x₂² on a seeded sample of 32 rows.
func determinismData<Scalar: NetworkScalar>(_: Scalar.Type) -> (training: Dataset<Scalar>, validation: Dataset<Scalar>) {
    var random = SeededGenerator(seed: 2024)
    var x = [Scalar](), y = [Scalar]()
    for _ in 0..<32 {
        let x1 = 4 * random.uniform() - 2, x2 = 2 * random.uniform() - 1
        x += [Scalar(x1), Scalar(x2)]
        y.append(Scalar(Foundation.sin(x1) + x2 * x2))
    }
    let data = try! Dataset(x: Matrix(rows: 32, columns: 2, elements: x), y: Matrix(rows: 32, columns: 1, elements: y))
    let (training, validation) = try! data.split(validationFraction: 0.25, seed: 7)
    return (training, validation!)
}

/// What two runs must agree on, bit for bit: weights, optimiser moments, schedule, best weights,
/// and every epoch's J (the wall-clock seconds of the history are not compared).
struct TrainingFingerprint: Equatable, CustomStringConvertible {
    var parameters: [UInt64]
    var moments: [UInt64]
    var step: Int
    var learningRate: UInt64
    var bestParameters: [UInt64]?
    var costs: [UInt64]
    var epochs: Int

    init<Scalar: NetworkScalar>(_ network: Network<Scalar>, _ state: TrainingState<Scalar>) {
        func bits(_ values: [Scalar]) -> [UInt64] { values.map { Double($0).bitPattern } }
        parameters = bits(network.parameters)
        moments = bits(state.optimizer.first + state.optimizer.second)
        step = state.optimizer.step
        learningRate = state.schedule.learningRate.bitPattern
        bestParameters = state.bestParameters.map(bits)
        costs = state.history.records.flatMap { [$0.trainingCost.bitPattern, ($0.validationCost ?? .nan).bitPattern] }
        epochs = state.epochsCompleted
    }

    var description: String { "\(epochs) epochs, step \(step), first weights \(parameters.prefix(3))" }
}

@Suite("Reliability: the same seed gives the same model, bit for bit")
struct ReliabilityDeterminismTests {
    let directory: String = {
        let path = NSTemporaryDirectory() + "backprop-determinism-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    func train<Scalar: NetworkScalar>(_: Scalar.Type, _ setting: DeterminismCase, epochs: Int, seed: UInt64 = 11)
        throws -> Trainer<Scalar>
    {
        let (training, validation) = determinismData(Scalar.self)
        let network = try Network<Scalar>(widths: [2, 8, 5, 1], activation: .tanh, seed: seed)
        var trainer = try Trainer(network: network, configuration: setting.configuration)
        try trainer.train(on: training, validation: validation, epochs: epochs)
        return trainer
    }

    /// N epochs straight, and N/2 + save + load + N/2, as fingerprints.
    func straightAndResumed<Scalar: NetworkScalar>(_: Scalar.Type, _ setting: DeterminismCase, epochs: Int)
        throws -> (straight: TrainingFingerprint, resumed: TrainingFingerprint)
    {
        let straight = try train(Scalar.self, setting, epochs: epochs)
        let first = try train(Scalar.self, setting, epochs: epochs / 2)
        let path = directory + "/\(UUID().uuidString).json"
        try Model(network: first.network, configuration: setting.configuration, trainingState: first.state).save(to: path)
        let loaded = try Model<Scalar>.load(from: path)
        let (training, validation) = determinismData(Scalar.self)
        var second = try Trainer(
            network: loaded.network, configuration: try #require(loaded.configuration),
            state: try #require(loaded.trainingState))
        try second.train(on: training, validation: validation, epochs: epochs - epochs / 2)
        return (TrainingFingerprint(straight.network, straight.state), TrainingFingerprint(second.network, second.state))
    }

    @Test("Two runs with the same seeds give bit-identical weights, optimiser state and history", arguments: DeterminismCase.all)
    func sameSeedSameModel(_ setting: DeterminismCase) throws {
        func fingerprint() throws -> TrainingFingerprint {
            if setting.float {
                let trainer = try train(Float.self, setting, epochs: 4)
                return TrainingFingerprint(trainer.network, trainer.state)
            }
            let trainer = try train(Double.self, setting, epochs: 4)
            return TrainingFingerprint(trainer.network, trainer.state)
        }
        let first = try fingerprint(), second = try fingerprint()
        #expect(first == second)
        #expect(first.epochs == 4 && first.step > 0)
    }

    @Test("Another network seed gives another model (the fingerprint is not blind)")
    func otherSeedOtherModel() throws {
        let setting = DeterminismCase(optimizer: .adam(), batchSize: 5, float: false)
        let a = try train(Double.self, setting, epochs: 2, seed: 11)
        let b = try train(Double.self, setting, epochs: 2, seed: 12)
        #expect(TrainingFingerprint(a.network, a.state) != TrainingFingerprint(b.network, b.state))
    }

    @Test("N epochs equal N/2, save, load and N/2 more, bit for bit", arguments: DeterminismCase.all)
    func resumeEqualsStraight(_ setting: DeterminismCase) throws {
        let (straight, resumed) = setting.float
            ? try straightAndResumed(Float.self, setting, epochs: 6)
            : try straightAndResumed(Double.self, setting, epochs: 6)
        #expect(resumed == straight)
        #expect(straight.epochs == 6)
    }

    @Test("An odd N: 7 epochs equal 3, save, load and 4 more")
    func resumeOddEpochs() throws {
        let setting = DeterminismCase(optimizer: .adam(), batchSize: 5, float: false)
        let (straight, resumed) = try straightAndResumed(Double.self, setting, epochs: 7)
        #expect(resumed == straight)
    }

    @Test("Two trainings running at the same time, competing for the GEMM's threads, agree bit for bit")
    func concurrentRunsAgree() async throws {
        // Batch 128 × 256 × 64 = 2²¹ multiply–adds: the GEMM splits the products over the processors.
        var random = SeededGenerator(seed: 5)
        let x = try Matrix(rows: 128, columns: 64, elements: (0..<(128 * 64)).map { _ in random.uniform() - 0.5 })
        let y = try Matrix(rows: 128, columns: 4, elements: (0..<(128 * 4)).map { _ in random.uniform() })
        let data = try Dataset(x: x, y: y)
        let network = try Network<Double>(widths: [64, 256, 4], activation: .tanh, seed: 1)
        let configuration = TrainingConfiguration(learningRate: 0.05, batchSize: 128, seed: 3, optimizer: .adam())
        let fingerprints = try await withThrowingTaskGroup(of: TrainingFingerprint.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    var trainer = try Trainer(network: network, configuration: configuration)
                    try trainer.train(on: data, epochs: 2)
                    return TrainingFingerprint(trainer.network, trainer.state)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(fingerprints.count == 2)
        #expect(fingerprints.allSatisfy { $0 == fingerprints[0] })
    }

    @Test("A training step's products are bit-identical on 1, 2 and 3 GEMM threads (Double)")
    func threadCountsDouble() throws { try checkThreadCounts(Double.self) }

    @Test("A training step's products are bit-identical on 1, 2 and 3 GEMM threads (Float)")
    func threadCountsFloat() throws { try checkThreadCounts(Float.self) }

    /// Runs the network's own forward and backward pass on a batch large enough for the GEMM to
    /// split (256 × 128 × 64 = 2²¹ multiply–adds in layer 1's products), then recomputes each
    /// product the pass made — z_k = a_(k−1) W_kᵀ + b_k, ∂J/∂W_k = δ_kᵀ a_(k−1),
    /// e_(k−1) = δ_k W_k — from the pass's own operands on 1, 2 and 3 threads. Every bit must agree: then a whole
    /// training run, which is a sequence of such steps, does not depend on the thread count.
    func checkThreadCounts<T: GEMMTestScalar>(_: T.Type) throws {
        let widths = [64, 128, 8], batch = 256
        var random = SeededGenerator(seed: 17)
        let network = try Network<T>(widths: widths, activation: .tanh, seed: 4)
        let x = try Matrix(rows: batch, columns: widths[0], elements: (0..<(batch * widths[0])).map { _ in T(random.uniform() - 0.5) })
        let y = try Matrix(rows: batch, columns: widths[2], elements: (0..<(batch * widths[2])).map { _ in T(random.uniform()) })
        let (_, gradient, trace) = try network.gradient(x: x, y: y)

        for k in 1...network.depth {
            let layer = network.layers[k - 1]
            let (inputs, outputs) = (layer.inputWidth, layer.outputWidth)
            let weight = network.weight(ofLayer: k).elements
            let bias = network.bias(ofLayer: k) ?? []
            let aPrev = trace.a(k - 1).elements, delta = trace.delta(k).elements
            for threads in 1...3 {
                // z_k = a_(k−1) W_kᵀ, then + b_k as the layer adds it.
                var z = product(T.self, false, true, batch, outputs, inputs, aPrev, inputs, weight, inputs, threads)
                for row in 0..<batch { for j in 0..<outputs { z[row * outputs + j] = z[row * outputs + j] + bias[j] } }
                #expect(z.map(\.bitPattern) == trace.z(k).elements.map(\.bitPattern), "z_\(k), \(threads) threads")
                // ∂J/∂W_k = δ_kᵀ a_(k−1)
                let gW = product(T.self, true, false, outputs, inputs, batch, delta, outputs, aPrev, inputs, threads)
                #expect(gW.map(\.bitPattern) == gradient.weight(ofLayer: k).elements.map(\.bitPattern), "∂J/∂W_\(k), \(threads) threads")
                // e_(k−1) = δ_k W_k (e_0 = ∂J/∂x included)
                let e = product(T.self, false, false, batch, inputs, outputs, delta, outputs, weight, inputs, threads)
                #expect(e.map(\.bitPattern) == trace.e(k - 1).elements.map(\.bitPattern), "e_\(k - 1), \(threads) threads")
            }
        }
    }

    /// `op(A) op(B)` (m × n) on exactly `threads` threads: the GEMM's internal thread-count path,
    /// with the micro-kernel `gemm` picks on this CPU.
    func product<T: GEMMTestScalar>(
        _: T.Type, _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int,
        _ a: [T], _ lda: Int, _ b: [T], _ ldb: Int, _ threads: Int
    ) -> [T] {
        var c = [T](repeating: .nan, count: m * n)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    let problem = GEMMProblem(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                        a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb, beta: 0,
                        c: c.baseAddress!, ldc: n)
                    // As `gemm` does, with the thread count forced and the kernel it chooses.
                    if !problem.finishedWithoutKernel() { problem.runParallel(threads: threads, isa: .best) }
                }
            }
        }
        return c
    }
}
