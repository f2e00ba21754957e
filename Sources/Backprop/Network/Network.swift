/// A multi-layer perceptron: an ordered chain of dense layers.
///
/// Notation (the lecture's, see the Notation article): layer `k = 1…L` maps `a_(k−1)` to
/// `a_k = g(W_k a_(k−1) + b_k)`; `a_0 = x` and `ŷ = a_L`. In code **`layers[k − 1]` is layer k**;
/// every other accessor — ``weight(ofLayer:)``, ``Trace/a(_:)``, ``Gradient/weight(ofLayer:)`` —
/// takes the lecture's `k` itself.
///
/// All weights and biases live in one flat vector, ``parameters``: layer 1's `W_1` row-major
/// (out × in), then `b_1`, then layer 2's, and so on — the order of PyTorch's `state_dict`.
public struct Network<Scalar: NetworkScalar>: Equatable, Sendable {
    /// The layers, input side first. `layers[k − 1]` is the lecture's layer k.
    public let layers: [Dense]
    /// Every weight and bias, in the layout the ``Dense`` offsets describe.
    public internal(set) var parameters: [Scalar]

    /// Width of `x`.
    @inlinable public var inputWidth: Int { layers[0].inputWidth }
    /// Width of `ŷ`.
    @inlinable public var outputWidth: Int { layers[layers.count - 1].outputWidth }
    /// The widths `n_0 (= inputs), n_1, …, n_L (= outputs)`.
    public var widths: [Int] { [layers[0].inputWidth] + layers.map(\.outputWidth) }
    /// Number of layers L (the input is layer 0 and is not counted).
    @inlinable public var depth: Int { layers.count }

    /// A network of the given widths with randomly drawn weights and zero biases.
    ///
    /// - Parameters:
    ///   - widths: `[inputs, hidden…, outputs]`, at least two entries, each ≥ 1.
    ///   - activation: `g` of every hidden layer.
    ///   - outputActivation: `g` of the output layer (identity for regression).
    ///   - bias: whether layers have bias units (the lecture's networks have none).
    ///   - initialisation: how weights are drawn.
    ///   - seed: fixes the draw; the same seed gives the same network bit for bit.
    /// - Throws: ``BackpropError/invalidArchitecture(_:)`` for fewer than two widths, a width
    ///   below 1, or more than 100 million parameters.
    public init(
        widths: [Int], activation: Activation = .sigmoid, outputActivation: Activation = .identity,
        bias: Bool = true, initialisation: Initialisation = .xavier, seed: UInt64 = 42
    ) throws(BackpropError) {
        guard widths.count >= 2 else {
            throw .invalidArchitecture("a network needs at least an input and an output width, got \(widths)")
        }
        let count = widths.count - 1
        try self.init(
            shapes: (0..<count).map { k in
                (widths[k], widths[k + 1], k == count - 1 ? outputActivation : activation, bias)
            })
        var generator = SeededGenerator(seed: seed)
        for layer in layers {
            let (lower, upper) = initialisation.bounds(
                inputWidth: layer.inputWidth, outputWidth: layer.outputWidth)
            for i in layer.weightRange {
                parameters[i] = Scalar(lower + (upper - lower) * generator.uniform())
            }
        }
    }

    /// A network with the given weights, biases and activations.
    ///
    /// - Throws: ``BackpropError`` when consecutive layers do not chain (layer k's inputs must
    ///   equal layer k−1's outputs), a bias has the wrong length, or a value is not finite.
    public init(layers: [Layer<Scalar>]) throws(BackpropError) {
        try self.init(shapes: layers.map {
            ($0.weight.columns, $0.weight.rows, $0.activation, $0.bias != nil)
        })
        for (index, layer) in layers.enumerated() {
            let k = index + 1
            if index > 0, layer.weight.columns != layers[index - 1].weight.rows {
                throw .dimensionMismatch(
                    what: "layer \(k) weight (out × in)",
                    expected: "\(layer.weight.rows) × \(layers[index - 1].weight.rows) to follow layer \(k - 1)'s \(layers[index - 1].weight.rows) outputs",
                    actual: layer.weight.shape)
            }
            try layer.weight.validateFinite("layer \(k) weight")
            let dense = self.layers[index]
            parameters.replaceSubrange(dense.weightRange, with: layer.weight.elements)
            if let bias = layer.bias {
                guard bias.count == layer.weight.rows else {
                    throw .dimensionMismatch(
                        what: "layer \(k) bias", expected: "\(layer.weight.rows) values (one per neuron)",
                        actual: "\(bias.count)")
                }
                try Matrix(row: bias).validateFinite("layer \(k) bias")
                parameters.replaceSubrange(dense.biasRange, with: bias)
            }
        }
    }

