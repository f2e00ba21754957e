import FinHeatTransfer
import Foundation

/// The forward model a direct inverse network learns to undo: one unknown parameter p (h of the
/// linear fin, G of the nonlinear one) gives the readings of a row of sensors.
///
///     p  ↦  (y_1, …, y_m),   y_i = model(x_i; p)
public struct DirectInverseProblem: Sendable {
    /// The parameter's symbol, "h" or "G".
    public let parameterName: String
    /// Its unit ("W/(m²·K)"; empty when dimensionless).
    public let parameterUnit: String
    /// The range the training samples are drawn from (uniformly).
    public let parameterRange: ClosedRange<Double>
    /// The sensor positions x_i (m for the linear fin, x/L for the nonlinear one).
    public let positions: [Double]
    /// What "1" of a reading means in kelvin-like terms: θ_b [K] for the linear fin (so a noise
    /// fraction f is σ = f θ_b), 1 for the dimensionless nonlinear fin (readings are θ/θ_b).
    public let readingScale: Double
    /// Whether the network learns ln p instead of p: then its error is relative, which suits an
    /// h that spans a decade. Only for a positive range.
    public let learnsLogarithm: Bool
    /// The exact readings for a parameter value.
    let simulate: @Sendable (Double) throws -> [Double]

    /// A problem from any forward model.
    ///
    /// - Parameters:
    ///   - parameterName: the symbol, e.g. "h".
    ///   - parameterUnit: its unit, or "".
    ///   - parameterRange: where training samples are drawn; must be non-empty and finite.
    ///   - positions: the sensors, at least 1.
    ///   - readingScale: σ = fraction × readingScale when noise is quoted as a fraction.
    ///   - learnsLogarithm: learn ln p (requires a positive range).
    ///   - simulate: p ↦ the exact readings at `positions`.
    /// - Throws: ``FinInverseError/invalidSetting(name:value:expected:)`` for a bad range.
    public init(
        parameterName: String, parameterUnit: String, parameterRange: ClosedRange<Double>, positions: [Double],
        readingScale: Double, learnsLogarithm: Bool, simulate: @escaping @Sendable (Double) throws -> [Double]
    ) throws(FinInverseError) {
        guard parameterRange.lowerBound.isFinite, parameterRange.upperBound.isFinite,
              parameterRange.lowerBound < parameterRange.upperBound,
              !learnsLogarithm || parameterRange.lowerBound > 0 else {
            throw .invalidSetting(name: "\(parameterName) range", value: "\(parameterRange)",
                                  expected: learnsLogarithm ? "0 < min < max < ∞" : "finite min < max")
        }
        guard !positions.isEmpty else {
            throw .invalidSetting(name: "sensor count", value: "0", expected: "at least 1 sensor")
        }
        try FinInverseError.requirePositive(readingScale, "reading scale")
        self.parameterName = parameterName
        self.parameterUnit = parameterUnit
        self.parameterRange = parameterRange
        self.positions = positions
        self.readingScale = readingScale
        self.learnsLogarithm = learnsLogarithm
        self.simulate = simulate
    }

    /// The exact readings y_i = model(x_i; p).
    ///
    /// - Throws: ``FinInverseError/physics(_:)`` when the model rejects p.
    public func readings(for parameter: Double) throws(FinInverseError) -> [Double] {
        do {
            return try simulate(parameter)
        } catch {
            throw FinInverseError.fromPhysics(error)
        }
    }

