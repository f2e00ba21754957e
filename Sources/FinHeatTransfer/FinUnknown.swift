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

    /// The symbol the output uses.
    public var symbol: String {
        switch self {
        case .h: "h"
        case .ambientTemperature: "T∞"
        case .baseTemperature: "T_b"
        case .conductivity: "k"
        }
    }

    /// The unit of the quantity (temperatures on `scale`).
    public func unit(_ scale: TemperatureScale = .celsius) -> String {
        switch self {
        case .h: "W/(m²·K)"
        case .ambientTemperature, .baseTemperature: scale.symbol
        case .conductivity: "W/(m·K)"
        }
    }

    /// The quantity's value in `fin`.
    public func value(in fin: FinProperties) -> Double {
        switch self {
        case .h: fin.heatTransferCoefficient
        case .ambientTemperature: fin.ambientTemperature
        case .baseTemperature: fin.baseTemperature
        case .conductivity: fin.conductivity
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
            default: throw FinUnknownListError(message: "'\(word)' is not an unknown; choose from h, Tinf, Tb, k (e.g. h,Tinf)")
            }
            guard !result.contains(unknown) else {
                throw FinUnknownListError(message: "'\(word)' is listed twice")
            }
            result.append(unknown)
        }
        guard result.contains(.h) else {
            throw FinUnknownListError(message: "'\(text)' has no h; the unknowns are h and, optionally, Tinf, Tb or k")
        }
        return result
    }
}

/// A list of unknowns that cannot be read (see ``FinUnknown/parseList(_:)``).
public struct FinUnknownListError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public var description: String { message }
}
