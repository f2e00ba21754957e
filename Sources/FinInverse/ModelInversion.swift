import Backprop
import FinHeatTransfer

/// An inverse problem posed on any trained model: find the input columns u that are unknown
/// (one value shared by every row) from the observed outputs y of N rows whose other inputs
/// x_known are known, by backpropagation to the model's inputs.
///
/// Row n's input is x_n = (x_known,n, u) and its prediction ŷ_n = model(x_n). Levenberg–Marquardt
/// minimises, in raw units through the model's scalers,
///
///     S(u) = ½ Σ_(n, k) r_(n, k)²,   r_(n, k) = (ŷ_(n, k)(u) − y_(n, k)) / σ_n
///
/// (σ_n = 1 and σ estimated from the residuals when no σ is given), with the Jacobian from one
/// backward pass per output with `e_L` = the unit vector of output k
/// (``Backprop/Model/outputAndInputJacobians(_:)``): u enters every row, so
///
///     ∂r_(n, k)/∂u_j = (∂ŷ_(n, k)/∂x_(n, c_j)) / σ_n,   c_j = u_j's input column
///
/// and the gradient of S is that column summed over the rows, ∂S/∂u_j = Σ_(n, k) r_(n, k) ∂r_(n, k)/∂u_j.
/// No finite differences. The search stays inside the bounds (a trial step outside them is
/// rejected like a worse one) and starts from several points spread over them; the lowest S wins.
public struct ModelInversion: Sendable {
    /// The trained model, frozen.
    public let model: Model<Double>
    /// The model's input columns (0-based) that are unknown, in the order of the estimate.
    public let unknownColumns: [Int]
    /// The model's input columns that are known per row, in the order of `known`'s columns.
    public let knownColumns: [Int]
    /// x_known, N × knownColumns.count, raw units.
    public let known: Matrix<Double>
    /// y, N × outputs, raw units (the model's output columns, in its order).
    public let observed: Matrix<Double>
    /// σ_n of each row's outputs (raw output units), or nil to estimate σ from the residuals.
    public let sigmas: [Double]?
    /// The search box, one range per unknown.
    public let bounds: [ClosedRange<Double>]
    /// Whether `bounds` came from the model's training range (not given by the user).
    public let boundsAreTrainingRange: Bool

    /// The model's input names of the unknowns.
    public var unknownNames: [String] { unknownColumns.map { model.inputNames[$0] } }
    /// N, the rows.
    public var rowCount: Int { observed.rows }

