import Backprop
import Foundation

/// A trained network together with the scalers that let it read and write raw units.
///
/// The network itself only ever sees scaled numbers (mean 0, standard deviation 1 per column):
///
///     x_s = (x − μ_x) / σ_x,     ŷ = ŷ_s σ_y + μ_y
///
/// so every derivative it computes is in scaled units, and the chain rule converts it back:
///
///     ∂J/∂ŷ_s = σ_y ∂J/∂ŷ,       ∂J/∂x = (∂J/∂x_s) / σ_x
///
/// (The engine has no model type that bundles the scalers yet, so FinInverse keeps its own.)
public struct ScaledNetwork: Sendable {
    /// The network, in scaled units.
    public var network: Network<Double>
    /// Fitted on the training inputs.
    public let inputScaler: Scaler
    /// Fitted on the training targets.
    public let outputScaler: Scaler

    /// Wraps a network and its scalers.
    ///
    /// - Precondition: the scalers have one column per network input and output.
    public init(network: Network<Double>, inputScaler: Scaler, outputScaler: Scaler) {
        precondition(inputScaler.shift.count == network.inputWidth,
                     "ScaledNetwork: input scaler has \(inputScaler.shift.count) columns, network \(network.inputWidth) inputs")
        precondition(outputScaler.shift.count == network.outputWidth,
                     "ScaledNetwork: output scaler has \(outputScaler.shift.count) columns, network \(network.outputWidth) outputs")
        self.network = network
        self.inputScaler = inputScaler
        self.outputScaler = outputScaler
    }

    /// ŷ in raw units for raw inputs x (N × inputs).
    ///
    /// - Precondition: x has one column per input and finite values (a programmer's error here).
    public func predict(_ x: Matrix<Double>) -> Matrix<Double> {
        var trace = Trace(for: network, batchSize: x.rows)
        network.forward(inputScaler.transform(x), into: &trace)
        return outputScaler.inverse(trace.yHat)
    }

    /// The cost in raw units and its gradient with respect to the raw inputs:
    ///
    ///     J = (1/N) Σ_n ½‖ŷ_n − y_n‖²,    ∂J/∂x = e_0 / σ_x  with  e_L = σ_y (ŷ − y)/N
    ///
    /// One forward and one backward pass (the engine's vector–Jacobian product from a given
    /// `e_L = ∂J/∂ŷ_s`).
    ///
    /// - Parameters:
    ///   - x: raw inputs, N × inputs.
    ///   - y: raw targets, N × outputs.
    /// - Returns: J [raw units²], ŷ (raw) and ∂J/∂x (N × inputs, raw units).
    public func costAndInputGradient(x: Matrix<Double>, y: Matrix<Double>)
        -> (cost: Double, yHat: Matrix<Double>, inputGradient: Matrix<Double>)
    {
        precondition(y.rows == x.rows && y.columns == network.outputWidth,
                     "ScaledNetwork: y is \(y.shape), expected \(x.rows) × \(network.outputWidth)")
        var trace = Trace(for: network, batchSize: x.rows)
        network.forward(inputScaler.transform(x), into: &trace)
        let yHat = outputScaler.inverse(trace.yHat)
        let n = Double(x.rows), outputs = network.outputWidth
        var eL = Matrix<Double>(rows: x.rows, columns: outputs)
        var cost = 0.0
        for i in 0..<x.rows {
            for j in 0..<outputs {
                let e = yHat[i, j] - y[i, j]                        // e = ŷ − y, raw units
                cost += e * e / 2 / n
                eL[i, j] = outputScaler.scale[j] * e / n            // ∂J/∂ŷ_s = σ_y ∂J/∂ŷ
            }
        }
        var gradient = Gradient(for: network)
        network.backward(outputGradient: eL, trace: &trace, into: &gradient, inputGradient: true)
        var inputGradient = trace.inputGradient
        for i in 0..<x.rows {
            for j in 0..<x.columns { inputGradient[i, j] /= inputScaler.scale[j] }   // ∂J/∂x = ∂J/∂x_s / σ_x
        }
        return (cost, yHat, inputGradient)
    }

    /// ŷ_n and the Jacobian rows ∂ŷ_n/∂x_n of a single-output network, in raw units.
    ///
    /// Each sample's output depends only on its own input row, so one backward pass with every
    /// `e_L = 1` gives, in row n of `e_0`, the whole row ∂ŷ_s,n/∂x_s,n — N Jacobian rows for the
    /// price of one backward pass. Converted to raw units:
    ///
    ///     ∂ŷ_n/∂x_n,j = σ_y (∂ŷ_s,n/∂x_s,n,j) / σ_x,j
    ///
    /// - Parameter x: raw inputs, N × inputs.
    /// - Returns: ŷ (N values) and the Jacobian (N × inputs).
    public func outputAndInputJacobian(_ x: Matrix<Double>) -> (yHat: [Double], jacobian: Matrix<Double>) {
        precondition(network.outputWidth == 1, "ScaledNetwork: the Jacobian rows need a single-output network")
        var trace = Trace(for: network, batchSize: x.rows)
        network.forward(inputScaler.transform(x), into: &trace)
        let yHat = outputScaler.inverse(trace.yHat).elements
        var gradient = Gradient(for: network)
        let unit = Matrix<Double>(rows: x.rows, columns: 1, repeating: 1)     // e_L = 1 for every sample
        network.backward(outputGradient: unit, trace: &trace, into: &gradient, inputGradient: true)
        var jacobian = trace.inputGradient
        for i in 0..<x.rows {
            for j in 0..<x.columns { jacobian[i, j] *= outputScaler.scale[0] / inputScaler.scale[j] }
        }
        return (yHat, jacobian)
    }

    /// Fits standard scalers to the data, trains a fresh network on the scaled data, and
    /// returns it with its scalers and the training history.
    ///
    /// - Parameters:
    ///   - x: raw inputs, N × inputs; y: raw targets, N × outputs.
    ///   - hiddenWidths: widths of the hidden layers.
    ///   - activation: g of the hidden layers (the output is identity).
    ///   - configuration: optimiser, learning rate, batch size, schedule, shuffle seed.
    ///   - epochs: epochs to train.
    ///   - seed: seed of the initial weights.
    /// - Throws: ``FinInverseError`` when the network cannot be built or training diverges.
    static func train(
        x: Matrix<Double>, y: Matrix<Double>, hiddenWidths: [Int], activation: Activation,
        configuration: TrainingConfiguration, epochs: Int, seed: UInt64
    ) throws(FinInverseError) -> (model: ScaledNetwork, history: TrainingHistory) {
        let inputScaler = Scaler.fit(.standard, to: x), outputScaler = Scaler.fit(.standard, to: y)
        do {
            let network = try Network<Double>(
                widths: [x.columns] + hiddenWidths + [y.columns], activation: activation,
                outputActivation: .identity, bias: true, initialisation: .xavier, seed: seed)
            let data = try Dataset(x: inputScaler.transform(x), y: outputScaler.transform(y))
            var trainer = try Trainer(network: network, configuration: configuration)
            try trainer.train(on: data, epochs: epochs)
            return (ScaledNetwork(network: trainer.network, inputScaler: inputScaler, outputScaler: outputScaler),
                    trainer.state.history)
        } catch let error as BackpropError {
            throw .engine(error.description)
        } catch let error as TrainingError {
            throw .engine(error.description)
        } catch {
            throw .engine("\(error)")
        }
    }
}
