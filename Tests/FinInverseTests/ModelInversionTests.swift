import Backprop
import FinHeatTransfer
import Foundation
import Testing
@testable import FinInverse

@Suite("ModelInversion: unknown inputs of any model, by backprop to its inputs")
struct ModelInversionTests {
    /// ŷ = W x + b with identity activation and scalers: the inverse is linear least squares.
    static func linearModel(_ weight: [[Double]], bias: [Double], inputs: [String], outputs: [String],
                            ranges: [ClosedRange<Double>]? = nil) throws -> Model<Double> {
        let network = try Network<Double>(layers: [Layer(weight: try Matrix(weight), bias: bias, activation: .identity)])
        var metadata: [String: String] = [:]
        for (name, range) in zip(inputs, ranges ?? []) {
            metadata[Model<Double>.inputMinimumKey(name)] = "\(range.lowerBound)"
            metadata[Model<Double>.inputMaximumKey(name)] = "\(range.upperBound)"
        }
        return Model(network: network, inputNames: inputs, outputNames: outputs, metadata: metadata)
    }

    /// y = exp(−m x) on x ∈ [0, 1], m ∈ [0.5, 3]: a 2 → 10 → 10 → 1 tanh surrogate trained once.
    static let decay: Model<Double> = {
        var rows: [[Double]] = [], targets: [[Double]] = []
        for i in 0..<15 {
            for j in 0..<15 {
                let x = Double(i) / 14, m = 0.5 + 2.5 * Double(j) / 14
                rows.append([x, m])
                targets.append([Foundation.exp(-m * x)])
            }
        }
        return try! ModelTraining.train(
            x: try! Matrix(rows), y: try! Matrix(targets), inputNames: ["x", "m"], outputNames: ["y"],
            hiddenWidths: [10, 10], activation: .tanh,
            configuration: TrainingConfiguration(learningRate: 0.05, batchSize: 1, seed: 7), epochs: 300, seed: 7).model
    }()

