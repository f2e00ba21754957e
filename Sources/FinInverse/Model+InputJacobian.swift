import Backprop

extension Model {
    /// ŷ_n and, for every output k, the Jacobian rows ∂ŷ_(n, k)/∂x_n of the model, in raw units.
    ///
    /// Each sample's output depends only on its own input row, so one backward pass with
    /// `e_L = u_k` (the unit vector of output k, in every row) gives, in row n of `e_0`, the
    /// whole row ∂ŷ̃_(n, k)/∂x̃_n in scaled units — N Jacobian rows for the price of one backward
    /// pass (the engine's vector–Jacobian product), one pass per output. With
    /// `x̃ = (x − s_x)/c_x` and `ŷ = c_y ŷ̃ + s_y`:
    ///
    ///     ∂ŷ_(n, k)/∂x_(n, j) = c_(y, k) (∂ŷ̃_(n, k)/∂x̃_(n, j)) / c_(x, j)
    ///
    /// - Parameter x: raw inputs, N × inputs.
    /// - Returns: ŷ (N × outputs, raw) and one Jacobian per output (each N × inputs, raw units:
    ///   `jacobians[k][n, j]` = ∂ŷ_(n, k)/∂x_(n, j)).
    /// - Throws: ``BackpropError`` when x has the wrong width or a non-finite value.
    /// - Complexity: one forward pass and one backward pass per output.
    public func outputAndInputJacobians(_ x: Matrix<Scalar>) throws(BackpropError)
        -> (yHat: Matrix<Scalar>, jacobians: [Matrix<Scalar>])
    {
        var trace = try network.forward(inputScaler.transform(x))
        let yHat = outputScaler.inverse(trace.yHat)
        var gradient = Gradient(for: network)
        let outputs = network.outputWidth
        var jacobians: [Matrix<Scalar>] = []
        for k in 0..<outputs {
            var unit = Matrix<Scalar>(rows: x.rows, columns: outputs)      // e_L = u_k for every sample
            for n in 0..<x.rows { unit[n, k] = 1 }
            network.backward(outputGradient: unit, trace: &trace, into: &gradient, inputGradient: true)
            var jacobian = trace.inputGradient                               // ∂ŷ̃_(n, k)/∂x̃_n
            for n in 0..<x.rows {
                for j in 0..<x.columns {
                    jacobian[n, j] *= Scalar(outputScaler.scale[k] / inputScaler.scale[j])
                }
            }
            jacobians.append(jacobian)
        }
        return (yHat, jacobians)
    }

    /// ŷ_n and the Jacobian rows ∂ŷ_n/∂x_n of a single-output model, in raw units: the one
    /// output of ``outputAndInputJacobians(_:)``,
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
        let (yHat, jacobians) = try outputAndInputJacobians(x)
        return (yHat.elements, jacobians[0])
    }
}