    /// Poses the problem, checking what came from outside.
    ///
    /// - Parameters:
    ///   - model: the trained model.
    ///   - unknown: names of the unknown inputs (at least one).
    ///   - known: names of the known inputs, the columns of `knownValues`; every input of the
    ///     model is either known or unknown.
    ///   - knownValues: N × known.count raw values (N × 0 when every input is unknown).
    ///   - observed: N × outputs raw observations, the model's outputs in its order.
    ///   - sigmas: σ_n per row, finite and > 0, or nil.
    ///   - bounds: one [lo, hi] per unknown, lo < hi; nil to use the model's training range
    ///     (``Backprop/Model/trainingInputRanges``).
    /// - Throws: ``FinInverseError/invalidSetting(name:value:expected:)`` for names, bounds or
    ///   σ that do not fit, ``FinInverseError/invalidMeasurements(_:)`` for data of the wrong
    ///   shape, non-finite values, or fewer residuals than unknowns + 1.
    public init(
        model: Model<Double>, unknown: [String], known: [String], knownValues: Matrix<Double>,
        observed: Matrix<Double>, sigmas: [Double]? = nil, bounds: [ClosedRange<Double>]? = nil
    ) throws(FinInverseError) {
        let inputs = model.inputNames
        guard !unknown.isEmpty else {
            throw .invalidSetting(name: "unknown inputs", value: "none", expected: "at least one of the model's inputs \(inputs)")
        }
        for name in unknown + known where !inputs.contains(name) {
            throw .invalidSetting(name: "input", value: "\"\(name)\"", expected: "one of the model's inputs \(inputs)")
        }
        if let repeated = (unknown + known).enumerated().first(where: { (unknown + known)[..<$0.offset].contains($0.element) }) {
            throw .invalidSetting(name: "input", value: "\"\(repeated.element)\"", expected: "each input named once, as unknown or as known")
        }
        let missing = inputs.filter { !unknown.contains($0) && !known.contains($0) }
        guard missing.isEmpty else {
            throw .invalidSetting(name: "inputs neither known nor unknown", value: "\(missing)",
                                  expected: "every input of the model either known (a column of the data) or unknown")
        }
        let n = observed.rows
        guard knownValues.rows == n, knownValues.columns == known.count else {
            throw .invalidMeasurements("the known inputs are \(knownValues.rows) × \(knownValues.columns); expected \(n) × \(known.count) (one row per observation)")
        }
        guard observed.columns == model.network.outputWidth else {
            throw .invalidMeasurements("the observations have \(observed.columns) columns; expected the model's \(model.network.outputWidth) outputs \(model.outputNames)")
        }
        guard n * observed.columns >= unknown.count + 1 else {
            throw .invalidMeasurements("\(n) rows × \(observed.columns) outputs = \(n * observed.columns) observations for \(unknown.count) unknowns; need at least \(unknown.count + 1) to estimate them and their uncertainty")
        }
        if let i = knownValues.elements.firstIndex(where: { !$0.isFinite }) {
            throw .invalidMeasurements("known input \"\(known[i % known.count])\" of row \(i / known.count + 1) is \(knownValues.elements[i]); expected a finite number")
        }
        if let i = observed.elements.firstIndex(where: { !$0.isFinite }) {
            throw .invalidMeasurements("output \"\(model.outputNames[i % observed.columns])\" of row \(i / observed.columns + 1) is \(observed.elements[i]); expected a finite number")
        }
        if let sigmas {
            guard sigmas.count == n else {
                throw .invalidMeasurements("\(sigmas.count) values of σ for \(n) rows; expected one per row")
            }
            if let i = sigmas.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
                throw .invalidSetting(name: "σ of row \(i + 1)", value: "\(sigmas[i])", expected: "a finite number > 0 (the noise of that row's outputs)")
            }
        }
        let unknownColumns = unknown.map { inputs.firstIndex(of: $0)! }
        let ranges = model.trainingInputRanges
        let box: [ClosedRange<Double>]
        if let bounds {
            guard bounds.count == unknown.count else {
                throw .invalidSetting(name: "bounds", value: "\(bounds.count) ranges", expected: "one per unknown (\(unknown.count))")
            }
            box = bounds
        } else {
            box = try unknownColumns.map { (column: Int) throws(FinInverseError) -> ClosedRange<Double> in
                guard let range = ranges[column] else {
                    throw .invalidSetting(name: "bounds of \(inputs[column])", value: "none",
                                          expected: "a search range: the model does not record the range of \(inputs[column]) it was trained on, so give one")
                }
                return range
            }
        }
        for (name, range) in zip(unknown, box) where !(range.lowerBound.isFinite && range.upperBound.isFinite && range.lowerBound < range.upperBound) {
            throw .invalidSetting(name: "bounds of \(name)", value: "\(range.lowerBound) … \(range.upperBound)",
                                  expected: "finite lo < hi (the training range of a column that never varied is empty: give the bounds)")
        }
        self.model = model
        self.unknownColumns = unknownColumns
        self.knownColumns = known.map { inputs.firstIndex(of: $0)! }
        self.known = knownValues
        self.observed = observed
        self.sigmas = sigmas
        self.bounds = box
        self.boundsAreTrainingRange = bounds == nil
    }

    /// The model's inputs for unknowns u: N × inputs, known columns from the data, u in every row.
    public func inputs(_ u: [Double]) -> Matrix<Double> {
        var x = Matrix<Double>(rows: rowCount, columns: model.network.inputWidth)
        for n in 0..<rowCount {
            for (j, column) in knownColumns.enumerated() { x[n, column] = known[n, j] }
            for (j, column) in unknownColumns.enumerated() { x[n, column] = u[j] }
        }
        return x
    }

    /// r(u) = (ŷ(u) − y)/σ, row-major over (row n, output k); raw ŷ − y when σ is not given.
    ///
    /// - Throws: ``FinInverseError/invalidSetting(name:value:expected:)`` when u is outside the
    ///   bounds (so that Levenberg–Marquardt rejects the step), the engine's error otherwise.
    public func residuals(_ u: [Double]) throws(FinInverseError) -> [Double] {
        try requireInside(u)
        let yHat = try engine { () throws(BackpropError) in try model.predict(inputs(u)) }
        return residuals(yHat: yHat)
    }

    /// J_(i, j) = ∂r_i/∂u_j = (∂ŷ_(n, k)/∂x_(n, c_j)) / σ_n, row-major (N · outputs) × unknowns,
    /// by backprop (one backward pass per output).
    public func jacobian(_ u: [Double]) throws(FinInverseError) -> [Double] {
        let (_, jacobians) = try engine { () throws(BackpropError) in try model.outputAndInputJacobians(inputs(u)) }
        let outputs = observed.columns, p = unknownColumns.count
        var j = [Double](repeating: 0, count: rowCount * outputs * p)
        for n in 0..<rowCount {
            let sigma = sigmas?[n] ?? 1
            for k in 0..<outputs {
                for (a, column) in unknownColumns.enumerated() {
                    j[(n * outputs + k) * p + a] = jacobians[k][n, column] / sigma
                }
            }
        }
        return j
    }

    /// The starting points: a Latin hypercube over the bounds, cell centres
    /// `lo + (π_j(i) + ½)/starts · (hi − lo)` with π_0 the identity (so one unknown gets evenly
    /// spaced starts) and π_j, j ≥ 1, seeded permutations — the same points every run.
    public func startingPoints(count: Int, seed: UInt64 = 1) -> [[Double]] {
        let orders = unknownColumns.indices.map { j in
            j == 0 ? Array(0..<count) : SeededGenerator.permutation(count: count, seed: seed, epoch: j)
        }
        return (0..<count).map { i in
            bounds.enumerated().map { j, range in
                range.lowerBound + (Double(orders[j][i]) + 0.5) / Double(count) * (range.upperBound - range.lowerBound)
            }
        }
    }

    /// Solves the problem from `starts` starting points and keeps the lowest S.
    ///
    /// - Parameters:
    ///   - starts: how many starting points (≥ 1), see ``startingPoints(count:seed:)``.
    ///   - level: the confidence level of the intervals (default 0.95).
    ///   - solver: Levenberg–Marquardt's settings.
    /// - Returns: the estimate, its uncertainty, the residuals, their diagnosis and verdicts.
    /// - Throws: ``FinInverseError`` when starts is out of range or every start failed.
    public func solve(starts: Int = 5, level: Double = 0.95, solver: LevenbergMarquardt = LevenbergMarquardt())
        throws(FinInverseError) -> ModelInversionResult
    {
        try FinInverseError.require(starts, "starts", in: 1...10_000)
        guard level > 0, level < 1 else {
            throw .invalidSetting(name: "confidence level", value: "\(level)", expected: "0 < level < 1")
        }
        var outcomes: [ModelInversionResult.Start] = []
        for initial in startingPoints(count: starts) {
            outcomes.append(run(solver, from: initial))
        }
        guard let best = ModelInversionResult.Start.best(of: outcomes) else {
            throw .invalidMeasurements("every start failed; the first said: \(outcomes[0].failure ?? "?")")
        }
        let u = outcomes[best].estimate!
        let yHat = try engine { () throws(BackpropError) in try model.predict(inputs(u)) }
        let jacobian = try jacobian(u)
        return ModelInversionResult(problem: self, starts: outcomes, best: best, yHat: yHat, jacobian: jacobian, level: level)
    }

    /// One Levenberg–Marquardt run; a singular JᵀJ or no convergence still gives the point reached.
    func run(_ solver: LevenbergMarquardt, from initial: [Double]) -> ModelInversionResult.Start {
        func cost(_ u: [Double]) -> Double? {
            (try? residuals(u)).map { r in r.reduce(0) { $0 + $1 * $1 } / 2 }
        }
        do {
            let fit = try solver.fit(initial: initial, noiseIsKnown: sigmas != nil,
                                     residuals: { try residuals($0) }, jacobian: { try jacobian($0) })
            return .init(initial: initial, estimate: fit.parameters, cost: fit.residualNorm * fit.residualNorm / 2,
                         fit: fit, failure: nil)
        } catch let error as LevenbergMarquardtError {
            switch error {
            case let .singularNormalMatrix(parameters), let .didNotConverge(_, _, parameters):
                return .init(initial: initial, estimate: parameters, cost: cost(parameters), fit: nil, failure: error.description)
            default:
                return .init(initial: initial, estimate: nil, cost: nil, fit: nil, failure: error.description)
            }
        } catch {
            return .init(initial: initial, estimate: nil, cost: nil, fit: nil, failure: "\(error)")
        }
    }

    /// (ŷ − y)/σ per row and output.
    func residuals(yHat: Matrix<Double>) -> [Double] {
        let outputs = observed.columns
        return (0..<(rowCount * outputs)).map { i in
            (yHat.elements[i] - observed.elements[i]) / (sigmas?[i / outputs] ?? 1)
        }
    }

    /// Throws unless every u_j is inside its bounds.
    func requireInside(_ u: [Double]) throws(FinInverseError) {
        for (j, range) in bounds.enumerated() where !(u[j].isFinite && range.contains(u[j])) {
            throw .invalidSetting(name: unknownNames[j], value: "\(u[j])", expected: "a value in \(range.lowerBound) … \(range.upperBound)")
        }
    }

    /// Runs an engine call, wrapping its error.
    func engine<T>(_ body: () throws(BackpropError) -> T) throws(FinInverseError) -> T {
        do { return try body() } catch { throw .engine(error.description) }
    }
}
