import Foundation

/// The boundary condition at the fin tip, x = L.
public enum FinTipCondition: Equatable, Sendable {
    /// Adiabatic tip: dθ/dx(L) = 0.
    case insulated
    /// Convective tip with the same h as the sides: −k dθ/dx(L) = h θ(L).
    case convective
    /// Tip held at the temperature T_L (on the fin's `temperatureScale`): θ(L) = θ_L = T_L − T∞.
    case prescribedTemperature(Double)
    /// Infinitely long fin: θ → 0 as x → ∞ (a good model when mL ≳ 2.65, where tanh mL > 0.99).
    case infinite
}

/// The closed-form solution of the linear fin, d²θ/dx² − m²θ = 0, θ(0) = θ_b, for the four
/// textbook tip conditions (Incropera, *Fundamentals of Heat and Mass Transfer*, Table 3.4).
///
/// With β = h/(mk) and M = √(hPkA_c) θ_b:
///
/// | tip | θ/θ_b | q_f |
/// |---|---|---|
/// | convective | [cosh m(L−x) + β sinh m(L−x)] / [cosh mL + β sinh mL] | M (sinh mL + β cosh mL)/(cosh mL + β sinh mL) |
/// | insulated | cosh m(L−x) / cosh mL | M tanh mL |
/// | prescribed θ_L | [(θ_L/θ_b) sinh mx + sinh m(L−x)] / sinh mL | M (cosh mL − θ_L/θ_b) / sinh mL |
/// | infinite | e^(−mx) | M |
///
/// The code evaluates these ratios in exponential form, e.g.
/// cosh m(L−x)/cosh mL = e^(−mx) (1 + e^(−2m(L−x))) / (1 + e^(−2mL)), so they neither overflow
/// for large mL (cosh overflows at mL ≈ 710) nor lose digits for small mL (via `expm1`).
public struct AnalyticFin: Equatable, Sendable {
    /// Material, convection, geometry and temperatures.
    public let properties: FinProperties
    /// The tip boundary condition.
    public let tip: FinTipCondition

    /// A fin with the given properties and tip condition.
    ///
    /// - Throws: `FinParameterError` if a prescribed tip temperature is below absolute zero or
    ///   above 5000 K.
    public init(properties: FinProperties, tip: FinTipCondition) throws {
        if case .prescribedTemperature(let tipTemperature) = tip {
            try FinProperties.requireTemperature(
                tipTemperature, field: "tip temperature", symbol: "T_L",
                scale: properties.temperatureScale)
        }
        self.properties = properties
        self.tip = tip
    }

    /// m = √(hP/(kA_c)) [1/m].
    public var m: Double { properties.m }
    /// Fin length L [m].
    public var length: Double { properties.geometry.length }
    /// θ_b = T_b − T∞ [K].
    public var baseExcessTemperature: Double { properties.baseExcessTemperature }
    /// β = h/(mk), the tip Biot-like ratio in the convective-tip formulas.
    var tipRatio: Double { properties.heatTransferCoefficient / (m * properties.conductivity) }
    /// θ_L/θ_b for a prescribed tip temperature.
    var tipTemperatureRatio: Double {
        guard case .prescribedTemperature(let tipTemperature) = tip else { return 0 }
        return (tipTemperature - properties.ambientTemperature) / baseExcessTemperature
    }

    /// Excess temperature θ(x) = T(x) − T∞ [K], from the table above.
    ///
    /// - Parameter x: distance from the base [m], 0 ≤ x ≤ L (any x ≥ 0 for `.infinite`).
    public func excessTemperature(at x: Double) -> Double {
        let x = clampedPosition(x)
        let mL = m * length
        let a = Foundation.exp(-m * x)  // e^(−mx)
        switch tip {
        case .infinite:
            // θ/θ_b = e^(−mx)
            return baseExcessTemperature * a
        case .insulated:
            // θ/θ_b = cosh m(L−x)/cosh mL
            let b2 = Foundation.exp(-2 * m * (length - x))
            return baseExcessTemperature * a * (1 + b2) / (1 + Foundation.exp(-2 * mL))
        case .convective:
            // θ/θ_b = [cosh m(L−x) + β sinh m(L−x)] / [cosh mL + β sinh mL]
            let beta = tipRatio
            let b2 = Foundation.exp(-2 * m * (length - x))
            let numerator = (1 + beta) + (1 - beta) * b2
            let denominator = (1 + beta) + (1 - beta) * Foundation.exp(-2 * mL)
            return baseExcessTemperature * a * numerator / denominator
        case .prescribedTemperature:
            // θ/θ_b = [(θ_L/θ_b) sinh mx + sinh m(L−x)] / sinh mL
            let r = tipTemperatureRatio
            let b = Foundation.exp(-m * (length - x))
            let sinhRatioTip = b * -Foundation.expm1(-2 * m * x)  // ∝ sinh mx
            let sinhRatioBase = a * -Foundation.expm1(-2 * m * (length - x))  // ∝ sinh m(L−x)
            return baseExcessTemperature * (r * sinhRatioTip + sinhRatioBase)
                / -Foundation.expm1(-2 * mL)
        }
    }

