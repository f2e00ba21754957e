import Foundation

/// The scale of the temperatures given to `FinProperties`. Differences θ = T − T∞ are the same
/// in both; only the check against absolute zero depends on it.
public enum TemperatureScale: String, Equatable, Sendable, CaseIterable {
    case celsius
    case kelvin

    /// Absolute zero on this scale: −273.15 °C or 0 K.
    public var absoluteZero: Double {
        switch self {
        case .celsius: -273.15
        case .kelvin: 0
        }
    }

    /// The unit symbol, "°C" or "K".
    public var symbol: String {
        switch self {
        case .celsius: "°C"
        case .kelvin: "K"
        }
    }
}

/// A straight fin of constant cross-section with constant properties, attached to a wall at base
/// temperature T_b and cooled by a fluid at T∞ through a uniform coefficient h.
///
/// The fin equation, with θ = T − T∞ and x measured from the base:
///
///     d²θ/dx² − m² θ = 0,   m² = hP/(kA_c),   θ(0) = θ_b = T_b − T∞
///
/// Ranges accepted: 0 < k ≤ 5000 W/(m·K) (diamond is ≈ 2200), 0 < h ≤ 10⁶ W/(m²·K) (boiling,
/// condensation), temperatures above absolute zero and at most 5000 K, and T_b ≠ T∞ (θ_b may be
/// negative: a fin that heats a cold wall). Geometry ranges are on `FinGeometry`.
public struct FinProperties: Equatable, Sendable {
    /// Thermal conductivity of the fin material, k [W/(m·K)].
    public let conductivity: Double
    /// Convection heat-transfer coefficient on the fin surface (and tip), h [W/(m²·K)].
    public let heatTransferCoefficient: Double
    /// Perimeter, cross-section and length.
    public let geometry: FinGeometry
    /// Base temperature T_b, on `temperatureScale`.
    public let baseTemperature: Double
    /// Ambient (fluid) temperature T∞, on `temperatureScale`.
    public let ambientTemperature: Double
    /// The scale of `baseTemperature` and `ambientTemperature`.
    public let temperatureScale: TemperatureScale

    /// Largest conductivity accepted, in W/(m·K).
    public static let maximumConductivity = 5000.0
    /// Largest heat-transfer coefficient accepted, in W/(m²·K).
    public static let maximumHeatTransferCoefficient = 1e6
    /// Hottest temperature accepted, in kelvin.
    public static let maximumAbsoluteTemperature = 5000.0

    /// Validates and stores the fin's properties.
    ///
    /// - Parameters:
    ///   - conductivity: k [W/(m·K)], 0 < k ≤ 5000.
    ///   - heatTransferCoefficient: h [W/(m²·K)], 0 < h ≤ 10⁶.
    ///   - geometry: P, A_c and L.
    ///   - baseTemperature: T_b on `temperatureScale`.
    ///   - ambientTemperature: T∞ on `temperatureScale`, T∞ ≠ T_b.
    ///   - temperatureScale: `.celsius` (default) or `.kelvin`.
    /// - Throws: `FinParameterError` naming the first field out of range.
    public init(
        conductivity: Double, heatTransferCoefficient: Double, geometry: FinGeometry,
        baseTemperature: Double, ambientTemperature: Double,
        temperatureScale: TemperatureScale = .celsius
    ) throws {
        try FinParameterError.requirePositive(
            conductivity, field: "conductivity", symbol: "k", unit: "W/(m·K)",
            atMost: Self.maximumConductivity)
        try FinParameterError.requirePositive(
            heatTransferCoefficient, field: "heat-transfer coefficient", symbol: "h",
            unit: "W/(m²·K)", atMost: Self.maximumHeatTransferCoefficient)
        try Self.requireTemperature(
            baseTemperature, field: "base temperature", symbol: "T_b", scale: temperatureScale)
        try Self.requireTemperature(
            ambientTemperature, field: "ambient temperature", symbol: "T∞", scale: temperatureScale)
        guard baseTemperature != ambientTemperature else {
            throw FinParameterError(
                field: "base temperature", symbol: "T_b", value: baseTemperature,
                unit: temperatureScale.symbol, allowedRange: "T_b ≠ T∞ = \(ambientTemperature)",
                hint: "with T_b = T∞ the fin carries no heat and θ/θ_b is undefined")
        }
        self.init(
            validatedConductivity: conductivity, heatTransferCoefficient: heatTransferCoefficient,
            geometry: geometry, baseTemperature: baseTemperature,
            ambientTemperature: ambientTemperature, temperatureScale: temperatureScale)
    }

