/// A trained network with everything needed to use it in the user's raw units: the input and
/// output scalers, the column names, and (optionally) the training settings and state needed to
/// resume training bit for bit.
public struct Model<Scalar: NetworkScalar>: Sendable, Equatable {
    /// The network, working in scaled units.
    public var network: Network<Scalar>
    /// Raw inputs → the network's inputs.
    public var inputScaler: Scaler
    /// The network's outputs ↔ raw outputs.
    public var outputScaler: Scaler
    /// Names of the input and output columns (e.g. from a CSV header).
    public var inputNames: [String]
    public var outputNames: [String]
    /// How the network was trained, and the trainer's state at the end (to resume).
    public var configuration: TrainingConfiguration?
    public var trainingState: TrainingState<Scalar>?
    /// Free-form notes (tool version, data file, date, …).
    public var metadata: [String: String]

    /// A model around `network`, with identity scalers and default column names.
    public init(network: Network<Scalar>, inputScaler: Scaler? = nil, outputScaler: Scaler? = nil,
                inputNames: [String]? = nil, outputNames: [String]? = nil,
                configuration: TrainingConfiguration? = nil, trainingState: TrainingState<Scalar>? = nil,
                metadata: [String: String] = [:]) {
        self.network = network
        self.inputScaler = inputScaler ?? .identity(columns: network.inputWidth)
        self.outputScaler = outputScaler ?? .identity(columns: network.outputWidth)
        self.inputNames = inputNames ?? (1...network.inputWidth).map { "x\($0)" }
        self.outputNames = outputNames ?? (1...network.outputWidth).map { "y\($0)" }
        self.configuration = configuration
        self.trainingState = trainingState
        self.metadata = metadata
    }

    /// Predictions in raw output units for raw inputs, one sample per row.
    ///
    /// - Throws: ``BackpropError`` when x has the wrong width or a non-finite value.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func predict(_ x: Matrix<Scalar>) throws(BackpropError) -> Matrix<Scalar> {
        try network.validate(x: x)
        // A few of the network's own chunks at a time, so that no scaled copy of all of x is
        // made; chunk boundaries stay those of one call, so every ŷ is the same bit for bit.
        let chunk = 4 * Network<Scalar>.predictChunkRows, inputs = x.columns, outputs = network.outputWidth
        var yHat = Matrix<Scalar>(rows: x.rows, columns: outputs)
        var start = 0
        while start < x.rows {
            let end = min(start + chunk, x.rows)
            var rows = try Matrix(rows: end - start, columns: inputs,
                                  elements: Array(x.elements[(start * inputs)..<(end * inputs)]))
            inputScaler.transform(inPlace: &rows)
            // x was checked whole; scaling can still overflow (|x − shift| near the largest
            // double), and the row is named in x's numbering, not the chunk's.
            if let i = rows.firstNonFiniteIndex() {
                throw .nonFinite(what: "scaled input x", index: "row \(start + i / inputs), column \(i % inputs)",
                                 value: Double(rows.elements[i]))
            }
            var predicted = network.predict(validated: rows)
            outputScaler.inverse(inPlace: &predicted)
            yHat.elements.replaceSubrange((start * outputs)..<(end * outputs), with: predicted.elements)
            start = end
        }
        return yHat
    }

    /// J in raw units, `(1/N) Σ ½‖ŷ − y‖²`, and its gradient with respect to the raw inputs.
    ///
    /// With scaled units `x̃ = (x − s_x)/c_x`, `ỹ = (y − s_y)/c_y`: `∂J/∂ỹ̂ = c_y ⊙ (ŷ − y)/N`, then
    /// backprop gives `∂J/∂x̃`, and `∂J/∂x = ∂J/∂x̃ / c_x`. This is the input gradient an inverse
    /// problem descends.
    ///
    /// - Throws: ``BackpropError`` for data of the wrong shape or non-finite values.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func costAndInputGradient(x: Matrix<Scalar>, y: Matrix<Scalar>) throws(BackpropError) -> (cost: Scalar, inputGradient: Matrix<Scalar>) {
        try network.validate(x: x)
        try network.validate(y: y, rows: x.rows)
        let n = Scalar(x.rows), out = network.outputWidth
        var sum: Scalar = 0
        // In chunks of rows (Network.backwardInChunks): memory of one chunk's trace, however
        // many rows there are.
        var (_, gx) = network.backwardInChunks(x: inputScaler.transform(x)) { rows, trace in
            let yHat = outputScaler.inverse(trace.yHat)
            var eL = Matrix<Scalar>(rows: rows.count, columns: out)
            for i in eL.elements.indices {
                let e = yHat.elements[i] - y.elements[rows.lowerBound * out + i]
                sum += e * e
                eL.elements[i] = Scalar(outputScaler.scale[i % out]) * e / n
            }
            trace.setOutputGradient(eL)
        }
        for i in gx.elements.indices { gx.elements[i] /= Scalar(inputScaler.scale[i % gx.columns]) }
        return (sum / (2 * n), gx)
    }
}