    /// Temperature T(x) = T∞ + θ(x), on the fin's `temperatureScale`.
    ///
    /// - Parameter x: distance from the base [m], 0 ≤ x ≤ L (any x ≥ 0 for `.infinite`).
    public func temperature(at x: Double) -> Double {
        properties.ambientTemperature + excessTemperature(at: x)
    }

    /// The gradient dθ/dx = dT/dx [K/m], differentiated from the table above:
    ///
    /// - insulated: −m θ_b sinh m(L−x)/cosh mL
    /// - convective: −m θ_b [sinh m(L−x) + β cosh m(L−x)] / [cosh mL + β sinh mL]
    /// - prescribed: m θ_b [(θ_L/θ_b) cosh mx − cosh m(L−x)] / sinh mL
    /// - infinite: −m θ_b e^(−mx)
    ///
    /// - Parameter x: distance from the base [m], 0 ≤ x ≤ L (any x ≥ 0 for `.infinite`).
    public func excessTemperatureGradient(at x: Double) -> Double {
        let x = clampedPosition(x)
        let mL = m * length
        let a = Foundation.exp(-m * x)
        switch tip {
        case .infinite:
            return -m * baseExcessTemperature * a
        case .insulated:
            let b2 = Foundation.exp(-2 * m * (length - x))
            return -m * baseExcessTemperature * a * (1 - b2) / (1 + Foundation.exp(-2 * mL))
        case .convective:
            let beta = tipRatio
            let b2 = Foundation.exp(-2 * m * (length - x))
            let numerator = (1 + beta) - (1 - beta) * b2
            let denominator = (1 + beta) + (1 - beta) * Foundation.exp(-2 * mL)
            return -m * baseExcessTemperature * a * numerator / denominator
        case .prescribedTemperature:
            let r = tipTemperatureRatio
            let b = Foundation.exp(-m * (length - x))
            let coshRatioTip = b * (1 + a * a)  // ∝ cosh mx
            let coshRatioBase = a * (1 + b * b)  // ∝ cosh m(L−x)
            return m * baseExcessTemperature * (r * coshRatioTip - coshRatioBase)
                / -Foundation.expm1(-2 * mL)
        }
    }

    /// Heat rate through the base, q_f = −kA_c dθ/dx(0) [W], from the table above
    /// (M tanh mL, M (sinh mL + β cosh mL)/(cosh mL + β sinh mL), M (cosh mL − θ_L/θ_b)/sinh mL,
    /// M). Positive when heat flows from the wall into the fin (θ_b > 0).
    public var heatRate: Double {
        let M = properties.characteristicHeatRate
        let e2 = Foundation.exp(-2 * m * length)  // e^(−2mL)
        switch tip {
        case .infinite:
            return M
        case .insulated:
            return M * Foundation.tanh(m * length)
        case .convective:
            let beta = tipRatio
            return M * ((1 + beta) - (1 - beta) * e2) / ((1 + beta) + (1 - beta) * e2)
        case .prescribedTemperature:
            // (cosh mL − r)/sinh mL = [(1 + e^(−2mL)) − 2r e^(−mL)] / (1 − e^(−2mL))
            let r = tipTemperatureRatio
            return M * ((1 + e2) - 2 * r * Foundation.exp(-m * length))
                / -Foundation.expm1(-2 * m * length)
        }
    }

    /// The surface that convects, A_fin [m²]: P L, plus the tip A_c for `.convective`.
    ///
    /// For `.infinite` this is P L of the fin's stated length, so `efficiency` = 1/(mL) is that of
    /// a long fin of length L modelled as infinite.
    public var finSurfaceArea: Double {
        let sides = properties.geometry.perimeter * length
        return tip == .convective ? sides + properties.geometry.crossSectionArea : sides
    }

    /// Fin efficiency η_f = q_f / (h A_fin θ_b): the heat rate over that of a fin held at T_b
    /// everywhere. Insulated tip: tanh(mL)/(mL). For `.prescribedTemperature` the denominator
    /// is still h P L θ_b although heat also leaves through the tip.
    public var efficiency: Double {
        heatRate / (properties.heatTransferCoefficient * finSurfaceArea * baseExcessTemperature)
    }

    /// Fin effectiveness ε_f = q_f / (h A_c θ_b): the heat rate over that of the bare base area.
    /// A fin is worth fitting when ε_f ≳ 2.
    public var effectiveness: Double {
        heatRate
            / (properties.heatTransferCoefficient * properties.geometry.crossSectionArea
                * baseExcessTemperature)
    }

    /// Checks 0 ≤ x ≤ L (x ≥ 0 for the infinite fin) and snaps x = L(1 + 1e−12) to L, so that
    /// positions computed as L·i/n land on the tip.
    private func clampedPosition(_ x: Double) -> Double {
        if tip == .infinite {
            precondition(x >= 0 && x.isFinite, "AnalyticFin: x = \(x) m must be ≥ 0")
            return x
        }
        precondition(
            x >= 0 && x <= length * (1 + 1e-12),
            "AnalyticFin: x = \(x) m must lie on the fin, 0 ≤ x ≤ L = \(length) m")
        return Swift.min(x, length)
    }
}
