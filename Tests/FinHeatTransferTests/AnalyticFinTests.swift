import Foundation
import Testing

@testable import FinHeatTransfer

/// Incropera Example 3.9: long pin fins, D = 5 mm, h = 100 W/(m²·K), T_b = 100 °C, T∞ = 25 °C.
private func exampleThreeNine(conductivity: Double, length: Double = 1) throws -> FinProperties {
    try FinProperties(
        conductivity: conductivity, heatTransferCoefficient: 100,
        geometry: try .pin(diameter: 0.005, length: length),
        baseTemperature: 100, ambientTemperature: 25)
}

/// The textbook forms with cosh/sinh, the oracle for the exponential forms in `AnalyticFin`.
private func textbookThetaRatio(_ fin: AnalyticFin, at x: Double) -> Double {
    let m = fin.m
    let length = fin.length
    let beta = fin.properties.heatTransferCoefficient / (m * fin.properties.conductivity)
    switch fin.tip {
    case .insulated:
        return cosh(m * (length - x)) / cosh(m * length)
    case .convective:
        return (cosh(m * (length - x)) + beta * sinh(m * (length - x)))
            / (cosh(m * length) + beta * sinh(m * length))
    case .prescribedTemperature(let tipTemperature):
        let r = (tipTemperature - fin.properties.ambientTemperature) / fin.baseExcessTemperature
        return (r * sinh(m * x) + sinh(m * (length - x))) / sinh(m * length)
    case .infinite:
        return exp(-m * x)
    }
}

private func textbookHeatRate(_ fin: AnalyticFin) -> Double {
    let M = fin.properties.characteristicHeatRate
    let mL = fin.m * fin.length
    let beta = fin.properties.heatTransferCoefficient / (fin.m * fin.properties.conductivity)
    switch fin.tip {
    case .insulated: return M * tanh(mL)
    case .convective: return M * (sinh(mL) + beta * cosh(mL)) / (cosh(mL) + beta * sinh(mL))
    case .prescribedTemperature(let tipTemperature):
        let r = (tipTemperature - fin.properties.ambientTemperature) / fin.baseExcessTemperature
        return M * (cosh(mL) - r) / sinh(mL)
    case .infinite: return M
    }
}

private let allTips: [FinTipCondition] = [
    .insulated, .convective, .prescribedTemperature(40), .infinite,
]

@Suite("AnalyticFin")
struct AnalyticFinTests {
    @Test(
        "infinite pin fins of Incropera Example 3.9 carry 8.3 W (Cu), 5.6 W (Al 2024), 1.6 W (SS 316)",
        arguments: [(398.0, 8.3), (180.0, 5.6), (14.0, 1.6)])
    func incroperaExampleThreeNine(conductivity: Double, heatRate: Double) throws {
        let fin = try AnalyticFin(properties: try exampleThreeNine(conductivity: conductivity), tip: .infinite)
        #expect(abs(fin.heatRate - heatRate) < 0.05)
    }

    @Test(
        "Example 3.9 (b): rods longer than 2.65/m (0.19 m Cu, 0.13 m Al, 0.04 m SS) act as infinite",
        arguments: [(398.0, 0.19), (180.0, 0.13), (14.0, 0.04)])
    func longEnoughToBeInfinite(conductivity: Double, textbookLength: Double) throws {
        let properties = try exampleThreeNine(conductivity: conductivity)
        #expect(abs(2.65 / properties.m - textbookLength) < 0.005)
        let insulated = try AnalyticFin(
            properties: properties.withGeometry(try properties.geometry.withLength(2.65 / properties.m)),
            tip: .insulated)
        let infinite = try AnalyticFin(properties: properties, tip: .infinite)
        #expect(abs(insulated.heatRate / infinite.heatRate - 0.99) < 0.001)  // tanh 2.65 = 0.990
    }

