import FinHeatTransfer
import FinInverse
import Testing

@Suite("The experiment behind backprop fin")
struct FinInverseExperimentTests {
    @Test("the networks learn h over [0.4 h, 4 h]: 10 … 100 W/(m²·K) for the default fin")
    func defaultRange() {
        let c = FinInverseExperimentConfiguration()
        #expect(c.heatTransferCoefficient == 25)
        #expect(c.heatTransferRange == 10...100)
        #expect(c.noiseStandardDeviation == 0.01 * c.fin.baseExcessTemperature)
    }

    @Test("the range stops at the fin model's largest h, 10⁶ W/(m²·K)")
    func cappedRange() throws {
        var c = FinInverseExperimentConfiguration()
        c.fin = try FinProperties.aluminiumPinFinInAir.withHeatTransferCoefficient(400_000)
        #expect(c.heatTransferRange == 160_000...1_000_000)
    }

    @Test("a negative noise is rejected before anything is trained")
    func rejectsNegativeNoise() {
        var c = FinInverseExperimentConfiguration()
        c.noiseStandardDeviation = -1
        #expect(throws: FinInverseError.self) { try FinInverseExperiment.run(c) }
    }
}
