import Backprop
import FinHeatTransfer
import Foundation

/// What ``ModelInversion/solve(starts:level:solver:)`` found: the estimate of the unknowns with
/// its Gauss–Newton uncertainty, the residuals and their diagnosis, and plain-words verdicts on
/// what the estimate can be trusted for.
///
/// The verdicts say when a number should not be read as confident: the data cannot separate two
/// unknowns (|ρ| > 0.99, or the scaled condition number κ of JᵀJ above 10⁸, or JᵀJ singular), an
/// output does not depend on an unknown, the estimate sits on a bound or near the edge of the
/// model's training range, or lies outside it (an extrapolation), or the starts ended in
/// different local minima.
public struct ModelInversionResult: Sendable {
    /// One Levenberg–Marquardt run from one starting point.
    public struct Start: Sendable {
        /// u₀.
        public let initial: [Double]
        /// Where the run ended (also when JᵀJ was singular there or it did not converge); nil
        /// when it failed outright.
        public let estimate: [Double]?
        /// S = ½ Σ r² at the estimate.
        public let cost: Double?
        /// The fit, when it finished with an invertible JᵀJ.
        public let fit: LeastSquaresFit?
        /// Why the run did not finish normally, if it did not.
        public let failure: String?

        /// The run with the lowest S; among runs within 10⁻⁹ relative of it, one with a fit.
        static func best(of starts: [Start]) -> Int? {
            let ended = starts.indices.filter { starts[$0].cost?.isFinite == true }
            guard let lowest = ended.min(by: { starts[$0].cost! < starts[$1].cost! }) else { return nil }
            let tie = starts[lowest].cost! * (1 + 1e-9) + 1e-300
            return ended.first { starts[$0].fit != nil && starts[$0].cost! <= tie } ?? lowest
        }
    }

    /// Which bound an estimate sits on.
    public enum Edge: String, Sendable {
        case lower, upper
    }

    /// The unknowns' names (the model's input names).
    public let names: [String]
    /// û.
    public let estimates: [Double]
    /// SE_j = √C_jj; NaN when the data do not determine the unknowns.
    public let standardErrors: [Double]
    /// û_j ± q SE_j at ``level`` (Student t when σ is estimated, normal when given); nil when
    /// the data do not determine the unknowns.
    public let intervals: [ClosedRange<Double>?]
    /// The confidence level of the intervals.
    public let level: Double
    /// ρ_ab = C_ab / (SE_a SE_b), row-major p × p; NaN when JᵀJ is singular.
    public let correlation: [Double]
    /// κ of the scaled JᵀJ (∞ when singular).
    public let conditionNumber: Double
    /// Whether the data determine every unknown (no verdict of inseparable or insensitive unknowns).
    public let identifiable: Bool
    /// The search box and the model's training range of each unknown.
    public let bounds: [ClosedRange<Double>], trainingRanges: [ClosedRange<Double>?]
    /// The bound each estimate sits on (within 10⁻⁶ of the box's width), if any.
    public let edges: [Edge?]
    /// ŷ at û and the observations y, N × outputs, raw units.
    public let yHat: Matrix<Double>, observed: Matrix<Double>
    /// σ_n per row as given, or nil (then σ̂ from the residuals).
    public let sigmas: [Double]?
    /// (ŷ − y)/σ_n per row and output, N × outputs (σ̂ when σ is estimated).
    public let standardizedResiduals: Matrix<Double>
    /// Σ r²/ν with r in units of σ (noise given), or σ̂² (estimated, then in output units²).
    public let reducedChiSquared: Double
    /// ν = N · outputs − unknowns.
    public let degreesOfFreedom: Int
    /// The residuals' diagnosis (bad reading, misfit, pattern), rows ordered along ``positionName``.
    public let diagnosis: ResidualDiagnosis
    /// What the rows are ordered along for the diagnosis: the first known input, or "row".
    public let positionName: String
    /// Every start, and which one is reported.
    public let starts: [Start], best: Int
    /// The starts that ended at a different point with a higher S (other local minima).
    public let otherMinima: [Int]
    /// The starts that ended at a different point with the same S (û is not unique).
    public let equallyGood: [Int]
    /// Jacobian evaluations of the reported run.
    public var iterations: Int { starts[best].fit?.iterations ?? 0 }
    /// What the estimate can and cannot be trusted for, in plain words; the diagnosis's
    /// findings are among them.
    public let verdicts: [String]

    /// r = ŷ − y, N × outputs, raw units.
    public var residuals: Matrix<Double> {
        try! Matrix(rows: yHat.rows, columns: yHat.columns,
                    elements: zip(yHat.elements, observed.elements).map { $0 - $1 })
    }

    /// N, the rows.
    public var rowCount: Int { observed.rows }

