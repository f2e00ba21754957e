import Backprop
import Foundation

/// The benchmark workloads, defined exactly as `bench/README.md` states them so that the
/// PyTorch, NumPy and scikit-learn scripts in `bench/` run the same task from the same weights.
enum BenchWorkloads {
    /// One measured workload, printed as `bench/compare.py` reads it.
    struct Result {
        var workload: String
        var repeats: Int
        var seconds: [Double]
        var unit: String
        var finalCost: Double?
        var gflops: Double?
        var rows: [[String: Any]]?
        /// Workload-specific fields added to the JSON object.
        var extra: [String: Any] = [:]

        func json() -> String {
            var object: [String: Any] = ["workload": workload, "implementation": "backprop",
                                         "threads": ComputeSetup.threads, "kernels": ComputeSetup.kernels]
            if let rows {
                object["rows"] = rows
            } else {
                let sorted = seconds.sorted()
                object["repeats"] = repeats
                object["seconds"] = ["median": median(sorted), "min": sorted.first ?? 0, "max": sorted.last ?? 0]
                object["unit"] = unit
                object["final_J"] = finalCost ?? NSNull()
                object["gflops"] = gflops ?? NSNull()
            }
            object.merge(extra) { $1 }
            // One line (what bench/compare.py reads): the writer escapes line breaks inside
            // strings, so every line break it writes is layout.
            return JSONValue(report: object).serialized()
                .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }
    }

