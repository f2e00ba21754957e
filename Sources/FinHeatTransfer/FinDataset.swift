import Foundation

/// How `FinDataset` places its sample positions on [a, b].
public enum SampleSpacing: String, Equatable, Sendable, CaseIterable {
    /// x_i = a + (b − a) i/(n − 1), i = 0 … n − 1: both ends included.
    case even
    /// x_i uniform on [a, b] from the seeded generator, then sorted ascending.
    case random
}

/// What the profile of `FinDataset.linearFin` returns.
public enum FinQuantity: String, Equatable, Sendable, CaseIterable {
    /// θ = T − T∞ [K].
    case excessTemperature
    /// T on the fin's temperature scale.
    case temperature
}

/// One sample: a position, the model's exact value there and a noisy measurement of it.
public struct FinSample: Equatable, Sendable {
    /// Position x (m for a dimensional fin, x/L for the non-dimensional one).
    public let x: Double
    /// The model's value at x (θ or T).
    public let exact: Double
    /// exact + σ z, z standard normal.
    public let measured: Double

    public init(x: Double, exact: Double, measured: Double) {
        self.x = x
        self.exact = exact
        self.measured = measured
    }
}

/// A seeded, reproducible data set sampled from a fin profile with Gaussian measurement noise,
/// written as CSV for training and plotting.
///
/// Draw order (part of the contract, so data sets can be regenerated): with `.random` spacing,
/// first the n positions (`uniform(in:)`), then the n noise values (`standardNormal()`); so the
/// same seed gives the same positions whatever σ is.
public struct FinDataset: Equatable, Sendable {
    /// The samples, ascending in x.
    public let samples: [FinSample]
    /// CSV header: names of the position, exact and measured columns.
    public let columnNames: [String]
    /// σ of the added noise, in the unit of the values.
    public let noiseStandardDeviation: Double
    /// The seed the noise (and random positions) came from.
    public let seed: UInt64

    /// Largest data set accepted.
    public static let maximumCount = 10_000_000

    /// Wraps samples made elsewhere (e.g. `FinSensorReadings.dataset`).
    ///
    /// - Parameter columnNames: three names: position, exact value, measured value.
    public init(
        samples: [FinSample], columnNames: [String], noiseStandardDeviation: Double, seed: UInt64
    ) {
        precondition(
            columnNames.count == 3,
            "FinDataset: expected 3 column names (x, exact, measured), got \(columnNames)")
        self.samples = samples
        self.columnNames = columnNames
        self.noiseStandardDeviation = noiseStandardDeviation
        self.seed = seed
    }

    /// Samples `profile` at `count` positions on `domain` and adds noise N(0, σ²).
    ///
    ///     measured_i = profile(x_i) + σ z_i,   z_i ~ N(0, 1) (Box–Muller on SplitMix64(seed))
    ///
    /// - Parameters:
    ///   - profile: the exact values, e.g. `fin.excessTemperature(at:)`.
    ///   - domain: [a, b] for the positions.
    ///   - count: n, 2 ≤ n ≤ 10⁷.
    ///   - spacing: `.even` (ends included) or `.random` (sorted).
    ///   - noiseStandardDeviation: σ ≥ 0 in the unit of the profile; 0 gives measured = exact.
    ///   - seed: fixes positions (if random) and noise.
    ///   - columnNames: CSV header, three names.
    /// - Throws: `FinParameterError` for a bad count or σ; anything `profile` throws.
    public init(
        profile: (Double) throws -> Double, domain: ClosedRange<Double>, count: Int,
        spacing: SampleSpacing, noiseStandardDeviation: Double, seed: UInt64,
        columnNames: [String]
    ) throws {
        try FinParameterError.requireWithin(
            Double(count), field: "sample count", symbol: "n", unit: "",
            2...Double(Self.maximumCount))
        try FinParameterError.requireNonNegative(
            noiseStandardDeviation, field: "noise standard deviation", symbol: "σ", unit: "")
        var random = SeededRandom(seed: seed)
        let positions: [Double]
        switch spacing {
        case .even:
            let width = domain.upperBound - domain.lowerBound
            positions = (0..<count).map { i in
                i == count - 1
                    ? domain.upperBound : domain.lowerBound + width * Double(i) / Double(count - 1)
            }
        case .random:
            positions = (0..<count).map { _ in random.uniform(in: domain) }.sorted()
        }
        let exact = try positions.map(profile)
        let noise = (0..<count).map { _ in noiseStandardDeviation * random.standardNormal() }
        self.init(
            samples: (0..<count).map {
                FinSample(x: positions[$0], exact: exact[$0], measured: exact[$0] + noise[$0])
            },
            columnNames: columnNames, noiseStandardDeviation: noiseStandardDeviation, seed: seed)
    }

    /// Samples the analytic fin on [0, L]: columns `x` [m], then `theta`, `theta_measured` [K]
    /// or `T`, `T_measured` (fin's scale).
    ///
    /// - Throws: `FinParameterError` for a bad count or σ.
    public static func linearFin(
        _ fin: AnalyticFin, quantity: FinQuantity = .temperature, count: Int,
        spacing: SampleSpacing = .even, noiseStandardDeviation: Double, seed: UInt64
    ) throws -> FinDataset {
        switch quantity {
        case .excessTemperature:
            try FinDataset(
                profile: fin.excessTemperature(at:), domain: 0...fin.length, count: count,
                spacing: spacing, noiseStandardDeviation: noiseStandardDeviation, seed: seed,
                columnNames: ["x", "theta", "theta_measured"])
        case .temperature:
            try FinDataset(
                profile: fin.temperature(at:), domain: 0...fin.length, count: count,
                spacing: spacing, noiseStandardDeviation: noiseStandardDeviation, seed: seed,
                columnNames: ["x", "T", "T_measured"])
        }
    }

    /// Samples a nonlinear-fin solution (interpolated) on [0, 1]: columns `x`, `theta`,
    /// `theta_measured`, all dimensionless.
    ///
    /// - Throws: `FinParameterError` for a bad count or σ.
    public static func nonlinearFin(
        _ solution: NonlinearFinSolution, count: Int, spacing: SampleSpacing = .even,
        noiseStandardDeviation: Double, seed: UInt64
    ) throws -> FinDataset {
        try FinDataset(
            profile: solution.theta(at:), domain: 0...1, count: count, spacing: spacing,
            noiseStandardDeviation: noiseStandardDeviation, seed: seed,
            columnNames: ["x", "theta", "theta_measured"])
    }

    /// Positions x_i.
    public var positions: [Double] { samples.map(\.x) }
    /// Exact values.
    public var exactValues: [Double] { samples.map(\.exact) }
    /// Measured (noisy) values.
    public var measuredValues: [Double] { samples.map(\.measured) }
}
