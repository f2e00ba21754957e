import Foundation

/// The straight line T = T₀ + s x fitted to thermocouples in a slab, with the heat flux it implies.
public struct SlabLineFit: Equatable, Sendable {
    /// T₀, the temperature extrapolated to x = 0 [°C].
    public let intercept: Double
    /// s = dT/dx [K/m].
    public let slope: Double
    /// Fourier's law q = −k s [W/m²], positive in +x.
    public let heatFlux: Double
    /// e_i = ŷ_i − y_i = T₀ + s x_i − T_i [K].
    public let residuals: [Double]
}

/// Steady one-dimensional conduction through a slab without generation: T is linear in x, and
/// thermocouple readings T_i at x_i give the slope, hence the heat flux q = −k dT/dx.
///
/// Fitting the line is the lecture's delta rule in its simplest setting: a linear neuron
/// ŷ = w₀·1 + w₁ x with w₀ = T₀, w₁ = s, error e = ŷ − y and cost J = ½ Σ e². The delta rule
/// ∂J/∂w_j = Σ_i a_j e_i (input × output error) gives
///
///     ∂J/∂T₀ = Σ e_i,   ∂J/∂s = Σ x_i e_i
///
/// and setting both to zero gives the normal equations solved by `fitLine()`:
///
///     [ n    Σx  ] [T₀]   [ ΣT  ]
///     [ Σx   Σx² ] [s ] = [ ΣxT ]
public struct Slab: Equatable, Sendable {
    /// Thermocouple positions x_i [m].
    public let positions: [Double]
    /// Readings T_i [°C].
    public let temperatures: [Double]
    /// Thermal conductivity k [W/(m·K)].
    public let conductivity: Double

    /// The textbook example: thermocouples at x = 1, 3, 5, 7, 9 cm read 34.51, 34.16, 32.50,
    /// 32.24, 30.41 °C in a slab of k = 44.5 W/(m·K) (carbon steel). The fit gives
    /// s = −50.6 K/m, T₀ = 35.29 °C and q = −k s = 2.25 kW/m².
    public static let example = Slab(
        validatedPositions: [0.01, 0.03, 0.05, 0.07, 0.09],
        temperatures: [34.51, 34.16, 32.50, 32.24, 30.41], conductivity: 44.5)

    /// Validates and stores the readings.
    ///
    /// - Parameters:
    ///   - positions: x_i [m], finite, at least 2 distinct values.
    ///   - temperatures: T_i [°C], finite, one per position.
    ///   - conductivity: k [W/(m·K)], 0 < k ≤ 5000.
    /// - Throws: `FinParameterError` naming the bad field.
    public init(positions: [Double], temperatures: [Double], conductivity: Double) throws {
        guard positions.count == temperatures.count else {
            throw FinParameterError(
                field: "temperature count", symbol: "n", value: Double(temperatures.count),
                unit: "", allowedRange: "n = \(positions.count), one per thermocouple position")
        }
        for (i, x) in positions.enumerated() where !x.isFinite {
            throw FinParameterError(
                field: "thermocouple position x[\(i)]", symbol: "x", value: x, unit: "m",
                allowedRange: "a finite number")
        }
        for (i, t) in temperatures.enumerated() where !t.isFinite {
            throw FinParameterError(
                field: "temperature T[\(i)]", symbol: "T", value: t, unit: "°C",
                allowedRange: "a finite number")
        }
        guard Set(positions).count >= 2 else {
            throw FinParameterError(
                field: "distinct thermocouple positions", symbol: "n",
                value: Double(Set(positions).count), unit: "",
                allowedRange: "n ≥ 2 (a line needs two points)")
        }
        try FinParameterError.requirePositive(
            conductivity, field: "conductivity", symbol: "k", unit: "W/(m·K)",
            atMost: FinProperties.maximumConductivity)
        self.init(validatedPositions: positions, temperatures: temperatures, conductivity: conductivity)
    }

    private init(validatedPositions positions: [Double], temperatures: [Double], conductivity: Double) {
        self.positions = positions
        self.temperatures = temperatures
        self.conductivity = conductivity
    }

    /// Least-squares line through the readings by the normal equations (Cramer's rule):
    ///
    ///     s = (n ΣxT − Σx ΣT) / (n Σx² − (Σx)²),   T₀ = (ΣT − s Σx) / n,   q = −k s
    public func fitLine() -> SlabLineFit {
        let n = Double(positions.count)
        let sumX = positions.reduce(0, +)
        let sumT = temperatures.reduce(0, +)
        let sumXX = positions.reduce(0) { $0 + $1 * $1 }
        let sumXT = zip(positions, temperatures).reduce(0) { $0 + $1.0 * $1.1 }
        let slope = (n * sumXT - sumX * sumT) / (n * sumXX - sumX * sumX)
        let intercept = (sumT - slope * sumX) / n
        return SlabLineFit(
            intercept: intercept, slope: slope, heatFlux: -conductivity * slope,
            residuals: zip(positions, temperatures).map { intercept + slope * $0 - $1 })
    }

    /// The cost J = ½ Σ e_i², e_i = T₀ + s x_i − T_i.
    public func cost(intercept: Double, slope: Double) -> Double {
        zip(positions, temperatures).reduce(0) { sum, reading in
            let e = intercept + slope * reading.0 - reading.1
            return sum + e * e / 2
        }
    }

    /// The delta rule for the linear neuron: ∂J/∂T₀ = Σ 1·e_i, ∂J/∂s = Σ x_i e_i.
    public func costGradient(intercept: Double, slope: Double) -> (intercept: Double, slope: Double) {
        var gradient = (intercept: 0.0, slope: 0.0)
        for (x, t) in zip(positions, temperatures) {
            let e = intercept + slope * x - t  // e = ŷ − y
            gradient.intercept += 1 * e  // input a₀ = 1 (bias)
            gradient.slope += x * e  // input a₁ = x
        }
        return gradient
    }
}