    static func median(_ sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// fin-sgd: 1000 points x_i = i/999, y = cosh(2(1 − x))/cosh 2; 1 → 10 → 10 → 1 sigmoid,
    /// identity output, biases, Double, Xavier (seed 42); per-sample SGD, α = 0.1, shuffled, 20 epochs.
    static func finSGD(epochs: Int = 20) throws -> Result {
        let xs = (0..<1000).map { Double($0) / 999 }
        let ys = xs.map { cosh(2 * (1 - $0)) / cosh(2.0) }
        let data = try Dataset(x: Matrix(column: xs), y: Matrix(column: ys))
        let network = try Network<Double>(widths: [1, 10, 10, 1], activation: .sigmoid, outputActivation: .identity,
                                          bias: true, initialisation: .xavier, seed: 42)
        var trainer = try Trainer(network: network, configuration: .init(
            learningRate: 0.1, batchSize: 1, shuffle: true, seed: 42, evaluatesEveryEpoch: false))
        try trainer.train(on: data, epochs: epochs)
        let cost = Backprop.cost(yHat: try trainer.network.predict(data.x), y: data.y)
        return Result(workload: "fin-sgd", repeats: epochs, seconds: trainer.state.history.records.map(\.seconds),
                      unit: "epoch", finalCost: cost, gflops: nil)
    }

    /// The wide-minibatch data: 60 000 × 64 Float inputs and one output (see bench/README.md).
    static func wideData() throws -> Dataset<Float> {
        let n = 60_000, inputs = 64
        var x = [Float](repeating: 0, count: n * inputs), y = [Float](repeating: 0, count: n)
        for i in 0..<n {
            var total = 0.0
            for j in 0..<inputs {
                let v = Float(sin(0.001 * Double(i * inputs + j) + Double(j)))
                x[i * inputs + j] = v
                total += (j % 2 == 1 ? 1 : -1) * Double(v)
            }
            y[i] = Float(tanh(total / 8))
        }
        return try Dataset(x: Matrix(rows: n, columns: inputs, elements: x), y: Matrix(column: y))
    }

    /// wide-minibatch: 64 → 512 → 512 → 1 tanh, Float, batch 128 in order, SGD α = 0.01, 1 epoch.
    static func wideMinibatch(repeats: Int = 3) throws -> Result {
        let data = try wideData()
        var seconds: [Double] = []
        var cost = 0.0
        for _ in 0..<repeats {
            let network = try Network<Float>(widths: [64, 512, 512, 1], activation: .tanh, outputActivation: .identity,
                                             bias: true, initialisation: .xavier, seed: 42)
            var trainer = try Trainer(network: network, configuration: .init(
                learningRate: 0.01, batchSize: 128, shuffle: false, seed: 42, evaluatesEveryEpoch: false))
            try trainer.train(on: data, epochs: 1)
            seconds.append(trainer.state.history.records[0].seconds)
            // As the NumPy and torch sides: e = ŷ − y in Float, ½ mean e² summed in Double.
            let yHat = try trainer.network.predict(data.x)
            cost = zip(yHat.elements, data.y.elements).reduce(0.0) { sum, pair in
                let e = Double(pair.0 - pair.1)
                return sum + e * e
            } / Double(2 * yHat.rows)
        }
        let flops = 6.0 * 60_000 * Double(64 * 512 + 512 * 512 + 512)
        return Result(workload: "wide-minibatch", repeats: repeats, seconds: seconds, unit: "epoch",
                      finalCost: cost, gflops: flops / median(seconds.sorted()) / 1e9)
    }

    /// fd-vs-backprop: 1 → H → H → 1 sigmoid, one sample (x = 0.5, y = 0.3): the full gradient by
    /// forward differences (1 + P forward passes) against one forward + one backward pass.
    static func fdVersusBackprop(widths: [Int] = [4, 8, 16, 32, 64]) throws -> Result {
        var rows: [[String: Any]] = []
        let x = Matrix<Double>(row: [0.5]), y = Matrix<Double>(row: [0.3])
        for h in widths {
            let network = try Network<Double>(widths: [1, h, h, 1], activation: .sigmoid, outputActivation: .identity,
                                              bias: true, initialisation: .xavier, seed: 42)
            var trace = Trace(for: network, batchSize: 1)
            var gradient = Gradient(for: network)
            let forward = time {
                network.forward(x, into: &trace)
            }
            let backprop = time {
                network.forward(x, into: &trace)
                network.backward(y, trace: &trace, into: &gradient, inputGradient: false)
            }
            var probe = network
            var estimate = [Double](repeating: 0, count: network.parameterCount)
            var passes = 0
            let fd = time {
                passes = CostMeasurement.forwardDifferences(&probe, x: x, y: y, trace: &trace, into: &estimate)
            }
            // Both sides must have computed the gradient, as the NumPy and torch sides check.
            let difference = CostMeasurement.maximumRelativeDifference(gradient.parameters, estimate)
            guard difference < 1e-4 else {
                throw CommandFailure("fd-vs-backprop, H = \(h): forward differences and backprop differ by \(difference) (relative)")
            }
            rows.append(["H": h, "parameters": network.parameterCount, "fd_seconds": fd, "backprop_seconds": backprop,
                         "ratio": fd / backprop, "backprop_in_forward_passes": backprop / forward,
                         "forward_seconds": forward, "fd_forward_passes": passes,
                         "max_relative_difference": difference])
        }
        return Result(workload: "fd-vs-backprop", repeats: 0, seconds: [], unit: "gradient", rows: rows)
    }

    /// memory: 1 000 000 rows × 10 input columns (+ 1 output), Double, MLP 10 → 32 → 1 tanh,
    /// mini-batch 256, one epoch with full evaluation; reports peak resident memory against the
    /// data's size (the target: below 1.5 × data + 64 MiB).
    static func memory(rows: Int = 1_000_000, columns: Int = 10) throws -> Result {
        let baseline = peakResidentBytes()
        var generator = SeededGenerator(seed: 42)
        var x = [Double](repeating: 0, count: rows * columns), y = [Double](repeating: 0, count: rows)
        for i in 0..<rows {
            var s = 0.0
            for j in 0..<columns {
                let v = 2 * generator.uniform() - 1
                x[i * columns + j] = v
                s += v
            }
            y[i] = tanh(s / 4)
        }
        let data = try Dataset(x: Matrix(rows: rows, columns: columns, elements: x), y: Matrix(column: y))
        x = []; y = []
        let network = try Network<Double>(widths: [columns, 32, 1], activation: .tanh, seed: 42)
        var trainer = try Trainer(network: network, configuration: .init(learningRate: 0.01, batchSize: 256, optimizer: .adam()))
        try trainer.train(on: data, epochs: 1)
        let peak = peakResidentBytes()
        let dataBytes = Double((rows * columns + rows) * MemoryLayout<Double>.size)
        let limit = 1.5 * dataBytes + 64 * 1_048_576
        return Result(workload: "memory", repeats: 1, seconds: trainer.state.history.records.map(\.seconds), unit: "epoch",
                      finalCost: trainer.state.history.records.last?.trainingCost, gflops: nil,
                      rows: [["rows": rows, "columns": columns, "data_bytes": dataBytes, "peak_resident_bytes": Double(peak),
                              "baseline_resident_bytes": Double(baseline), "limit_bytes": limit,
                              "within_limit": Double(peak) < limit]])
    }

    /// The process's peak resident set size so far, in bytes (getrusage's ru_maxrss).
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF_VALUE, &usage)
        #if os(Linux)
        return usage.ru_maxrss * 1024
        #else
        return usage.ru_maxrss
        #endif
    }

    /// Median seconds per call of `body`, over 7 batches of calls each lasting ≥ 20 ms.
    static func time(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        var calls = 1
        while true {
            let start = clock.now
            for _ in 0..<calls { body() }
            if (clock.now - start).seconds >= 0.02 { break }
            calls *= 2
        }
        var samples: [Double] = []
        for _ in 0..<7 {
            let start = clock.now
            for _ in 0..<calls { body() }
            samples.append((clock.now - start).seconds / Double(calls))
        }
        return median(samples.sorted())
    }
}

#if os(Linux)
private let RUSAGE_SELF_VALUE = Int32(RUSAGE_SELF.rawValue)
#else
private let RUSAGE_SELF_VALUE = RUSAGE_SELF
#endif
