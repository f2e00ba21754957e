import ArgumentParser
import Backprop
import BackpropData
import FinHeatTransfer
import FinInverse
import Foundation

/// `backprop invert`: the unknown input(s) of a trained model that best explain observed outputs,
/// by Levenberg–Marquardt with the Jacobian from backprop to the model's inputs.
struct InvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invert",
        abstract: "Find a model's unknown input(s) from observed outputs, by backprop to its inputs.",
        discussion: """
        Every row of --data holds the known inputs x and the observed outputs y (the
        model's output columns, by name); the unknown inputs u are one value shared by
        all rows. In raw units, through the model's scalers, Levenberg–Marquardt
        minimises
          S(u) = ½ Σ_n Σ_k ((ŷ_nk(x_n, u) − y_nk) / σ_n)²
        with ∂ŷ_nk/∂u from one backward pass per output (e_L = unit column k; e_0 is
        the row's ∂ŷ/∂x, of which u's columns are used). No finite differences.

        Bounds: by default the range of each unknown the model was trained on (backprop
        train records it); the search never leaves the bounds, and an estimate on a
        bound or near the edge of the training range is said to be one. --bounds may
        widen them (an extrapolation, said so). Starts: --starts points spread over the
        bounds (evenly for one unknown, a seeded Latin hypercube for several); the
        lowest S is reported, and starts that ended in other minima (or at other
        points that fit as well) are named.

        Noise: --sigma or --sigma-column gives σ (in the outputs' units): the interval
        then uses the normal quantile and reduced χ² = 2S/ν tests the fit. Without
        them σ is estimated from the residuals (Student t with ν = N·outputs − unknowns).
        When the data cannot separate two unknowns (|ρ| > 0.99 or κ > 1e8) no interval
        is given, and the verdict says so.

        --output writes, per row, the known inputs and for each output NAME:
        NAME, NAME_predicted, NAME_residual (ŷ − y) and NAME_standardized.

        --json prints one object:
          model, data, rows, known, outputs: strings and the row count;
          unknowns: [{name, estimate, standard_error, interval: [lo, hi] or null,
            bounds: [lo, hi], training_range: [lo, hi] or null,
            at_bound: "lower" | "upper" | null}];
          level (0.95), identifiable (bool), correlation (p × p rows),
          condition_number (null if singular);
          noise: {known (bool), sigma (number or null), sigma_column (or null)};
          reduced_chi_squared, degrees_of_freedom, chi_squared_p_value (null when σ
            is estimated);
          iterations, starts: [{initial, estimate, cost, failure}], best_start,
            other_minima (starts that ended in a higher minimum), equally_good
            (starts that ended elsewhere with the same S), both indices into starts;
          predictions, residuals, standardized_residuals (N × outputs rows);
          findings: [{kind, message}] (the residual diagnosis), verdicts (strings,
            the findings among them), output (path or null).
        Non-finite numbers are null.
        """)

    @Option(help: "The model file written by backprop train.")
    var model: String
    @Option(help: "The data file: the known input columns and the observed output columns, by the model's names, one row per observation.")
    var data: String
    @Option(help: "The unknown input(s), by the model's input names, comma separated (e.g. h or a,b): one value each, shared by all rows.")
    var unknown: String
    @Option(help: "The known input(s), columns of --data, comma separated (default: the model's other inputs).")
    var known: String?
    @Option(help: "Search range of an unknown in its raw units, NAME=LO:HI (repeat or comma separate; default: the model's training range).")
    var bounds: [String] = []
    @Option(help: "Starting points spread over the bounds (default 5).")
    var starts: Int = 5
    @Option(help: "The noise σ of every observed output, in the outputs' units (default: estimated from the residuals).")
    var sigma: Double?
    @Option(help: "A column of --data holding each row's σ, in the outputs' units.")
    var sigmaColumn: String?
    @Option(help: "Write the residuals per row and output to this CSV file.")
    var output: String?
    @Flag(help: "Print JSON (schema in the discussion above).")
    var json = false

    func validate() throws {
        guard (1...10_000).contains(starts) else { throw ValidationError("--starts must be between 1 and 10000, got \(starts)") }
        if let sigma { guard sigma.isFinite, sigma > 0 else { throw ValidationError("--sigma must be a finite number > 0 (the noise in the outputs' units), got \(sigma)") } }
        if sigma != nil, sigmaColumn != nil { throw ValidationError("give --sigma or --sigma-column, not both") }
        guard !Self.names(unknown).isEmpty else { throw ValidationError("--unknown: name at least one input of the model, e.g. --unknown h") }
        _ = try Self.parseBounds(bounds)
    }

    func run() throws {
        print(try render())
    }

    /// Reads, solves, writes --output if asked, and returns what the command prints.
    func render() throws -> String {
        try checkWritable([("--output", output)])
        let (problem, knownNames) = try pose()
        let result: ModelInversionResult
        do {
            result = try problem.solve(starts: starts)
        } catch {
            throw Self.failure(error)
        }
        if let output { try write(result, knownNames: knownNames, problem: problem, to: output) }
        return json ? jsonText(result, problem: problem, knownNames: knownNames) : text(result, problem: problem, knownNames: knownNames)
    }

    /// The problem from the flags and the data file.
    func pose() throws -> (ModelInversion, [String]) {
        let model = try ModelLoading.load(self.model)
        let inputs = model.inputNames
        let unknownNames = Self.names(unknown)
        for name in unknownNames where !inputs.contains(name) {
            throw ValidationError("--unknown \(name): not an input of \(self.model); its inputs are " + inputs.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        let knownNames = known.map(Self.names) ?? inputs.filter { !unknownNames.contains($0) }
        for name in knownNames where !inputs.contains(name) {
            throw ValidationError("--known \(name): not an input of \(self.model); its inputs are " + inputs.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        if let both = knownNames.first(where: unknownNames.contains) {
            throw ValidationError("\"\(both)\" is named both --known and --unknown")
        }
        let missing = inputs.filter { !unknownNames.contains($0) && !knownNames.contains($0) }
        guard missing.isEmpty else {
            throw ValidationError("the model's input(s) " + missing.map { "\"\($0)\"" }.joined(separator: ", ")
                + " are neither --known nor --unknown; the model needs every input")
        }
        var box: [ClosedRange<Double>]? = nil
        let given = try Self.parseBounds(bounds)
        for name in given.keys where !unknownNames.contains(name) {
            throw ValidationError("--bounds \(name)=…: \"\(name)\" is not an --unknown (\(unknownNames.joined(separator: ", ")))")
        }
        if !given.isEmpty || unknownNames.contains(where: { model.trainingInputRanges[inputs.firstIndex(of: $0)!] == nil }) {
            box = try unknownNames.map { name in
                if let range = given[name] { return range }
                if let range = model.trainingInputRanges[inputs.firstIndex(of: name)!] { return range }
                throw ValidationError("--bounds: \(self.model) does not record the range of \"\(name)\" it was trained on; give --bounds \(name)=LO:HI")
            }
        }

        // The rows: known inputs, observed outputs, σ — only these columns are read.
        let reader = try CSVReader.open(data)
        let knownColumns = try reader.columnIndices(named: knownNames, role: "known input")
        let outputColumns = try reader.columnIndices(named: model.outputNames, role: "output")
        if let sigmaColumn, !reader.hasColumns(named: [sigmaColumn]) {
            throw CommandFailure("\(data): --sigma-column \"\(sigmaColumn)\" is not in the file; its columns are "
                + reader.columnNames.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        let sigmaColumns = try sigmaColumn.map { try reader.columnIndices(named: [$0], role: "σ") } ?? []
        let groups = [knownColumns, outputColumns, sigmaColumns].filter { !$0.isEmpty }
        var matrices = try reader.readMatrices(columns: groups)
        let sigmaValues = sigmaColumns.isEmpty ? nil : matrices.removeLast().elements
        let observed = matrices.removeLast()
        let knownValues = knownColumns.isEmpty ? Matrix<Double>(rows: observed.rows, columns: 0) : matrices[0]
        if let sigmaValues, let row = sigmaValues.firstIndex(where: { !($0 > 0) }) {
            throw CommandFailure("\(data): data row \(row + 1), column \"\(sigmaColumn!)\": σ = \(sigmaValues[row]); expected a number > 0 (the noise of that row's outputs)")
        }
        let sigmas = sigmaValues ?? sigma.map { Array(repeating: $0, count: observed.rows) }
        do {
            let problem = try ModelInversion(model: model, unknown: unknownNames, known: knownNames, knownValues: knownValues,
                                             observed: observed, sigmas: sigmas, bounds: box)
            return (problem, knownNames)
        } catch {
            throw Self.failure(error)
        }
    }

    /// The library's complaint as the command reports it: a setting is usage (2), data a failure (1).
    static func failure(_ error: FinInverseError) -> Error {
        if case .invalidSetting = error { return ValidationError(error.description) }
        return CommandFailure(error.description)
    }

    /// "a, b" → ["a", "b"].
    static func names(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// ["h=1:100", "a=0:1,b=-2:2"] → [h: 1…100, a: 0…1, b: −2…2].
    static func parseBounds(_ values: [String]) throws -> [String: ClosedRange<Double>] {
        var result: [String: ClosedRange<Double>] = [:]
        for item in values.flatMap({ $0.split(separator: ",") }) {
            let text = item.trimmingCharacters(in: .whitespaces)
            let parts = text.split(separator: "=", maxSplits: 1)
            let limits = parts.count == 2 ? parts[1].split(separator: ":", omittingEmptySubsequences: false) : []
            guard parts.count == 2, limits.count == 2,
                  let lo = Double(limits[0].trimmingCharacters(in: .whitespaces)),
                  let hi = Double(limits[1].trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--bounds '\(text)': expected NAME=LO:HI, e.g. h=1:100")
            }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            guard lo.isFinite, hi.isFinite, lo < hi else {
                throw ValidationError("--bounds '\(text)': the range is empty or not finite; expected finite LO < HI")
            }
            guard result[name] == nil else { throw ValidationError("--bounds: \"\(name)\" is given twice") }
            result[name] = lo...hi
        }
        return result
    }

    // MARK: Output

    /// The residual table's columns: the known inputs, then NAME, NAME_predicted, NAME_residual,
    /// NAME_standardized per output.
    static func residualColumns(known: [String], outputs: [String]) -> [String] {
        known + outputs.flatMap { [$0, $0 + "_predicted", $0 + "_residual", $0 + "_standardized"] }
    }

    static func fill(_ row: Int, _ r: ModelInversionResult, _ problem: ModelInversion, into values: inout [Double]) {
        var c = 0
        for j in 0..<problem.known.columns { values[c] = problem.known[row, j]; c += 1 }
        for k in 0..<r.observed.columns {
            values[c] = r.observed[row, k]
            values[c + 1] = r.yHat[row, k]
            values[c + 2] = r.yHat[row, k] - r.observed[row, k]
            values[c + 3] = r.standardizedResiduals[row, k]
            c += 4
        }
    }

    func write(_ r: ModelInversionResult, knownNames: [String], problem: ModelInversion, to path: String) throws {
        do {
            try CSVWriter(comments: ["residuals of \(model) at " + zip(r.names, r.estimates).map { "\($0) = \($1)" }.joined(separator: ", ") + " for \(data)"])
                .write(columnNames: Self.residualColumns(known: knownNames, outputs: problem.model.outputNames),
                       rowCount: r.rowCount, to: URL(fileURLWithPath: path)) { row, values in Self.fill(row, r, problem, into: &values) }
        } catch {
            throw CommandFailure("--output \(path): cannot write the residuals: \(error)")
        }
    }

    /// `24.93 ± 0.41`: the estimate to the digits its standard error supports (two of the SE).
    static func uncertain(_ value: Double, _ se: Double) -> (value: String, se: String, digits: Int) {
        guard se.isFinite, se > 0 else { return (Format.short(value), "?", 6) }
        let digits = max(0, min(12, 1 - Int((Foundation.log10(se)).rounded(.down))))
        return (String(format: "%.\(digits)f", value), String(format: "%.\(digits)f", se), digits)
    }

    func text(_ r: ModelInversionResult, problem: ModelInversion, knownNames: [String]) -> String {
        var lines: [String] = []
        let rows = "from \(r.rowCount) row" + (r.rowCount == 1 ? "" : "s") + (r.observed.columns > 1 ? " × \(r.observed.columns) outputs" : "")
        for j in r.names.indices {
            if let interval = r.intervals[j] {
                let (value, se, digits) = Self.uncertain(r.estimates[j], r.standardErrors[j])
                let f = "%.\(digits)f"
                lines.append("\(r.names[j]) = \(value) ± \(se) (\(Format.short(100 * r.level)) % interval "
                    + String(format: f, interval.lowerBound) + " … " + String(format: f, interval.upperBound) + "), \(rows)"
                    + (r.edges[j].map { " — on its \($0.rawValue) bound, see the verdicts" } ?? ""))
            } else {
                lines.append("\(r.names[j]) = \(Format.short(r.estimates[j])) — not determined by these data (see the verdicts), \(rows)")
            }
        }
        lines.append("")
        let noise = problem.sigmas == nil
            ? "σ estimated from the residuals (Student t, ν = \(r.degreesOfFreedom))"
            : (sigmaColumn.map { "σ from column \"\($0)\"" } ?? "σ = \(Format.short(sigma ?? 0)) given") + " (normal quantiles)"
        let boxes = zip(r.names, r.bounds).map { "\($0) ∈ \(Format.short($1.lowerBound)) … \(Format.short($1.upperBound))" }.joined(separator: ", ")
        lines.append("how: Levenberg–Marquardt on S = ½ Σ ((ŷ − y)/σ)² through \(model), with ∂ŷ/∂"
            + r.names.joined(separator: ", ∂ŷ/∂") + " by backprop to the model's inputs (one backward pass per output);")
        lines.append("     \(r.starts.count) start" + (r.starts.count == 1 ? "" : "s") + " over \(boxes)"
            + (problem.boundsAreTrainingRange ? " (the model's training range)" : " (--bounds)")
            + "; " + iterations(r) + "; ± is one standard error; \(noise)")
        let p = r.names.count
        if p > 1, !r.correlation.allSatisfy(\.isFinite) {
            lines.append("")
            lines.append("correlation of the estimates: not defined, JᵀJ is singular (κ = ∞)")
        } else if p > 1 {
            lines.append("")
            lines.append("correlation of the estimates (κ = " + (r.conditionNumber.isFinite ? String(format: "%.3g", r.conditionNumber) : "∞") + "):")
            lines.append(Format.table([""] + r.names, r.names.indices.map { a in
                [r.names[a]] + (0..<p).map { b in r.correlation[a * p + b].isFinite ? String(format: "%.4f", r.correlation[a * p + b]) : "?" }
            }))
        }

        lines.append("")
        let outputs = problem.model.outputNames
        var header = ["row"] + knownNames
        for name in outputs { header += [name, name + "_predicted", "residual", "r/σ" + (problem.sigmas == nil ? "̂" : "")] }
        let shown = min(r.rowCount, 40)
        let table = (0..<shown).map { n -> [String] in
            var cells = ["\(n + 1)"] + (0..<problem.known.columns).map { Format.short(problem.known[n, $0]) }
            for k in outputs.indices {
                cells += [Format.short(r.observed[n, k]), Format.short(r.yHat[n, k]),
                          String(format: "%+.4g", r.yHat[n, k] - r.observed[n, k]), String(format: "%+.2f", r.standardizedResiduals[n, k])]
            }
            return cells
        }
        lines.append("residuals r = ŷ − y:")
        lines.append(Format.table(header, table))
        if r.rowCount > shown { lines.append("… (\(r.rowCount - shown) more rows; --output writes them all)") }
        if problem.sigmas != nil {
            lines.append("reduced χ² = \(String(format: "%.3g", r.reducedChiSquared)) (ν = \(r.degreesOfFreedom)"
                + (r.diagnosis.chiSquaredPValue.map { ", p = " + String(format: "%.2g", $0) } ?? "") + "; ≈ 1 when the model fits and σ is right)")
        } else {
            lines.append("σ̂ = \(Format.short(r.reducedChiSquared.squareRoot())) from the residuals (ν = \(r.degreesOfFreedom)); give --sigma to test the fit by χ²")
        }
        lines.append("")
        if r.verdicts.isEmpty {
            lines.append("verdict: the residuals look like noise, the estimate is inside the bounds and the starts agree")
        } else {
            lines.append("verdicts:")
            lines += r.verdicts.map { "  - " + $0 }
        }
        if let output { lines.append("\nwrote the residuals to \(output)") }
        return lines.joined(separator: "\n")
    }

    /// "the best took 5 iterations", or how the best run stopped when it did not finish.
    func iterations(_ r: ModelInversionResult) -> String {
        let best = r.starts[r.best]
        if best.fit != nil { return "the best took \(r.iterations) iteration" + (r.iterations == 1 ? "" : "s") }
        return best.failure?.contains("singular") == true
            ? "the best run stopped where JᵀJ is singular" : "the best run did not converge"
    }

    func jsonText(_ r: ModelInversionResult, problem: ModelInversion, knownNames: [String]) -> String {
        func range(_ x: ClosedRange<Double>?) -> JSONValue { x.map { .numbers([$0.lowerBound, $0.upperBound]) } ?? .null }
        let p = r.names.count
        let unknowns: [JSONValue] = r.names.indices.map { j in
            .object([
                ("name", .string(r.names[j])), ("estimate", .number(r.estimates[j])),
                ("standard_error", .number(r.standardErrors[j])), ("interval", range(r.intervals[j])),
                ("bounds", range(r.bounds[j])), ("training_range", range(r.trainingRanges[j])),
                ("at_bound", r.edges[j].map { .string($0.rawValue) } ?? .null),
            ])
        }
        let starts: [JSONValue] = r.starts.map { s in
            .object([
                ("initial", .numbers(s.initial)), ("estimate", s.estimate.map { .numbers($0) } ?? .null),
                ("cost", .optional(s.cost)), ("failure", s.failure.map { .string($0) } ?? .null),
            ])
        }
        return JSONValue.object([
            ("model", .string(model)), ("data", .string(data)), ("rows", .number(Double(r.rowCount))),
            ("known", .strings(knownNames)), ("outputs", .strings(problem.model.outputNames)),
            ("unknowns", .array(unknowns)), ("level", .number(r.level)), ("identifiable", .bool(r.identifiable)),
            ("correlation", .array((0..<p).map { a in .numbers(r.correlation[(a * p)..<(a * p + p)]) })),
            ("condition_number", .number(r.conditionNumber)),
            ("noise", .object([("known", .bool(problem.sigmas != nil)), ("sigma", .optional(sigma)),
                               ("sigma_column", sigmaColumn.map { .string($0) } ?? .null)])),
            ("reduced_chi_squared", .number(r.reducedChiSquared)), ("degrees_of_freedom", .number(Double(r.degreesOfFreedom))),
            ("chi_squared_p_value", .optional(r.diagnosis.chiSquaredPValue)),
            ("iterations", .number(Double(r.iterations))), ("starts", .array(starts)),
            ("best_start", .number(Double(r.best))), ("other_minima", .numbers(r.otherMinima.map(Double.init))),
            ("equally_good", .numbers(r.equallyGood.map(Double.init))),
            ("predictions", .rows(r.yHat)), ("residuals", .rows(r.residuals)),
            ("standardized_residuals", .rows(r.standardizedResiduals)),
            ("findings", .array(r.diagnosis.findings.map { .object([("kind", .string($0.kind.rawValue)), ("message", .string($0.message))]) })),
            ("verdicts", .strings(r.verdicts)),
            ("output", output.map { .string($0) } ?? .null),
        ]).serialized().trimmingCharacters(in: .newlines)
    }
}