    @Test("exponential forms equal the textbook cosh/sinh forms for θ(x) and q_f", arguments: allTips)
    func matchesTextbookForms(tip: FinTipCondition) throws {
        for (h, length) in [(25.0, 0.1), (2.5, 0.01), (400.0, 0.3)] {
            let properties = try FinProperties.aluminiumPinFinInAir.withHeatTransferCoefficient(h)
                .withGeometry(try FinProperties.aluminiumPinFinInAir.geometry.withLength(length))
            let fin = try AnalyticFin(properties: properties, tip: tip)
            for i in 0...10 {
                let x = length * Double(i) / 10
                let expected = fin.baseExcessTemperature * textbookThetaRatio(fin, at: x)
                #expect(abs(fin.excessTemperature(at: x) - expected) <= 1e-12 * 75)
            }
            #expect(abs(fin.heatRate - textbookHeatRate(fin)) <= 1e-12 * abs(fin.heatRate))
        }
    }

    @Test("each profile meets its base and tip conditions", arguments: allTips)
    func boundaryConditions(tip: FinTipCondition) throws {
        let fin = try AnalyticFin(properties: .aluminiumPinFinInAir, tip: tip)
        let length = fin.length
        #expect(abs(fin.temperature(at: 0) - 100) < 1e-12)
        let k = fin.properties.conductivity
        let h = fin.properties.heatTransferCoefficient
        switch tip {
        case .insulated:
            #expect(abs(fin.excessTemperatureGradient(at: length)) < 1e-12)
        case .convective:
            // −k θ′(L) = h θ(L)
            let conducted = -k * fin.excessTemperatureGradient(at: length)
            #expect(abs(conducted - h * fin.excessTemperature(at: length)) < 1e-10)
        case .prescribedTemperature(let tipTemperature):
            #expect(abs(fin.temperature(at: length) - tipTemperature) < 1e-12)
        case .infinite:
            #expect(fin.excessTemperature(at: 100) < 1e-300)
        }
    }

    @Test("dθ/dx agrees with a central difference of θ(x)", arguments: allTips)
    func gradientAgreesWithFiniteDifference(tip: FinTipCondition) throws {
        let fin = try AnalyticFin(properties: .aluminiumPinFinInAir, tip: tip)
        let step = 1e-6
        for x in [0.01, 0.03, 0.05, 0.07, 0.09] {
            let centralDifference =
                (fin.excessTemperature(at: x + step) - fin.excessTemperature(at: x - step)) / (2 * step)
            let analytic = fin.excessTemperatureGradient(at: x)
            #expect(abs(analytic - centralDifference) <= 1e-6 * abs(analytic))
        }
    }

    @Test("q_f = −kA_c θ′(0) equals the heat convected from the sides plus what leaves the tip", arguments: allTips)
    func energyBalance(tip: FinTipCondition) throws {
        let fin = try AnalyticFin(properties: .aluminiumPinFinInAir, tip: tip)
        let g = fin.properties.geometry
        let k = fin.properties.conductivity
        let h = fin.properties.heatTransferCoefficient
        let throughBase = -k * g.crossSectionArea * fin.excessTemperatureGradient(at: 0)
        #expect(abs(throughBase - fin.heatRate) <= 1e-12 * fin.heatRate)
        // Simpson's rule for ∫₀^L hPθ dx; the infinite fin's integral runs to where e^(−mx) < 1e−17.
        let upper = tip == .infinite ? 40 / fin.m : fin.length
        let intervals = 2000
        let dx = upper / Double(intervals)
        var sum = fin.excessTemperature(at: 0) + fin.excessTemperature(at: upper)
        for i in 1..<intervals {
            sum += Double(i % 2 == 0 ? 2 : 4) * fin.excessTemperature(at: Double(i) * dx)
        }
        let fromSides = h * g.perimeter * sum * dx / 3
        let throughTip = tip == .infinite ? 0 : -k * g.crossSectionArea * fin.excessTemperatureGradient(at: upper)
        #expect(abs(fromSides + throughTip - fin.heatRate) <= 1e-9 * fin.heatRate)
    }