    /// h of the linear fin from the temperatures T(x_i) [fin's scale] at the sensors
    /// x_i = i L/(m + 1) (`FinSensorReadings.sensorPositions`); learns ln h.
    ///
    /// - Parameters:
    ///   - fin: everything but h.
    ///   - tip: tip condition (default insulated).
    ///   - heatTransferRange: h range of the training samples (default 10 … 100 W/(m²·K)).
    ///   - sensorCount: m (default 9).
    /// - Throws: ``FinInverseError`` for a bad range or sensor count.
    public static func linearFin(
        fin: FinProperties, tip: FinTipCondition = .insulated, heatTransferRange: ClosedRange<Double> = 10...100,
        sensorCount: Int = FinSensorReadings.defaultSensorCount
    ) throws(FinInverseError) -> DirectInverseProblem {
        try FinInverseError.require(sensorCount, "sensor count", in: 1...1000)
        guard heatTransferRange.upperBound <= FinProperties.maximumHeatTransferCoefficient else {
            throw .invalidSetting(name: "h range", value: "\(heatTransferRange)",
                                  expected: "h ≤ \(FinProperties.maximumHeatTransferCoefficient) W/(m²·K)")
        }
        let positions = FinSensorReadings.sensorPositions(length: fin.geometry.length, count: sensorCount)
        return try DirectInverseProblem(
            parameterName: "h", parameterUnit: "W/(m²·K)", parameterRange: heatTransferRange,
            positions: positions, readingScale: abs(fin.baseExcessTemperature), learnsLogarithm: true
        ) { h in
            let model = try AnalyticFin(properties: fin.withHeatTransferCoefficient(h), tip: tip)
            return positions.map(model.temperature(at:))
        }
    }

    /// h of the linear fin from the dimensionless readings φ_i = (T_i − T∞)/θ_b at given sensor
    /// positions x_i [m]: the same network then serves specimens with any T_b and T∞. Learns ln h.
    ///
    /// - Parameters:
    ///   - fin: k and the geometry (its temperatures and h do not matter).
    ///   - tip: tip condition.
    ///   - heatTransferRange: h range of the training samples.
    ///   - positions: the sensors x_i [m], at least 1, on the fin.
    /// - Throws: ``FinInverseError`` for a bad range or no positions.
    public static func linearFinProfile(
        fin: FinProperties, tip: FinTipCondition, heatTransferRange: ClosedRange<Double>, positions: [Double]
    ) throws(FinInverseError) -> DirectInverseProblem {
        guard heatTransferRange.upperBound <= FinProperties.maximumHeatTransferCoefficient else {
            throw .invalidSetting(name: "h range", value: "\(heatTransferRange)",
                                  expected: "h ≤ \(FinProperties.maximumHeatTransferCoefficient) W/(m²·K)")
        }
        return try DirectInverseProblem(
            parameterName: "h", parameterUnit: "W/(m²·K)", parameterRange: heatTransferRange,
            positions: positions, readingScale: 1, learnsLogarithm: true
        ) { h in
            let model = try AnalyticFin(properties: fin.withHeatTransferCoefficient(h), tip: tip)
            return positions.map { model.excessTemperature(at: $0) / fin.baseExcessTemperature }
        }
    }

    /// G of the nonlinear fin from θ(x_i) = (T − T∞)/θ_b at x_i = i/(m + 1), each sample solved
    /// by `NonlinearFinSolver` (Newton on the finite-difference equations).
    ///
    /// - Parameters:
    ///   - parameters: N, ε_c, ε_G (their G is replaced).
    ///   - heatGenerationRange: G range of the training samples (default 0 … 1).
    ///   - solver: grid and Newton settings (default 200 intervals: the readings are accurate to
    ///     ≈ 5·10⁻⁷ N², far below any noise studied).
    ///   - sensorCount: m (default 9).
    /// - Throws: ``FinInverseError`` for a bad range, sensor count or solver setting.
    public static func nonlinearFin(
        parameters: NonlinearFinParameters, heatGenerationRange: ClosedRange<Double> = 0...1,
        solver: NonlinearFinSolver? = nil, sensorCount: Int = FinSensorReadings.defaultSensorCount
    ) throws(FinInverseError) -> DirectInverseProblem {
        try FinInverseError.require(sensorCount, "sensor count", in: 1...1000)
        let grid: NonlinearFinSolver
        do {
            grid = try solver ?? NonlinearFinSolver(gridIntervals: 200)
        } catch {
            throw FinInverseError.fromPhysics(error)
        }
        let positions = FinSensorReadings.sensorPositions(length: 1, count: sensorCount)
        return try DirectInverseProblem(
            parameterName: "G", parameterUnit: "", parameterRange: heatGenerationRange, positions: positions,
            readingScale: 1, learnsLogarithm: false
        ) { g in
            let solution = try grid.solve(parameters.withHeatGeneration(g))
            return positions.map(solution.theta(at:))
        }
    }
}
