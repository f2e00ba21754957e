import Backprop

/// Builds and trains the networks of the fin's routes, the same way each time: standard
/// scalers fitted on the training data, a fresh tanh network, the engine's `Trainer`.
enum ModelTraining {
    /// Fits standard scalers to the data (x̃ = (x − mean)/sd per column, likewise y), trains a
    /// fresh network on the scaled data, and returns it as a `Model` that works in raw units and
    /// records the range of each input it was trained on.
    ///
    /// - Parameters:
    ///   - x: raw inputs, N × inputs; y: raw targets, N × outputs.
    ///   - inputNames, outputNames: column names stored in the model.
    ///   - hiddenWidths: widths of the hidden layers.
    ///   - activation: g of the hidden layers (the output is identity).
    ///   - configuration: optimiser, learning rate, batch size, schedule, shuffle seed.
    ///   - epochs: epochs to train.
    ///   - seed: seed of the initial weights.
    /// - Returns: the model (with its training settings and state) and the J-versus-epoch history.
    /// - Throws: ``FinInverseError/engine(_:)`` when the network cannot be built or training diverges.
    static func train(
        x: Matrix<Double>, y: Matrix<Double>, inputNames: [String], outputNames: [String], hiddenWidths: [Int],
        activation: Activation, configuration: TrainingConfiguration, epochs: Int, seed: UInt64
    ) throws(FinInverseError) -> (model: Model<Double>, history: TrainingHistory) {
        let inputScaler = Scaler.fit(.standard, to: x), outputScaler = Scaler.fit(.standard, to: y)
        do {
            let network = try Network<Double>(
                widths: [x.columns] + hiddenWidths + [y.columns], activation: activation,
                outputActivation: .identity, bias: true, initialisation: .xavier, seed: seed)
            let data = try Dataset(x: inputScaler.transform(x), y: outputScaler.transform(y))
            var trainer = try Trainer(network: network, configuration: configuration)
            try trainer.train(on: data, epochs: epochs)
            let model = Model(
                network: trainer.network, inputScaler: inputScaler, outputScaler: outputScaler,
                inputNames: inputNames, outputNames: outputNames, configuration: configuration,
                trainingState: trainer.state,
                metadata: Model<Double>.trainingInputRangeMetadata(names: inputNames, x: x))
            return (model, trainer.state.history)
        } catch let error as BackpropError {
            throw .engine(error.description)
        } catch let error as TrainingError {
            throw .engine(error.description)
        } catch {
            throw .engine("\(error)")
        }
    }
}
