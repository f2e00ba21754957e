import Backprop
import FinHeatTransfer
import Foundation

/// The slab's line fitted by a single linear neuron trained by gradient descent, beside the
/// normal-equation answer it must reproduce.
public struct SlabNeuronFit: Equatable, Sendable {
    /// The neuron's weight w and bias b, in standardised x: ŷ = w x_s + b.
    public let weight: Double, bias: Double
    /// μ_x and σ_x of the standardisation x_s = (x − μ_x)/σ_x [m].
    public let positionMean: Double, positionScale: Double
    /// s = w/σ_x [K/m], converted back to metres.
    public let slope: Double
    /// T₀ = b − w μ_x/σ_x [°C], the line at x = 0.
    public let intercept: Double
    /// q = −k s [W/m²].
    public let heatFlux: Double
    /// The normal equations' answer (`Slab.fitLine()`).
    public let normalEquations: SlabLineFit
    /// Epochs of full-batch gradient descent.
    public let epochs: Int
    /// J (mean, K²) after each epoch.
    public let history: TrainingHistory

    /// |s_neuron − s_normal| [K/m].
    public var slopeDifference: Double { abs(slope - normalEquations.slope) }
}

/// The lecture's delta rule is least squares: a single linear neuron with a bias,
///
///     ŷ = w x + b,   e = ŷ − y,   J = (1/n) Σ ½ e²,   ∂J/∂w = (1/n) Σ x e,   ∂J/∂b = (1/n) Σ e
///
/// (a `Network` 1 → 1 identity), trained by full-batch gradient descent on the slab's
/// thermocouples, converges to the line the normal equations give.
///
/// In metres the problem is badly scaled (x ≤ 0.09, so ∂J/∂w is tiny next to ∂J/∂b and plain
/// gradient descent crawls), so x is standardised first, x_s = (x − μ_x)/σ_x, which makes the
/// Hessian of J the identity: gradient descent with α = 0.5 halves the error every epoch. The
/// neuron's numbers are then converted back:
///
///     ŷ = w (x − μ_x)/σ_x + b   ⇒   s = w / σ_x,   T₀ = b − w μ_x / σ_x,   q = −k s
public enum SlabNeuron {
    /// Trains the neuron on the slab's readings and converts its weights to slope, intercept
    /// and heat flux.
    ///
    /// - Parameters:
    ///   - slab: positions [m], temperatures [°C] and k (default `Slab.example`).
    ///   - epochs: full-batch gradient-descent epochs (default 100).
    ///   - learningRate: α (default 0.5; with standardised x the iteration converges for α < 2).
    ///   - seed: the initial weight.
    /// - Returns: the neuron's line and the normal equations' line.
    /// - Throws: ``FinInverseError`` for settings out of range or a training failure.
    public static func fit(
        _ slab: Slab = .example, epochs: Int = 100, learningRate: Double = 0.5, seed: UInt64 = 42
    ) throws(FinInverseError) -> SlabNeuronFit {
        try FinInverseError.require(epochs, "slab epochs", in: 1...10_000_000)
        try FinInverseError.requirePositive(learningRate, "slab learning rate")
        let x = Matrix(column: slab.positions), y = Matrix(column: slab.temperatures)
        let scaler = Scaler.fit(.standard, to: x)
        let (mean, sigma) = (scaler.shift[0], scaler.scale[0])
        do {
            let network = try Network<Double>(widths: [1, 1], activation: .identity, outputActivation: .identity,
                                              bias: true, seed: seed)
            let data = try Dataset(x: scaler.transform(x), y: y)
            let configuration = TrainingConfiguration(
                learningRate: learningRate, batchSize: nil, shuffle: false, optimizer: .gradientDescent)
            var trainer = try Trainer(network: network, configuration: configuration)
            try trainer.train(on: data, epochs: epochs)
            let w = trainer.network.weight(ofLayer: 1)[0, 0], b = trainer.network.bias(ofLayer: 1)![0]
            let slope = w / sigma                                              // s = w/σ_x
            return SlabNeuronFit(
                weight: w, bias: b, positionMean: mean, positionScale: sigma, slope: slope,
                intercept: b - w * mean / sigma,                               // T₀ = b − w μ_x/σ_x
                heatFlux: -slab.conductivity * slope,                          // q = −k s
                normalEquations: slab.fitLine(), epochs: epochs, history: trainer.state.history)
        } catch let error as TrainingError {
            throw .engine(error.description)
        } catch {
            throw .engine("\(error)")
        }
    }
}
