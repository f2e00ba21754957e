import Foundation
import Testing

@testable import FinHeatTransfer

@Suite("FinProperties")
struct FinPropertiesTests {
    @Test("the default aluminium pin in air has mL = 1 and M = 2.945 W as documented")
    func defaultFin() throws {
        let fin = FinProperties.aluminiumPinFinInAir
        #expect(fin.conductivity == 200)
        #expect(fin.heatTransferCoefficient == 25)
        #expect(fin.baseExcessTemperature == 75)
        #expect(abs(fin.m - 10) < 1e-12)
        #expect(abs(fin.finParameter - 1) < 1e-12)
        #expect(abs(fin.characteristicHeatRate - 2.945) < 5e-4)
        // The unchecked static equals the validated construction.
        let validated = try FinProperties(
            conductivity: 200, heatTransferCoefficient: 25,
            geometry: try .pin(diameter: 0.005, length: 0.1),
            baseTemperature: 100, ambientTemperature: 25)
        #expect(validated == fin)
    }

    @Test(
        "k and h outside their ranges are rejected with the field, value and range",
        arguments: [
            (0.0, 25.0, "conductivity"), (-200.0, 25.0, "conductivity"),
            (6000.0, 25.0, "conductivity"), (.nan, 25.0, "conductivity"),
            (200.0, 0.0, "heat-transfer coefficient"), (200.0, 2e6, "heat-transfer coefficient"),
            (200.0, .infinity, "heat-transfer coefficient"),
        ])
    func rejectsConductivityAndCoefficient(k: Double, h: Double, field: String) throws {
        let geometry = try FinGeometry.pin(diameter: 0.005, length: 0.1)
        do {
            _ = try FinProperties(
                conductivity: k, heatTransferCoefficient: h, geometry: geometry,
                baseTemperature: 100, ambientTemperature: 25)
            Issue.record("k = \(k), h = \(h) was accepted")
        } catch let error as FinParameterError {
            #expect(error.field == field)
            #expect(error.description.contains("allowed range"))
        }
    }

    @Test("temperatures at or below absolute zero, or equal base and ambient, are rejected")
    func rejectsTemperatures() throws {
        let geometry = try FinGeometry.pin(diameter: 0.005, length: 0.1)
        func make(_ base: Double, _ ambient: Double, _ scale: TemperatureScale) throws {
            _ = try FinProperties(
                conductivity: 200, heatTransferCoefficient: 25, geometry: geometry,
                baseTemperature: base, ambientTemperature: ambient, temperatureScale: scale)
        }
        #expect(throws: FinParameterError.self) { try make(-300, 25, .celsius) }
        #expect(throws: FinParameterError.self) { try make(100, 0, .kelvin) }
        #expect(throws: FinParameterError.self) { try make(6000, 300, .kelvin) }
        #expect(throws: FinParameterError.self) { try make(50, 50, .celsius) }
        // A fin colder than the fluid (θ_b < 0) is physical.
        #expect(throws: Never.self) { try make(5, 25, .celsius) }
        #expect(throws: Never.self) { try make(373.15, 298.15, .kelvin) }
    }

    @Test("θ_b and m are the same whether temperatures are given in °C or K")
    func scaleDoesNotChangeDifferences() throws {
        let celsius = FinProperties.aluminiumPinFinInAir
        let kelvin = try FinProperties(
            conductivity: 200, heatTransferCoefficient: 25, geometry: celsius.geometry,
            baseTemperature: 373.15, ambientTemperature: 298.15, temperatureScale: .kelvin)
        #expect(abs(kelvin.baseExcessTemperature - celsius.baseExcessTemperature) < 1e-12)
        #expect(kelvin.m == celsius.m)
    }

    @Test("withHeatTransferCoefficient changes h only and validates it")
    func withHeatTransferCoefficient() throws {
        let fin = try FinProperties.aluminiumPinFinInAir.withHeatTransferCoefficient(100)
        #expect(fin.heatTransferCoefficient == 100)
        #expect(abs(fin.m - 20) < 1e-12)  // m ∝ √h
        #expect(throws: FinParameterError.self) {
            try FinProperties.aluminiumPinFinInAir.withHeatTransferCoefficient(-1)
        }
    }
}