    init(problem: ModelInversion, starts: [Start], best: Int, yHat: Matrix<Double>, jacobian: [Double], level: Double) {
        let p = problem.unknownColumns.count, names = problem.unknownNames
        let start = starts[best], u = start.estimate!
        let m = yHat.elements.count
        self.names = names
        self.estimates = u
        self.level = level
        self.bounds = problem.bounds
        self.trainingRanges = problem.unknownColumns.map { problem.model.trainingInputRanges[$0] }
        self.yHat = yHat
        self.observed = problem.observed
        self.sigmas = problem.sigmas
        self.starts = starts
        self.best = best
        self.degreesOfFreedom = m - p
        var verdicts: [String] = []

        // Can the data tell the unknowns apart? D_a = Σ_i J_ia² (zero: no output depends on u_a).
        let columnSquares = (0..<p).map { a in (0..<m).reduce(0.0) { $0 + jacobian[$1 * p + a] * jacobian[$1 * p + a] } }
        let largest = columnSquares.max() ?? 0
        let insensitive = (0..<p).filter { columnSquares[$0] <= 1e-24 * largest || columnSquares[$0] == 0 }
        var inseparable: [(Int, Int, Double)] = []
        if let fit = start.fit {
            correlation = fit.correlation
            conditionNumber = fit.conditionNumber
            for a in 0..<p { for b in (a + 1)..<p where abs(fit.correlation[a * p + b]) > 0.99 {
                inseparable.append((a, b, fit.correlation[a * p + b]))
            } }
        } else {
            correlation = Array(repeating: .nan, count: p * p)
            conditionNumber = .infinity
            // JᵀJ singular: the pairs whose sensitivity columns are (nearly) parallel.
            for a in 0..<p where !insensitive.contains(a) {
                for b in (a + 1)..<p where !insensitive.contains(b) {
                    let cross = (0..<m).reduce(0.0) { $0 + jacobian[$1 * p + a] * jacobian[$1 * p + b] }
                    let cosine = cross / (columnSquares[a] * columnSquares[b]).squareRoot()
                    if abs(cosine) > 0.99 { inseparable.append((a, b, -cosine)) }
                }
            }
        }
        for a in insensitive {
            verdicts.append("the outputs do not depend on \(names[a]) at these rows (∂ŷ/∂\(names[a]) = 0): it cannot be estimated from them")
        }
        for (a, b, rho) in inseparable {
            verdicts.append("the data cannot separate \(names[a]) and \(names[b]) (ρ = " + String(format: "%+.4f", rho)
                + "): only a combination of them is determined, not each; make one of them --known, or add rows that tell them apart")
        }
        let conditioned = conditionNumber <= 1e8
        if insensitive.isEmpty, inseparable.isEmpty, !conditioned {
            verdicts.append("the data can hardly tell the unknowns \(names.joined(separator: ", ")) apart (κ = "
                + (conditionNumber.isFinite ? String(format: "%.2g", conditionNumber) : "∞")
                + "): no interval is given; fix some of them or add rows that tell them apart")
        }
        identifiable = insensitive.isEmpty && inseparable.isEmpty && conditioned && start.fit != nil
        if identifiable, let fit = start.fit {
            standardErrors = fit.standardErrors
            intervals = (0..<p).map { fit.confidenceInterval(for: $0, level: level) }
        } else {
            standardErrors = Array(repeating: .nan, count: p)
            intervals = Array(repeating: nil, count: p)
        }

        // Bounds, and the training range (where the model interpolates).
        edges = (0..<p).map { j in
            let range = problem.bounds[j], tolerance = 1e-6 * (range.upperBound - range.lowerBound)
            if u[j] - range.lowerBound <= tolerance { return .lower }
            if range.upperBound - u[j] <= tolerance { return .upper }
            return nil
        }
        for j in 0..<p {
            let value = names[j] + " = " + String(format: "%.6g", u[j])
            let trained = trainingRanges[j]
            let trainedText = trained.map { String(format: "%.6g … %.6g", $0.lowerBound, $0.upperBound) }
            if let trained, !trained.contains(u[j]) {
                verdicts.append("\(value) lies outside the range the model was trained on (\(trainedText!)): an extrapolation, which the model may get badly wrong")
            }
            if let edge = edges[j] {
                let bound = edge == .lower ? problem.bounds[j].lowerBound : problem.bounds[j].upperBound
                let where_ = problem.boundsAreTrainingRange ? "the end of the model's training range" : "the --bounds given"
                verdicts.append("\(value) sits on its \(edge.rawValue) bound " + String(format: "%.6g", bound)
                    + " (\(where_)): the data want a value beyond it, so this is not a minimum and its interval means little"
                    + (problem.boundsAreTrainingRange ? "; widen --bounds only if you trust the model to extrapolate" : ""))
            } else if let trained, trained.contains(u[j]) {
                let width = trained.upperBound - trained.lowerBound
                if u[j] - trained.lowerBound <= 0.05 * width || trained.upperBound - u[j] <= 0.05 * width {
                    verdicts.append("\(value) is near the edge of the model's training range (\(trainedText!)), where it has seen the fewest rows and is least reliable")
                }
            }
        }

        // Other minima: starts that ended elsewhere (beyond 0.1 % of the box in some unknown),
        // with a higher S (a local minimum) or the same S (the data do not single out û).
        let bestCost = start.cost!, tolerance = bestCost * 1e-6 + 1e-12
        let elsewhere = starts.indices.filter { i in
            guard i != best, let e = starts[i].estimate, starts[i].cost?.isFinite == true else { return false }
            return (0..<p).contains { j in abs(e[j] - u[j]) > 1e-3 * (problem.bounds[j].upperBound - problem.bounds[j].lowerBound) }
        }
        otherMinima = elsewhere.filter { starts[$0].cost! > bestCost + tolerance }
        equallyGood = elsewhere.filter { starts[$0].cost! <= bestCost + tolerance }
        func point(_ e: [Double]) -> String {
            zip(names, e).map { "\($0) = " + String(format: "%.6g", $1) }.joined(separator: ", ")
        }
        if let worst = otherMinima.first {
            verdicts.append("\(otherMinima.count) of \(starts.count) starts ended in another local minimum (e.g. "
                + point(starts[worst].estimate!)
                + ", S = " + String(format: "%.4g", starts[worst].cost!) + " against " + String(format: "%.4g", bestCost)
                + " here): the misfit has several minima inside the bounds; the lowest is reported")
        }
        if let other = equallyGood.first, inseparable.isEmpty {
            verdicts.append("\(equallyGood.count) of \(starts.count) starts ended at another point that fits as well ("
                + point(starts[other].estimate!) + "): the data do not single out one value; narrow --bounds or add rows")
        }
        if start.fit == nil, let failure = start.failure, !failure.contains("singular") {
            verdicts.append("Levenberg–Marquardt did not finish normally: \(failure)")
        }

        // Residuals: standardised, and diagnosed along the first known input (or the row index).
        let n = problem.rowCount, outputs = problem.observed.columns
        var raw = [Double](repeating: 0, count: m)
        for i in 0..<m { raw[i] = yHat.elements[i] - problem.observed.elements[i] }
        let sigmaHat = (raw.reduce(0) { $0 + $1 * $1 } / Double(max(m - p, 1))).squareRoot()
        standardizedResiduals = try! Matrix(rows: n, columns: outputs, elements: (0..<m).map { i in
            let scale = problem.sigmas?[i / outputs] ?? sigmaHat
            return scale > 0 ? raw[i] / scale : 0
        })
        let scaled = raw.indices.map { raw[$0] / (problem.sigmas?[$0 / outputs] ?? 1) }
        reducedChiSquared = scaled.reduce(0) { $0 + $1 * $1 } / Double(max(m - p, 1))
        let positions: [Double] = problem.knownColumns.isEmpty
            ? (0..<n).map { Double($0 + 1) } : (0..<n).map { problem.known[$0, 0] }
        positionName = problem.knownColumns.isEmpty ? "row" : problem.model.inputNames[problem.knownColumns[0]]
        let order = (0..<n).sorted { positions[$0] < positions[$1] }
        var orderedResiduals: [Double] = [], orderedSigmas: [Double] = [], orderedPositions: [Double] = [], labels: [String] = []
        for k in 0..<outputs {
            for row in order {
                orderedResiduals.append(raw[row * outputs + k])
                orderedSigmas.append(problem.sigmas?[row] ?? 1)
                orderedPositions.append(positions[row])
                labels.append("row \(row + 1)" + (problem.knownColumns.isEmpty ? "" : " (\(positionName) = " + String(format: "%.4g", positions[row]) + ")")
                    + (outputs > 1 ? ", output \(problem.model.outputNames[k])" : ""))
            }
        }
        diagnosis = ResidualDiagnosis(
            residuals: orderedResiduals, sigmas: problem.sigmas == nil ? nil : orderedSigmas, parameterCount: p,
            positions: orderedPositions, unit: "",
            wording: .init(readingLabels: labels, along: positionName,
                           badReadingAdvice: "check that row, or leave it out",
                           patternAdvice: "the model does not reproduce how the outputs vary with \(positionName) — check the known inputs, or whether the model fits these data"))
        verdicts += diagnosis.findings.map(\.message)
        self.verdicts = verdicts
    }
}
