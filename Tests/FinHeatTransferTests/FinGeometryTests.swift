import Foundation
import Testing

@testable import FinHeatTransfer

@Suite("FinGeometry")
struct FinGeometryTests {
    @Test("a pin of diameter D has P = πD and A_c = πD²/4")
    func pinPerimeterAndArea() throws {
        let pin = try FinGeometry.pin(diameter: 0.005, length: 0.1)
        #expect(abs(pin.perimeter - Double.pi * 0.005) < 1e-15)
        #expect(abs(pin.crossSectionArea - Double.pi * 0.005 * 0.005 / 4) < 1e-18)
        #expect(pin.length == 0.1)
    }

    @Test("a rectangular fin has P = 2(w + t) and A_c = w t")
    func rectangularPerimeterAndArea() throws {
        let plate = try FinGeometry.rectangular(width: 0.1, thickness: 0.002, length: 0.03)
        #expect(abs(plate.perimeter - 0.204) < 1e-15)
        #expect(abs(plate.crossSectionArea - 2e-4) < 1e-18)
    }

    @Test("the unchecked default pin equals the validated pin")
    func validatedPinAgrees() throws {
        #expect(
            FinGeometry.validatedPin(diameter: 0.005, length: 0.1)
                == (try FinGeometry.pin(diameter: 0.005, length: 0.1)))
    }

    @Test(
        "non-positive, non-finite or out-of-range lengths are rejected, naming the field",
        arguments: [
            (0.0, 0.1, "diameter"), (-0.005, 0.1, "diameter"), (.nan, 0.1, "diameter"),
            (5.0, 0.1, "diameter"), (0.005, 0.0, "length"), (0.005, .infinity, "length"),
            (0.005, 11.0, "length"),
        ])
    func pinRejectsBadValues(diameter: Double, length: Double, field: String) {
        do {
            _ = try FinGeometry.pin(diameter: diameter, length: length)
            Issue.record("pin(diameter: \(diameter), length: \(length)) was accepted")
        } catch let error as FinParameterError {
            #expect(error.field == field)
            #expect(error.description.contains(field))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a perimeter shorter than a circle's of the same area is rejected")
    func isoperimetricInequality() {
        // A_c = 1 cm² needs P ≥ √(4π·10⁻⁴) = 35.4 mm; 30 mm is impossible.
        #expect(throws: FinParameterError.self) {
            try FinGeometry(perimeter: 0.03, crossSectionArea: 1e-4, length: 0.1)
        }
        #expect(throws: Never.self) {
            try FinGeometry(perimeter: 0.04, crossSectionArea: 1e-4, length: 0.1)
        }
    }

    @Test("withLength keeps the cross-section and validates the new length")
    func withLength() throws {
        let pin = try FinGeometry.pin(diameter: 0.005, length: 0.1)
        let longer = try pin.withLength(0.5)
        #expect(longer.perimeter == pin.perimeter)
        #expect(longer.crossSectionArea == pin.crossSectionArea)
        #expect(longer.length == 0.5)
        #expect(throws: FinParameterError.self) { try pin.withLength(-1) }
    }
}
