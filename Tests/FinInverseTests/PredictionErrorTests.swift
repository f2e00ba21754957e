import FinInverse
import Testing

@Suite("Prediction error")
struct PredictionErrorTests {
    @Test("RMS, maximum and relative RMS of known errors")
    func knownErrors() {
        let error = PredictionError(predictions: [11, 18, 30], truths: [10, 20, 30])
        #expect(abs(error.rms - (5.0 / 3).squareRoot()) < 1e-15)
        #expect(error.maximum == 2)
        #expect(abs(error.relativeRMS - ((0.01 + 0.01) / 3).squareRoot()) < 1e-15)
        #expect(error.count == 3)
    }
}