    private init(
        validatedConductivity conductivity: Double, heatTransferCoefficient: Double,
        geometry: FinGeometry, baseTemperature: Double, ambientTemperature: Double,
        temperatureScale: TemperatureScale
    ) {
        self.conductivity = conductivity
        self.heatTransferCoefficient = heatTransferCoefficient
        self.geometry = geometry
        self.baseTemperature = baseTemperature
        self.ambientTemperature = ambientTemperature
        self.temperatureScale = temperatureScale
    }

    /// Throws unless `temperature` is finite, above absolute zero and at most 5000 K.
    static func requireTemperature(
        _ temperature: Double, field: String, symbol: String, scale: TemperatureScale
    ) throws {
        let hottest = maximumAbsoluteTemperature + scale.absoluteZero
        guard temperature.isFinite, temperature > scale.absoluteZero, temperature <= hottest else {
            throw FinParameterError(
                field: field, symbol: symbol, value: temperature, unit: scale.symbol,
                allowedRange:
                    "\(scale.absoluteZero) < \(symbol) ≤ \(hottest) \(scale.symbol)")
        }
    }

    /// The default fin: an aluminium pin fin in still air.
    ///
    /// - k = 200 W/(m·K) (pure aluminium is 237, common alloys 150–200),
    /// - h = 25 W/(m²·K) (natural convection to air, upper end; gentle forced air),
    /// - D = 5 mm, L = 10 cm, so P = πD = 15.7 mm and A_c = πD²/4 = 19.6 mm²,
    /// - T_b = 100 °C, T∞ = 25 °C, so θ_b = 75 K.
    ///
    /// These give m = √(4h/(kD)) = 10 m⁻¹ and mL = 1 exactly: the profile bends visibly
    /// (insulated tip θ(L)/θ_b = 1/cosh 1 = 0.648, efficiency tanh 1 = 0.762) and the numbers can
    /// be checked by hand. M = √(hPkA_c) θ_b = 2.945 W, so q_f = M tanh 1 = 2.243 W.
    public static let aluminiumPinFinInAir = FinProperties(
        validatedConductivity: 200, heatTransferCoefficient: 25,
        geometry: FinGeometry.validatedPin(diameter: 0.005, length: 0.1),
        baseTemperature: 100, ambientTemperature: 25, temperatureScale: .celsius)

    /// Excess temperature of the base, θ_b = T_b − T∞ [K].
    public var baseExcessTemperature: Double { baseTemperature - ambientTemperature }

    /// m = √(hP/(kA_c)) [1/m]; 1/m is the length over which an infinite fin cools by a factor e.
    public var m: Double {
        (heatTransferCoefficient * geometry.perimeter / (conductivity * geometry.crossSectionArea))
            .squareRoot()
    }

    /// The fin parameter N = mL (dimensionless); N² = hPL²/(kA_c) is the N² of the
    /// non-dimensional fin equation solved by `NonlinearFinSolver`.
    public var finParameter: Double { m * geometry.length }

    /// M = √(hPkA_c) θ_b [W], the heat rate of an infinitely long fin.
    public var characteristicHeatRate: Double {
        (heatTransferCoefficient * geometry.perimeter * conductivity * geometry.crossSectionArea)
            .squareRoot() * baseExcessTemperature
    }

    /// The same fin with another heat-transfer coefficient h [W/(m²·K)].
    ///
    /// - Throws: `FinParameterError` if h is outside 0 < h ≤ 10⁶.
    public func withHeatTransferCoefficient(_ heatTransferCoefficient: Double) throws
        -> FinProperties
    {
        try FinProperties(
            conductivity: conductivity, heatTransferCoefficient: heatTransferCoefficient,
            geometry: geometry, baseTemperature: baseTemperature,
            ambientTemperature: ambientTemperature, temperatureScale: temperatureScale)
    }

    /// The same fin with another geometry.
    public func withGeometry(_ geometry: FinGeometry) -> FinProperties {
        FinProperties(
            validatedConductivity: conductivity, heatTransferCoefficient: heatTransferCoefficient,
            geometry: geometry, baseTemperature: baseTemperature,
            ambientTemperature: ambientTemperature, temperatureScale: temperatureScale)
    }
}

extension FinGeometry {
    /// A pin from constants known to be in range (for `static let` defaults); tests check that
    /// the throwing `pin(diameter:length:)` accepts the same values.
    static func validatedPin(diameter: Double, length: Double) -> FinGeometry {
        FinGeometry(
            validatedPerimeter: Double.pi * diameter,
            crossSectionArea: Double.pi * diameter * diameter / 4, length: length)
    }
}