    /// Lays out the layers with zero parameters.
    init(shapes: [(inputs: Int, outputs: Int, activation: Activation, bias: Bool)]) throws(BackpropError) {
        guard !shapes.isEmpty else { throw .invalidArchitecture("a network needs at least one layer") }
        var layers: [Dense] = []
        var offset = 0, prefix = 0
        for (index, shape) in shapes.enumerated() {
            guard shape.inputs >= 1, shape.outputs >= 1 else {
                throw .invalidArchitecture(
                    "layer \(index + 1) is \(shape.inputs) => \(shape.outputs); every width must be at least 1")
            }
            let dense = Dense(
                inputWidth: shape.inputs, outputWidth: shape.outputs, activation: shape.activation,
                hasBias: shape.bias, weightOffset: offset, inputPrefix: prefix)
            prefix += shape.inputs
            let (count, overflow) = shape.inputs.multipliedReportingOverflow(by: shape.outputs)
            guard !overflow, count < Self.maximumParameterCount, offset + dense.parameterCount <= Self.maximumParameterCount else {
                throw .invalidArchitecture(
                    "more than \(Self.maximumParameterCount) parameters (at layer \(index + 1), \(shape.inputs) => \(shape.outputs))")
            }
            offset += dense.parameterCount
            layers.append(dense)
        }
        self.layers = layers
        self.parameters = Array(repeating: 0, count: offset)
    }

    /// The largest network this library builds (guards against absurd sizes from files).
    public static var maximumParameterCount: Int { 100_000_000 }

    /// Number of weights and biases.
    @inlinable public var parameterCount: Int { parameters.count }

    /// `W_k` (out × in) of layer `k` (1-based, as in the lecture).
    public func weight(ofLayer k: Int) -> Matrix<Scalar> { layers[k - 1].weight(in: parameters) }

    /// `b_k` of layer `k` (1-based), or `nil` when it has no bias unit.
    public func bias(ofLayer k: Int) -> [Scalar]? { layers[k - 1].bias(in: parameters) }

    /// Layer `k` (1-based) with its numbers, as a ``Layer`` value.
    public func layer(_ k: Int) -> Layer<Scalar> {
        Layer(weight: weight(ofLayer: k), bias: bias(ofLayer: k), activation: layers[k - 1].activation)
    }

    /// One parameter, by its index in ``parameters`` (for finite differences and probing).
    public subscript(parameter index: Int) -> Scalar {
        get { parameters[index] }
        set { parameters[index] = newValue }
    }

    /// Replaces every parameter at once (same layout as ``parameters``).
    ///
    /// - Throws: when the count differs or a value is not finite.
    public mutating func setParameters(_ values: [Scalar]) throws(BackpropError) {
        guard values.count == parameters.count else {
            throw .dimensionMismatch(what: "parameters", expected: "\(parameters.count) values", actual: "\(values.count)")
        }
        try Matrix(row: values).validateFinite("parameters")
        parameters = values
    }

    /// `Network(1 => 10, sigmoid; 10 => 1, identity)`-style summary, one layer per line.
    public var summary: String {
        layers.enumerated().map { "layer \($0.offset + 1): \($0.element)" }.joined(separator: "\n")
            + "\n\(parameterCount) parameters"
    }
}
