import Foundation

/// Readings of a row of thermocouples along a fin, exact and noisy: the data of the inverse
/// problem (estimate h or G from them).
///
/// Sensors sit at the interior points x_i = i L/(n + 1), i = 1 … n; with the default n = 9 that is
/// x = L/10, 2L/10, …, 9L/10. The base (T_b, known) and the tip are left out: the base reading
/// carries no information about h or G, and a tip thermocouple disturbs the tip condition.
public struct FinSensorReadings: Equatable, Sendable {
    /// Sensor positions (m for the linear fin, x/L for the nonlinear one).
    public let positions: [Double]
    /// The model's values at the sensors (T for the linear fin, θ for the nonlinear one).
    public let exact: [Double]
    /// exact + σ z.
    public let measured: [Double]
    /// σ of the noise.
    public let noiseStandardDeviation: Double
    /// The seed of the noise.
    public let seed: UInt64

    /// The default number of sensors, 9.
    public static let defaultSensorCount = 9

    /// x_i = i L/(n + 1), i = 1 … n: L/10 … 9L/10 for n = 9.
    public static func sensorPositions(length: Double, count: Int = defaultSensorCount)
        -> [Double]
    {
        (1...count).map { length * Double($0) / Double(count + 1) }
    }

    /// Noisy thermocouple temperatures T(x_i) [fin's scale] of the analytic fin with coefficient h.
    ///
    /// - Parameters:
    ///   - heatTransferCoefficient: h [W/(m²·K)], the value an inverse method should recover.
    ///   - fin: everything else (default `FinProperties.aluminiumPinFinInAir`; its own h is
    ///     replaced).
    ///   - tip: tip condition (default `.insulated`).
    ///   - sensorCount: n ≥ 1 (default 9).
    ///   - noiseStandardDeviation: σ [K] ≥ 0, e.g. 0.01 θ_b = 0.75 K for the default fin.
    ///   - seed: fixes the noise.
    /// - Throws: `FinParameterError` for h, n or σ out of range.
    public static func linearFin(
        heatTransferCoefficient: Double, fin: FinProperties = .aluminiumPinFinInAir,
        tip: FinTipCondition = .insulated, sensorCount: Int = defaultSensorCount,
        noiseStandardDeviation: Double, seed: UInt64
    ) throws -> FinSensorReadings {
        let model = try AnalyticFin(
            properties: try fin.withHeatTransferCoefficient(heatTransferCoefficient), tip: tip)
        return try FinSensorReadings(
            positions: try positions(length: fin.geometry.length, count: sensorCount),
            profile: model.temperature(at:), noiseStandardDeviation: noiseStandardDeviation,
            seed: seed)
    }

    /// Noisy θ(x_i) (dimensionless, x_i = i/(n + 1)) of the nonlinear fin with generation G.
    ///
    /// - Parameters:
    ///   - heatGeneration: G, the value an inverse method should recover.
    ///   - parameters: N, ε_c, ε_G (their G is replaced).
    ///   - solver: grid and Newton settings (default 400 intervals).
    ///   - sensorCount: n ≥ 1 (default 9).
    ///   - noiseStandardDeviation: σ ≥ 0 in units of θ_b, e.g. 0.01.
    ///   - seed: fixes the noise.
    /// - Throws: `FinParameterError` for G, n or σ out of range; `NonlinearFinSolverError`.
    public static func nonlinearFin(
        heatGeneration: Double, parameters: NonlinearFinParameters,
        solver: NonlinearFinSolver? = nil, sensorCount: Int = defaultSensorCount,
        noiseStandardDeviation: Double, seed: UInt64
    ) throws -> FinSensorReadings {
        let solver = try solver ?? NonlinearFinSolver()
        let solution = try solver.solve(try parameters.withHeatGeneration(heatGeneration))
        return try FinSensorReadings(
            positions: try positions(length: 1, count: sensorCount),
            profile: solution.theta(at:), noiseStandardDeviation: noiseStandardDeviation,
            seed: seed)
    }

    /// Readings at given positions: measured_i = profile(x_i) + σ z_i, z from SeededRandom(seed).
    ///
    /// - Throws: `FinParameterError` if σ is negative or not finite.
    public init(
        positions: [Double], profile: (Double) throws -> Double, noiseStandardDeviation: Double,
        seed: UInt64
    ) throws {
        try FinParameterError.requireNonNegative(
            noiseStandardDeviation, field: "noise standard deviation", symbol: "σ", unit: "")
        var random = SeededRandom(seed: seed)
        let exact = try positions.map(profile)
        self.positions = positions
        self.exact = exact
        self.measured = exact.map { $0 + noiseStandardDeviation * random.standardNormal() }
        self.noiseStandardDeviation = noiseStandardDeviation
        self.seed = seed
    }

    /// The readings as a `FinDataset` (for CSV), columns `x`, `exact`, `measured` unless named.
    public func dataset(columnNames: [String] = ["x", "exact", "measured"]) -> FinDataset {
        FinDataset(
            samples: (0..<positions.count).map {
                FinSample(x: positions[$0], exact: exact[$0], measured: measured[$0])
            },
            columnNames: columnNames, noiseStandardDeviation: noiseStandardDeviation, seed: seed)
    }

    private static func positions(length: Double, count: Int) throws -> [Double] {
        try FinParameterError.requireWithin(
            Double(count), field: "sensor count", symbol: "n", unit: "", 1...10_000)
        return sensorPositions(length: length, count: count)
    }
}
