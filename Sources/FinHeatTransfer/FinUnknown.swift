import Foundation

/// A quantity of a fin that readings can estimate: h alone, or h with T∞, T_b or k.
///
/// The temperature profile depends on h and k only through m² = hP/(kA_c) (and, for a
/// convective tip, β = h/(mk)), so h and k together are separable only by the tip; the fit
/// reports that through the condition number of its normal matrix instead of a number.
public enum FinUnknown: String, CaseIterable, Equatable, Hashable, Sendable {
    /// Heat-transfer coefficient h [W/(m²·K)].
    case h
    /// Ambient (fluid) temperature T∞ [fin's scale].
    case ambientTemperature = "Tinf"
    /// Base temperature T_b [fin's scale].
    case baseTemperature = "Tb"
    /// Thermal conductivity k [W/(m·K)].
    case conductivity = "k"
    /// G = q̇∞ A_c/(hPθ_b) of the nonlinear fin (``NonlinearFinParameters``), dimensionless.
    case heatGeneration = "G"
    /// ε_G in q̇ = q̇∞ (1 + ε_G θ) of the nonlinear fin, dimensionless.
    case generationCoefficient = "epsG"

    /// Whether it belongs to the nonlinear fin only (``NonlinearFinTerms``).
    public var isNonlinear: Bool { self == .heatGeneration || self == .generationCoefficient }

    /// The symbol the output uses.
    public var symbol: String {
        switch self {
        case .h: "h"
        case .ambientTemperature: "T∞"
        case .baseTemperature: "T_b"
        case .conductivity: "k"
        case .heatGeneration: "G"
        case .generationCoefficient: "ε_G"
        }
    }

    /// The unit of the quantity (temperatures on `scale`).
    public func unit(_ scale: TemperatureScale = .celsius) -> String {
        switch self {
        case .h: "W/(m²·K)"
        case .ambientTemperature, .baseTemperature: scale.symbol
        case .conductivity: "W/(m·K)"
        case .heatGeneration, .generationCoefficient: "(dimensionless)"
        }
    }

    /// The quantity's value in `fin` (G and ε_G: 0, the linear fin's; see
    /// ``value(in:nonlinear:)``).
    public func value(in fin: FinProperties) -> Double {
        value(in: fin, nonlinear: nil)
    }

    /// The quantity's value in `fin` and `terms` (nil: the linear fin, G = ε_G = 0).
    public func value(in fin: FinProperties, nonlinear terms: NonlinearFinTerms?) -> Double {
        switch self {
        case .h: fin.heatTransferCoefficient
        case .ambientTemperature: fin.ambientTemperature
        case .baseTemperature: fin.baseTemperature
        case .conductivity: fin.conductivity
        case .heatGeneration: terms?.heatGeneration ?? 0
        case .generationCoefficient: terms?.generationCoefficient ?? 0
        }
    }

    /// `fin` with the given values of `unknowns`.
    ///
    /// - Throws: `FinParameterError` for a value the fin model rejects (h ≤ 0, T_b = T∞, …).
    public static func fin(_ fin: FinProperties, setting unknowns: [FinUnknown], to values: [Double]) throws
        -> FinProperties
    {
        var k = fin.conductivity, h = fin.heatTransferCoefficient
        var base = fin.baseTemperature, ambient = fin.ambientTemperature
        for (unknown, value) in zip(unknowns, values) {
            switch unknown {
            case .h: h = value
            case .ambientTemperature: ambient = value
            case .baseTemperature: base = value
            case .conductivity: k = value
            case .heatGeneration, .generationCoefficient: break     // in NonlinearFinTerms
            }
        }
        return try FinProperties(
            conductivity: k, heatTransferCoefficient: h, geometry: fin.geometry,
            baseTemperature: base, ambientTemperature: ambient, temperatureScale: fin.temperatureScale)
    }

    /// Parses a list such as `h`, `h,Tinf`, `h, Tb` (also `T∞`, `T_b`, `Tinf`, `Tamb`).
    ///
    /// - Throws: a message naming the word that is not an unknown, or a repeated one, or a list
    ///   without h.
    public static func parseList(_ text: String) throws(FinUnknownListError) -> [FinUnknown] {
        var result: [FinUnknown] = []
        for word in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let unknown: FinUnknown
            switch word.lowercased() {
            case "h": unknown = .h
            case "tinf", "t∞", "tamb", "ambient": unknown = .ambientTemperature
            case "tb", "t_b", "base": unknown = .baseTemperature
            case "k": unknown = .conductivity
            case "g": unknown = .heatGeneration
            case "epsg", "eps_g", "ε_g", "εg": unknown = .generationCoefficient
            default: throw FinUnknownListError(message: "'\(word)' is not an unknown; choose from h, Tinf, Tb, k, G, epsG (e.g. h,Tinf)")
            }
            guard !result.contains(unknown) else {
                throw FinUnknownListError(message: "'\(word)' is listed twice")
            }
            result.append(unknown)
        }
        guard result.contains(.h) else {
            throw FinUnknownListError(message: "'\(text)' has no h; the unknowns are h and, optionally, Tinf, Tb, k, or the nonlinear fin's G and epsG")
        }
        return result
    }
}

/// A list of unknowns that cannot be read (see ``FinUnknown/parseList(_:)``).
public struct FinUnknownListError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public var description: String { message }
}