    @Test("the insulated-tip efficiency is tanh(mL)/(mL): tanh 1 = 0.7616 for the default fin")
    func insulatedEfficiency() throws {
        let fin = try AnalyticFin(properties: .aluminiumPinFinInAir, tip: .insulated)
        #expect(abs(fin.efficiency - tanh(1.0)) < 1e-12)
        #expect(abs(fin.heatRate - 2.2430) < 1e-4)
        #expect(abs(fin.effectiveness - fin.heatRate / (25 * fin.properties.geometry.crossSectionArea * 75)) < 1e-12)
        for length in [0.001, 0.05, 0.3, 1.0] {
            let properties = FinProperties.aluminiumPinFinInAir
                .withGeometry(try FinProperties.aluminiumPinFinInAir.geometry.withLength(length))
            let mL = properties.finParameter
            let fin = try AnalyticFin(properties: properties, tip: .insulated)
            #expect(abs(fin.efficiency - tanh(mL) / mL) < 1e-12)
        }
    }

    @Test("the convective-tip efficiency divides by A_fin = PL + A_c and is close to the corrected-length fin L + D/4")
    func convectiveEfficiency() throws {
        let fin = try AnalyticFin(properties: .aluminiumPinFinInAir, tip: .convective)
        let g = fin.properties.geometry
        let expected = fin.heatRate / (25 * (g.perimeter * g.length + g.crossSectionArea) * 75)
        #expect(abs(fin.efficiency - expected) < 1e-15)
        // Incropera eq. 3.92: an insulated fin of corrected length L_c = L + D/4.
        let corrected = try AnalyticFin(
            properties: fin.properties.withGeometry(try g.withLength(g.length + 0.005 / 4)),
            tip: .insulated)
        #expect(abs(corrected.heatRate / fin.heatRate - 1) < 1e-4)
    }

    @Test("as L grows the insulated fin becomes the infinite fin, without overflow at mL = 1000")
    func insulatedTendsToInfinite() throws {
        var previousGap = Double.infinity
        for length in [0.1, 0.2, 0.4, 0.8] {
            let properties = FinProperties.aluminiumPinFinInAir
                .withGeometry(try FinProperties.aluminiumPinFinInAir.geometry.withLength(length))
            let insulated = try AnalyticFin(properties: properties, tip: .insulated)
            let infinite = try AnalyticFin(properties: properties, tip: .infinite)
            let gap = abs(infinite.heatRate - insulated.heatRate) / infinite.heatRate
            #expect(gap < previousGap)
            previousGap = gap
        }
        #expect(previousGap < 1e-6)  // 1 − tanh 8 = 2.3e−7

        // mL = 1000: cosh mL overflows, the exponential forms do not.
        // h = 2500 gives m = √(4h/(kD)) = 100 m⁻¹; L = 10 m.
        let long = try FinProperties.aluminiumPinFinInAir.withHeatTransferCoefficient(2500)
            .withGeometry(try FinProperties.aluminiumPinFinInAir.geometry.withLength(10))
        #expect(abs(long.finParameter - 1000) < 1e-9)
        for tip in allTips {
            let fin = try AnalyticFin(properties: long, tip: tip)
            #expect(fin.heatRate.isFinite)
            #expect(fin.excessTemperatureGradient(at: 10).isFinite)
            for x in [0.0, 0.01, 0.05, 5, 10] {
                let theta = fin.excessTemperature(at: x)
                #expect(theta.isFinite)
                if x <= 0.05 { #expect(abs(theta - 75 * exp(-100 * x)) < 1e-12) }
            }
        }
    }

    @Test("a fin colder than the fluid (θ_b < 0) gains heat: q_f < 0, same efficiency")
    func coldFin() throws {
        let cold = try FinProperties(
            conductivity: 200, heatTransferCoefficient: 25,
            geometry: FinProperties.aluminiumPinFinInAir.geometry,
            baseTemperature: -50, ambientTemperature: 25)
        let fin = try AnalyticFin(properties: cold, tip: .insulated)
        #expect(fin.heatRate < 0)
        #expect(abs(fin.efficiency - tanh(1.0)) < 1e-12)
        #expect(fin.temperature(at: 0.1) > -50 && fin.temperature(at: 0.1) < 25)
    }

    @Test("a prescribed tip temperature below absolute zero is rejected")
    func rejectsImpossibleTipTemperature() {
        #expect(throws: FinParameterError.self) {
            try AnalyticFin(properties: .aluminiumPinFinInAir, tip: .prescribedTemperature(-300))
        }
    }
}
