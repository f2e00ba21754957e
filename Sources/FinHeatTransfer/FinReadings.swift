import Foundation

/// Temperatures an engineer measured along a fin: positions x_i [m], temperatures T_i (on the
/// fin's scale), optionally each reading's σ_i [K], with the file line each came from so that a
/// bad reading is named where it is.
public struct FinReadings: Equatable, Sendable {
    /// x_i [m], from the base.
    public let positions: [Double]
    /// T_i [fin's scale].
    public let temperatures: [Double]
    /// σ_i [K] of each reading, when stated.
    public let sigmas: [Double]?
    /// The 1-based file line of each reading (0 where the readings did not come from a file).
    public let lineNumbers: [Int]
    /// Where the readings came from, e.g. `readings.csv`.
    public let source: String
    /// The specimen (set) they belong to, when the file holds several.
    public let label: String?
    /// The column names of x, T and σ in the file, for messages.
    public let columnNames: (x: String, temperature: String, sigma: String?)

    public static func == (a: FinReadings, b: FinReadings) -> Bool {
        a.positions == b.positions && a.temperatures == b.temperatures && a.sigmas == b.sigmas
            && a.lineNumbers == b.lineNumbers && a.source == b.source && a.label == b.label
    }

    /// Readings as given (checked by ``validate(length:tip:ambientTemperature:baseTemperature:parameterCount:)``).
    public init(
        positions: [Double], temperatures: [Double], sigmas: [Double]? = nil, lineNumbers: [Int]? = nil,
        source: String = "<readings>", label: String? = nil,
        columnNames: (x: String, temperature: String, sigma: String?) = ("x", "T", nil)
    ) {
        precondition(positions.count == temperatures.count, "FinReadings: one temperature per position")
        precondition(sigmas == nil || sigmas!.count == positions.count, "FinReadings: one σ per position")
        self.positions = positions
        self.temperatures = temperatures
        self.sigmas = sigmas
        self.lineNumbers = lineNumbers ?? Array(repeating: 0, count: positions.count)
        self.source = source
        self.label = label
        self.columnNames = columnNames
    }

    /// The number of readings m.
    public var count: Int { positions.count }

    /// The reading at x = 0, if there is one (T_b measured at the base).
    public var baseReading: Double? {
        positions.firstIndex(of: 0).map { temperatures[$0] }
    }

    /// The readings without the one at x = 0 (after its T was taken as T_b).
    public func droppingBaseReading() -> FinReadings {
        let keep = positions.indices.filter { positions[$0] != 0 }
        return FinReadings(
            positions: keep.map { positions[$0] }, temperatures: keep.map { temperatures[$0] },
            sigmas: sigmas.map { s in keep.map { s[$0] } }, lineNumbers: keep.map { lineNumbers[$0] },
            source: source, label: label, columnNames: columnNames)
    }

    /// Checks the readings against the fin they are said to come from.
    ///
    /// - Parameters:
    ///   - length: L [m]; positions must lie in [0, L] (for an infinite fin, L is the stretch
    ///     the readings and the networks cover).
    ///   - tip: the tip condition.
    ///   - ambientTemperature: T∞ when known (the readings must not all be on the far side of it).
    ///   - baseTemperature: T_b when known, to tell which side of T∞ the fin is.
    ///   - parameterCount: p, the number of unknowns; at least p + 1 readings are needed.
    /// - Throws: ``FinReadingsError`` naming the file, line and column at fault.
    public func validate(
        length: Double, tip: FinTipCondition, ambientTemperature: Double?, baseTemperature: Double?,
        parameterCount: Int
    ) throws(FinReadingsError) {
        guard count >= parameterCount + 1 else {
            throw error(
                line: nil, column: nil,
                "\(count) reading\(count == 1 ? "" : "s") for \(parameterCount) unknown\(parameterCount == 1 ? "" : "s"); "
                    + "at least \(parameterCount + 1) are needed to estimate \(parameterCount == 1 ? "it" : "them") and an uncertainty")
        }
        for i in 0..<count {
            let x = positions[i]
            guard x.isFinite, x >= 0 else {
                throw error(line: i, column: columnNames.x, "x = \(x) m is before the base; positions are measured from the base, x ≥ 0 (in metres)")
            }
            if x > length * (1 + 1e-12) {
                throw error(line: i, column: columnNames.x, "x = \(x) m is beyond the tip, L = \(length) m; positions are in metres from the base")
            }
            guard temperatures[i].isFinite else {
                throw error(line: i, column: columnNames.temperature, "T = \(temperatures[i]) is not a finite temperature")
            }
            if let sigmas {
                guard sigmas[i].isFinite, sigmas[i] > 0 else {
                    throw error(line: i, column: columnNames.sigma, "σ = \(sigmas[i]) K must be a finite number > 0 (the reading's standard deviation)")
                }
            }
            if i > 0, x == positions[i - 1] {
                throw error(line: i, column: columnNames.x, "x = \(x) m is repeated (also at line \(lineNumbers[i - 1])); give each position once (average repeated readings, and give their σ)")
            }
            if i > 0, x < positions[i - 1] {
                throw error(line: i, column: columnNames.x, "x = \(x) m comes after x = \(positions[i - 1]) m (line \(lineNumbers[i - 1])); sort the readings by x")
            }
        }
        if let ambient = ambientTemperature {
            // A fin hotter than its surroundings (T_b > T∞) cannot be at or below T∞ everywhere.
            let hot = baseTemperature.map { $0 > ambient } ?? true
            let beyond = temperatures.allSatisfy { hot ? $0 <= ambient : $0 >= ambient }
            if beyond {
                throw error(
                    line: nil, column: columnNames.temperature,
                    "every reading is \(hot ? "at or below" : "at or above") T∞ = \(ambient) °C: the fin shows no excess temperature; check T∞ (--ambient-temperature) and the temperature column's unit")
            }
        }
    }

    private func error(line index: Int?, column: String?, _ message: String) -> FinReadingsError {
        FinReadingsError(
            file: source, line: index.flatMap { lineNumbers[$0] > 0 ? lineNumbers[$0] : nil }, column: column,
            set: label, message: message)
    }
}

/// Readings that cannot be used, with the file, line and column at fault.
public struct FinReadingsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file as the user named it.
    public let file: String
    /// The 1-based line, when one reading is at fault.
    public let line: Int?
    /// The column name, when one column is at fault.
    public let column: String?
    /// The set (specimen), when the file holds several.
    public let set: String?
    /// What is wrong and what to do.
    public let message: String

    public init(file: String, line: Int?, column: String?, set: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.set = set
        self.message = message
    }

    public var description: String {
        var place = file
        if let set { place += ", set \(set)" }
        if let line { place += ", line \(line)" }
        if let column { place += ", column \"\(column)\"" }
        return "\(place): \(message)"
    }
}