    @Test("a 1-layer identity network: û, SE and the t interval equal the closed form of linear least squares")
    func linearClosedForm() throws {
        // ŷ = 2x + 3u + 0.5; û = mean((y − 2x − 0.5)/3), SE = σ̂/(3√N), σ̂² = Σ r²/(N − 1).
        let model = try Self.linearModel([[2, 3]], bias: [0.5], inputs: ["x", "u"], outputs: ["y"])
        let xs = [0.0, 0.1, 0.3, 0.4, 0.7, 0.9], noise = [0.02, -0.01, 0.03, -0.04, 0.0, 0.01]
        let y = zip(xs, noise).map { 2 * $0 + 3 * 1.7 + 0.5 + $1 }
        let problem = try ModelInversion(model: model, unknown: ["u"], known: ["x"], knownValues: Matrix(column: xs),
                                         observed: Matrix(column: y), bounds: [-10...10])
        let result = try problem.solve(starts: 3)
        let n = Double(xs.count)
        let u = zip(xs, y).map { ($1 - 2 * $0 - 0.5) / 3 }.reduce(0, +) / n
        let r = zip(xs, y).map { 2 * $0 + 3 * u + 0.5 - $1 }
        let se = (r.reduce(0) { $0 + $1 * $1 } / (n - 1)).squareRoot() / (3 * n.squareRoot())
        #expect(abs(result.estimates[0] - u) <= 1e-9)
        #expect(abs(result.standardErrors[0] - se) <= 1e-9 * se)
        let q = Distributions.studentTQuantile(0.975, degreesOfFreedom: n - 1)
        let interval = try #require(result.intervals[0])
        #expect(abs(interval.upperBound - (u + q * se)) <= 1e-9)
        #expect(result.identifiable)
        #expect(result.otherMinima.isEmpty)
        #expect(result.edges == [nil])
        for i in 0..<xs.count { #expect(abs(result.residuals[i, 0] - r[i]) <= 1e-9) }
    }

    @Test("two unknowns through two outputs: the estimate, SE and correlation of the closed form")
    func twoUnknowns() throws {
        // y1 = x + a + 2b, y2 = 2x − a + b: per row the design [[1, 2], [−1, 1]], so with σ = 0.1
        // given, C = σ² (N AᵀA)⁻¹ = (σ²/N)(1/9)[[5, −1], [−1, 2]], ρ = −1/√10.
        let model = try Self.linearModel([[1, 1, 2], [2, -1, 1]], bias: [0, 0], inputs: ["x", "a", "b"], outputs: ["y1", "y2"])
        let xs = [0.0, 0.5, 1.0, 1.5], (a, b) = (0.7, -0.3)
        let y = try Matrix(xs.map { [$0 + a + 2 * b, 2 * $0 - a + b] })
        let problem = try ModelInversion(model: model, unknown: ["a", "b"], known: ["x"], knownValues: Matrix(column: xs),
                                         observed: y, sigmas: Array(repeating: 0.1, count: 4), bounds: [-5...5, -5...5])
        let result = try problem.solve(starts: 4)
        #expect(abs(result.estimates[0] - a) <= 1e-9 && abs(result.estimates[1] - b) <= 1e-9)
        let scale = 0.01 / 4 / 9
        #expect(abs(result.standardErrors[0] - (5 * scale).squareRoot()) <= 1e-9)
        #expect(abs(result.standardErrors[1] - (2 * scale).squareRoot()) <= 1e-9)
        #expect(abs(result.correlation[1] - (-1 / 10.0.squareRoot())) <= 1e-9)
        #expect(result.identifiable)
    }

    @Test("the multi-output Jacobian: one backward pass per output matches central differences")
    func multiOutputJacobian() throws {
        var network = try Network<Double>(widths: [3, 4, 2], activation: .tanh, seed: 4)
        network[parameter: 0] += 0.2
        let model = Model(network: network, inputScaler: try Scaler(kind: .standard, shift: [1, 2, 3], scale: [0.5, 2, 4]),
                          outputScaler: try Scaler(kind: .standard, shift: [10, -5], scale: [3, 0.2]))
        let x = try Matrix([[0.7, 2.5, 1.0], [1.4, -1.0, 6.0]])
        let (yHat, jacobians) = try model.outputAndInputJacobians(x)
        #expect(yHat == (try model.predict(x)))
        for k in 0..<2 {
            for n in 0..<2 {
                for j in 0..<3 {
                    var plus = x, minus = x
                    plus[n, j] += 1e-5
                    minus[n, j] -= 1e-5
                    let difference = (try model.predict(plus)[n, k] - model.predict(minus)[n, k]) / 2e-5
                    #expect(abs(jacobians[k][n, j] - difference) <= 1e-6 * max(1, abs(difference)), "output \(k), row \(n), input \(j)")
                }
            }
        }
    }

    @Test("two unknowns that enter only as their sum: the verdict says they cannot be separated, no interval")
    func unidentifiable() throws {
        let model = try Self.linearModel([[1, 1, 1]], bias: [0], inputs: ["x", "a", "b"], outputs: ["y"])
        let xs = [0.0, 0.2, 0.4, 0.6, 0.8]
        let problem = try ModelInversion(model: model, unknown: ["a", "b"], known: ["x"], knownValues: Matrix(column: xs),
                                         observed: Matrix(column: xs.map { $0 + 1.5 + [0.01, -0.02, 0, 0.02, -0.01][Int($0 * 5)] }),
                                         bounds: [-5...5, -5...5])
        let result = try problem.solve(starts: 3)
        #expect(!result.identifiable)
        #expect(result.intervals.allSatisfy { $0 == nil })
        #expect(result.verdicts.contains { $0.contains("cannot separate a and b") }, "\(result.verdicts)")
        #expect(abs(result.estimates[0] + result.estimates[1] - 1.5) <= 1e-6)
    }

    @Test("an input the outputs do not depend on: the verdict says so")
    func insensitive() throws {
        let model = try Self.linearModel([[1, 0]], bias: [0], inputs: ["x", "u"], outputs: ["y"])
        let problem = try ModelInversion(model: model, unknown: ["u"], known: ["x"], knownValues: Matrix(column: [0, 1, 2]),
                                         observed: Matrix(column: [0, 1.1, 2]), bounds: [0...1])
        let result = try problem.solve(starts: 2)
        #expect(!result.identifiable)
        #expect(result.verdicts.contains { $0.contains("do not depend on u") }, "\(result.verdicts)")
    }

    @Test("bounds are respected: data that want u beyond the box give an estimate on the bound, and say so")
    func bounds() throws {
        let model = try Self.linearModel([[1, 1]], bias: [0], inputs: ["x", "u"], outputs: ["y"], ranges: [0...1, 0...2])
        let xs = [0.0, 0.5, 1.0]
        let problem = try ModelInversion(model: model, unknown: ["u"], known: ["x"], knownValues: Matrix(column: xs),
                                         observed: Matrix(column: xs.map { $0 + 3 }))
        #expect(problem.bounds == [0...2])                                   // the training range by default
        let result = try problem.solve(starts: 3)
        #expect(result.estimates[0] <= 2 && result.estimates[0] > 2 - 1e-6)
        #expect(result.edges == [.upper])
        #expect(result.verdicts.contains { $0.contains("sits on its upper bound 2") }, "\(result.verdicts)")
        // --bounds beyond the training range: found, and called an extrapolation.
        let wider = try ModelInversion(model: model, unknown: ["u"], known: ["x"], knownValues: Matrix(column: xs),
                                       observed: Matrix(column: xs.map { $0 + 3 }), bounds: [0...10])
        let outside = try wider.solve(starts: 3)
        #expect(abs(outside.estimates[0] - 3) <= 1e-9)
        #expect(outside.verdicts.contains { $0.contains("extrapolation") }, "\(outside.verdicts)")
    }

    @Test("near the edge of the training range: said so, though inside it")
    func nearEdge() throws {
        let model = try Self.linearModel([[1, 1]], bias: [0], inputs: ["x", "u"], outputs: ["y"], ranges: [0...1, 0...2])
        let xs = [0.0, 0.5, 1.0], noise = [0.01, -0.02, 0.01]
        let problem = try ModelInversion(model: model, unknown: ["u"], known: ["x"], knownValues: Matrix(column: xs),
                                         observed: Matrix(column: zip(xs, noise).map { $0 + 1.95 + $1 }))
        let result = try problem.solve(starts: 2)
        #expect(result.edges == [nil])
        #expect(result.verdicts.contains { $0.contains("near the edge of the model's training range") }, "\(result.verdicts)")
    }

    @Test("two dips of different depth: starts in the shallow one are reported as another local minimum, the deep one wins")
    func localMinima() throws {
        // ŷ = 0.5 d(u; −1) + 0.3 d(u; 1.5), d(u; c) = tanh(5(u − c − ½)) − tanh(5(u − c + ½)): a dip of
        // depth ≈ 0.99 at u = −1 and one of ≈ 0.59 at u = 1.5; every row observes y = −1.
        let hidden = Layer<Double>(weight: try Matrix([[0, 5], [0, 5], [0, 5], [0, 5]]), bias: [2.5, 7.5, -10, -5], activation: .tanh)
        let output = Layer<Double>(weight: try Matrix([[0.5, -0.5, 0.3, -0.3]]), bias: [0], activation: .identity)
        let model = Model(network: try Network(layers: [hidden, output]), inputNames: ["x", "u"], outputNames: ["y"])
        let xs = [0.0, 0.25, 0.5, 0.75, 1.0]
        let problem = try ModelInversion(model: model, unknown: ["u"], known: ["x"], knownValues: Matrix(column: xs),
                                         observed: Matrix(column: xs.map { _ in -1 }), sigmas: Array(repeating: 0.1, count: 5),
                                         bounds: [-3...3])
        let result = try problem.solve(starts: 6)
        #expect(abs(result.estimates[0] + 1) < 0.05)
        #expect(!result.otherMinima.isEmpty, "\(result.starts.map { ($0.initial, $0.estimate, $0.cost, $0.failure) })")
        #expect(result.otherMinima.allSatisfy { abs(result.starts[$0].estimate![0] - 1.5) < 0.1 })
        #expect(result.verdicts.contains { $0.contains("another local minimum") }, "\(result.verdicts)")
        // y = −0.9: the deep dip crosses it twice — two points fit equally well.
        let twice = try ModelInversion(model: model, unknown: ["u"], known: ["x"], knownValues: Matrix(column: xs),
                                       observed: Matrix(column: xs.map { _ in -0.9 }), sigmas: Array(repeating: 0.1, count: 5),
                                       bounds: [-3...3])
        let both = try twice.solve(starts: 6)
        #expect(!both.equallyGood.isEmpty, "\(both.starts.map { ($0.initial, $0.estimate, $0.cost) })")
        #expect(both.verdicts.contains { $0.contains("fits as well") }, "\(both.verdicts)")
    }

    @Test("starting points: evenly spaced for one unknown, a seeded Latin hypercube for several")
    func startingPoints() throws {
        let model = try Self.linearModel([[1, 1, 1]], bias: [0], inputs: ["x", "a", "b"], outputs: ["y"])
        let problem = try ModelInversion(model: model, unknown: ["a", "b"], known: ["x"], knownValues: Matrix(column: [0, 1, 2]),
                                         observed: Matrix(column: [1, 2, 3]), bounds: [0...4, 10...20])
        let points = problem.startingPoints(count: 4)
        #expect(points.map { $0[0] } == [0.5, 1.5, 2.5, 3.5])
        #expect(points.map { $0[1] }.sorted() == [11.25, 13.75, 16.25, 18.75])
        #expect(points == problem.startingPoints(count: 4))
    }

    @Test("bad inputs are refused naming what is wrong")
    func refusals() throws {
        let model = try Self.linearModel([[1, 1]], bias: [0], inputs: ["x", "u"], outputs: ["y"])
        let x = Matrix(column: [0.0, 1.0]), y = Matrix(column: [1.0, 2.0])
        #expect(throws: FinInverseError.self) { try ModelInversion(model: model, unknown: ["h"], known: ["x"], knownValues: x, observed: y, bounds: [0...1]) }
        #expect(throws: FinInverseError.self) { try ModelInversion(model: model, unknown: ["u"], known: [], knownValues: Matrix(rows: 2, columns: 0), observed: y, bounds: [0...1]) }
        #expect(throws: FinInverseError.self) { try ModelInversion(model: model, unknown: ["u"], known: ["x"], knownValues: x, observed: y) }  // no range recorded
        #expect(throws: FinInverseError.self) { try ModelInversion(model: model, unknown: ["u"], known: ["x"], knownValues: x, observed: y, bounds: [1...1]) }
        #expect(throws: FinInverseError.self) { try ModelInversion(model: model, unknown: ["u"], known: ["x"], knownValues: x, observed: y, sigmas: [1, 0], bounds: [0...1]) }
        #expect(throws: FinInverseError.self) { try ModelInversion(model: model, unknown: ["u"], known: ["x"], knownValues: Matrix(column: [0.0]), observed: Matrix(column: [1.0]), bounds: [0...1]) }
        #expect(throws: FinInverseError.self) { try ModelInversion(model: model, unknown: ["u"], known: ["x"], knownValues: x, observed: Matrix(column: [1, .nan]), bounds: [0...1]) }
    }

    @Test("a trained surrogate of y = exp(−m x): m is recovered for random true values, within 3 SE + the surrogate's error")
    func trainedSurrogate() throws {
        let model = Self.decay
        #expect(model.trainingInputRanges[1] == 0.5...3)
        var generator = SeededGenerator(seed: 21)
        let xs = (0..<9).map { Double($0) / 8 }, sigma = 0.005
        for _ in 0..<5 {
            let m = 0.8 + 1.9 * generator.uniform()
            let y = xs.map { Foundation.exp(-m * $0) + sigma * generator.normal() }
            let problem = try ModelInversion(model: model, unknown: ["m"], known: ["x"], knownValues: Matrix(column: xs),
                                             observed: Matrix(column: y), sigmas: Array(repeating: sigma, count: 9))
            let result = try problem.solve(starts: 3)
            #expect(abs(result.estimates[0] - m) <= 3 * result.standardErrors[0] + 0.03,
                    "m = \(m), m̂ = \(result.estimates[0]) ± \(result.standardErrors[0]), verdicts \(result.verdicts)")
            #expect(result.identifiable)
        }
    }
}
