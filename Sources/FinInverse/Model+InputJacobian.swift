import Backprop

extension Model {
    /// ŷ_n and the Jacobian rows ∂ŷ_n/∂x_n of a single-output model, in raw units.
    ///
    /// Each sample's output depends only on its own input row, so one backward pass with every
    /// `e_L = 1` gives, in row n of `e_0`, the whole row ∂ŷ̃_n/∂x̃_n in scaled units — N Jacobian
    /// rows for the price of one backward pass (the engine's vector–Jacobian product). With
    /// `x̃ = (x − s_x)/c_x` and `ŷ = c_y ŷ̃ + s_y`:
    ///
    ///     ∂ŷ_n/∂x_(n, j) = c_y (∂ŷ̃_n/∂x̃_(n, j)) / c_(x, j)
    ///
    /// - Parameter x: raw inputs, N × inputs.
    /// - Returns: ŷ (N values, raw) and the Jacobian (N × inputs, raw units).
    /// - Throws: ``BackpropError`` when x has the wrong width or a non-finite value.
    /// - Precondition: the network has one output.
    public func outputAndInputJacobian(_ x: Matrix<Scalar>) throws(BackpropError)
        -> (yHat: [Scalar], jacobian: Matrix<Scalar>)
    {
        precondition(network.outputWidth == 1, "Model: the Jacobian rows need a single-output network, got \(network.outputWidth) outputs")
        var trace = try network.forward(inputScaler.transform(x))
        let yHat = outputScaler.inverse(trace.yHat).elements
        var gradient = Gradient(for: network)
        let unit = Matrix<Scalar>(rows: x.rows, columns: 1, repeating: 1)     // e_L = 1 for every sample
        network.backward(outputGradient: unit, trace: &trace, into: &gradient, inputGradient: true)
        var jacobian = trace.inputGradient
        for i in 0..<x.rows {
            for j in 0..<x.columns {
                jacobian[i, j] *= Scalar(outputScaler.scale[0] / inputScaler.scale[j])
            }
        }
        return (yHat, jacobian)
    }
}
