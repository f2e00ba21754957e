import FinHeatTransfer
import FinInverse
import Testing

@Suite("Slab: one linear neuron is least squares")
struct SlabNeuronTests {
    @Test("gradient descent on the linear neuron reaches the normal-equation slope to 1e-6 K/m")
    func slopeMatchesNormalEquations() throws {
        let fit = try SlabNeuron.fit()
        #expect(fit.slopeDifference < 1e-6)
        #expect(abs(fit.slope - (-50.6)) < 0.05)
        #expect(abs(fit.intercept - fit.normalEquations.intercept) < 1e-6)
    }

    @Test("the heat flux q = −k s is about 2.25 kW/m²")
    func heatFlux() throws {
        let fit = try SlabNeuron.fit()
        #expect(abs(fit.heatFlux - 2251.7) < 1)
        #expect(abs(fit.heatFlux - fit.normalEquations.heatFlux) < 1e-4)
    }

    @Test("the inputs are scaled by the positions' mean and σ (1, 3, 5, 7, 9 cm) before the neuron sees them")
    func inputScaling() throws {
        let fit = try SlabNeuron.fit()
        #expect(abs(fit.positionMean - 0.05) < 1e-12)
        #expect(abs(fit.positionScale - 0.0008.squareRoot()) < 1e-12)
        // The conversion back to metres is checked against the normal equations in
        // slopeMatchesNormalEquations.
    }

    @Test("J falls every epoch and too few epochs leave the slope off")
    func convergence() throws {
        let fit = try SlabNeuron.fit(epochs: 5)
        let costs = fit.history.records.map(\.trainingCost)
        #expect(zip(costs, costs.dropFirst()).allSatisfy { $1 < $0 })
        #expect(fit.slopeDifference > 1e-3)
    }

    @Test("rejects zero epochs and a non-positive learning rate")
    func rejectsBadSettings() {
        #expect(throws: FinInverseError.self) { try SlabNeuron.fit(epochs: 0) }
        #expect(throws: FinInverseError.self) { try SlabNeuron.fit(learningRate: 0) }
    }
}
