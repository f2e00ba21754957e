import Foundation

/// Backprop's gradient set beside a finite-difference estimate: how far apart, and what each cost.
///
/// The error of one component is the relative error with a floor,
///
///     r_i = |g_i − f_i| / max(|g_i|, |f_i|, τ),    τ = 10⁻³ · max_j |g_j|  (over ∂J/∂w and ∂J/∂x)
///
/// where `g` is backprop's and `f` the finite-difference value: components far smaller than the
/// gradient's largest are judged against its scale, where round-off in `f` (≈ ε J / Δp) would
/// otherwise dominate a ratio of two tiny numbers.
public struct GradientCheck: Sendable, CustomStringConvertible {
    /// The worst component of one block (a layer's W or b, or ∂J/∂x).
    public struct Block: Sendable {
        /// What the block is, e.g. "W_2", "b_2", "∂J/∂x".
        public let name: String
        /// Layer k (1-based), or 0 for ∂J/∂x.
        public let layer: Int
        /// The largest `r_i` in the block (0 for an empty block).
        public let maxRelativeError: Double
        /// Row and column of the worst component.
        public let worst: (row: Int, column: Int)
        /// Backprop's and the finite difference's value there.
        public let backprop: Double, finiteDifference: Double
    }

    /// One block per layer's weights and biases, then ∂J/∂x.
    public let blocks: [Block]
    /// The finite-difference scheme compared against.
    public let scheme: FiniteDifference
    /// Parameters checked.
    public let parameterCount: Int
    /// Forward passes backprop used for every ∂J/∂w: one (plus one backward pass).
    public let backpropForwardPasses: Int
    /// Backward passes backprop used: one.
    public let backpropBackwardPasses: Int
    /// Forward passes finite differences used for every ∂J/∂w: P + 1, 2P or 4P for P parameters
    /// (forward, central, Richardson).
    public let finiteDifferenceForwardPasses: Int
    /// Wall time of backprop's gradient and of the finite-difference one, in seconds.
    public let backpropSeconds: Double, finiteDifferenceSeconds: Double

    /// The worst error over every parameter and the input.
    public var maxRelativeError: Double { blocks.map(\.maxRelativeError).max() ?? 0 }
    /// The worst error per layer (W and b together), index k − 1 for layer k.
    public var layerMaxRelativeErrors: [Double] {
        let layers = Set(blocks.map(\.layer)).filter { $0 > 0 }.sorted()
        return layers.map { k in blocks.filter { $0.layer == k }.map(\.maxRelativeError).max() ?? 0 }
    }
    /// The worst error in ∂J/∂x.
    public var inputMaxRelativeError: Double { blocks.first { $0.layer == 0 }?.maxRelativeError ?? 0 }

    /// Compares two equally long vectors laid out as `rows × columns` under `name`.
    static func block<S: NetworkScalar>(
        _ name: String, layer: Int, backprop g: ArraySlice<S>, finiteDifference f: ArraySlice<S>,
        columns: Int, floor tau: Double
    ) -> Block {
        var worst = 0.0, worstIndex = 0
        for (offset, (gi, fi)) in zip(g, f).enumerated() {
            let a = Double(gi), b = Double(fi)
            let difference = abs(a - b)
            let r = difference == 0 ? 0 : difference / max(abs(a), abs(b), tau)
            if r > worst || r.isNaN { worst = r; worstIndex = offset }
        }
        return Block(
            name: name, layer: layer, maxRelativeError: worst,
            worst: (worstIndex / max(columns, 1), worstIndex % max(columns, 1)),
            backprop: g.isEmpty ? 0 : Double(g[g.startIndex + worstIndex]),
            finiteDifference: f.isEmpty ? 0 : Double(f[f.startIndex + worstIndex]))
    }

    /// A table: one row per block with its worst error, then the cost of each method.
    public var description: String {
        var lines = ["block      max rel. error   worst at     backprop            finite difference"]
        for b in blocks {
            let columns: [String] = [
                pad(b.name, 10), pad(format(b.maxRelativeError), 16),
                pad("(\(b.worst.row), \(b.worst.column))", 12), pad(format(b.backprop), 19),
                format(b.finiteDifference),
            ]
            lines.append(columns.joined(separator: " "))
        }
        lines.append("max relative error \(format(maxRelativeError)) over \(parameterCount) parameters (\(scheme.rawValue) differences)")
        lines.append("backprop: \(backpropForwardPasses) forward + \(backpropBackwardPasses) backward pass, \(format(backpropSeconds)) s")
        lines.append("finite differences: \(finiteDifferenceForwardPasses) forward passes, \(format(finiteDifferenceSeconds)) s")
        return lines.joined(separator: "\n")
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    private func format(_ x: Double) -> String {
        String(format: "%.3e", x)
    }
}

extension Network {
    /// Checks backprop against finite differences on `x`, `y`: per layer and for ∂J/∂x, the
    /// largest relative error (see ``GradientCheck``), and the passes and time each method took.
    ///
    /// - Throws: ``BackpropError`` for data of the wrong shape or non-finite values.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func gradientCheck(
        x: Matrix<Scalar>, y: Matrix<Scalar>, scheme: FiniteDifference = .richardson,
        reduction: Reduction = .mean
    ) throws(BackpropError) -> GradientCheck {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try gradient(x: x, y: y, reduction: reduction)
        let backpropTime = clock.now - start
        let estimate = try finiteDifferenceGradient(x: x, y: y, scheme: scheme, reduction: reduction)
        let fdTime = clock.now - start - backpropTime
        let g = result.gradient.parameters, f = estimate.gradient.parameters
        let gx = result.trace.inputGradient.elements, fx = estimate.inputGradient.elements
        let tau = 1e-3 * Double(max(g.map(\.magnitude).max() ?? 0, gx.map(\.magnitude).max() ?? 0))
        var blocks: [GradientCheck.Block] = []
        for (index, layer) in layers.enumerated() {
            let k = index + 1
            let w = layer.weightRange
            blocks.append(GradientCheck.block("W_\(k)", layer: k, backprop: g[w], finiteDifference: f[w],
                                 columns: layer.inputWidth, floor: tau))
            if layer.hasBias {
                let b = layer.biasRange
                blocks.append(GradientCheck.block("b_\(k)", layer: k, backprop: g[b], finiteDifference: f[b],
                                     columns: layer.outputWidth, floor: tau))
            }
        }
        blocks.append(GradientCheck.block("∂J/∂x", layer: 0, backprop: gx[...], finiteDifference: fx[...],
                             columns: inputWidth, floor: tau))
        return GradientCheck(
            blocks: blocks, scheme: scheme, parameterCount: parameterCount,
            backpropForwardPasses: 1, backpropBackwardPasses: 1,
            finiteDifferenceForwardPasses: estimate.forwardPasses,
            backpropSeconds: backpropTime.seconds, finiteDifferenceSeconds: fdTime.seconds)
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    public var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
