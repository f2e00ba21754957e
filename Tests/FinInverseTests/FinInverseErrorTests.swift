import FinInverse
import Testing

@Suite("Errors name the setting, what was expected and what arrived")
struct FinInverseErrorTests {
    @Test("a bad setting names itself, the value and the range")
    func invalidSetting() {
        var c = FinSurrogateConfiguration()
        c.epochs = 0
        do {
            try c.validate()
            Issue.record("epochs = 0 was accepted")
        } catch {
            #expect(error.description == "surrogate epochs = 0 is invalid: expected 1 … 1000000")
        }
    }

    @Test("mismatched measurements say how many arrived and how many were expected")
    func invalidMeasurements() {
        let error = FinInverseError.invalidMeasurements("8 temperatures for 9 positions; expected one per position")
        #expect(error.description == "measurements: 8 temperatures for 9 positions; expected one per position")
    }
}
