import Backprop
import Foundation

/// The lecture's cost argument, measured on one width H: the full gradient of the MLP
/// 1 → H → H → 1 (sigmoid everywhere, no bias units, one sample) by forward differences and
/// by backprop.
///
/// With N = H + H² + H weights, forward differences need N + 1 forward passes (one per weight
/// plus the unperturbed one); backprop needs one forward and one backward pass, "and each
/// backward pass is effectively only roughly as expensive as a forward pass" — so backprop
/// should be about (N + 1)/2 ≈ N/2 times faster.
struct CostMeasurement: Equatable {
    /// The hidden width H.
    let width: Int
    /// Weights N.
    let weights: Int
    /// Forward passes of forward differences for every ∂J/∂w: N + 1.
    let finiteDifferencePasses: Int
    /// Seconds per full gradient.
    let finiteDifferenceSeconds: Double, backpropSeconds: Double
    /// Largest relative difference between the two gradients (a check that both computed it).
    let maximumRelativeDifference: Double

    /// Measured speed-up of backprop over forward differences.
    var speedUp: Double { finiteDifferenceSeconds / backpropSeconds }
    /// The lecture's estimate, N/2.
    var lectureSpeedUp: Double { Double(weights) / 2 }

    /// Measures width `width`; each time is the best of three runs of at least `minimumSeconds`.
    static func measure(width: Int, minimumSeconds: Double) -> CostMeasurement {
        let network = try! Network<Double>(widths: [1, width, width, 1], activation: .sigmoid,
                                           outputActivation: .sigmoid, bias: false, seed: 42)
        let x = Matrix(row: [0.5]), y = Matrix(row: [0.2])
        var trace = Trace(for: network, batchSize: 1)
        var gradient = Gradient(for: network)
        let backpropSeconds = bestTime(minimumSeconds: minimumSeconds) {
            network.forward(x, into: &trace)
            network.backward(y, trace: &trace, into: &gradient, inputGradient: false)
        }
        var probe = network
        var estimate = [Double](repeating: 0, count: network.parameterCount)
        var passes = 0
        let finiteDifferenceSeconds = bestTime(minimumSeconds: minimumSeconds) {
            passes = forwardDifferences(&probe, x: x, y: y, trace: &trace, into: &estimate)
        }
        return CostMeasurement(
            width: width, weights: network.parameterCount, finiteDifferencePasses: passes,
            finiteDifferenceSeconds: finiteDifferenceSeconds, backpropSeconds: backpropSeconds,
            maximumRelativeDifference: maximumRelativeDifference(gradient.parameters, estimate))
    }

    /// max |g − f| / max(|g|, |f|, 10⁻³·max|g|) over the entries: how far a finite-difference
    /// estimate f is from the backprop gradient g (the floor keeps near-zero entries from
    /// dominating).
    static func maximumRelativeDifference(_ g: [Double], _ f: [Double]) -> Double {
        var worst = 0.0
        let scale = g.map(\.magnitude).max() ?? 0
        for (g, f) in zip(g, f) {
            let d = abs(g - f)
            if d > 0 { worst = max(worst, d / max(abs(g), abs(f), 1e-3 * scale)) }
        }
        return worst
    }

    /// The lecture's finite differences, as a plain loop: fix every weight but one, nudge it,
    /// run a forward pass, and put it back:
    ///
    ///     ∂J/∂p ≈ [J(…, p + Δp, …) − J(…, p, …)] / Δp
    ///
    /// - Returns: the forward passes used, N + 1.
    static func forwardDifferences(
        _ network: inout Network<Double>, x: Matrix<Double>, y: Matrix<Double>,
        trace: inout Trace<Double>, into estimate: inout [Double]
    ) -> Int {
        network.forward(x, into: &trace)
        let j0 = trace.cost(y)
        for i in 0..<network.parameterCount {
            let p = network[parameter: i]
            let h = FiniteDifference.forward.step(at: p)
            network[parameter: i] = p + h
            network.forward(x, into: &trace)
            estimate[i] = (trace.cost(y) - j0) / h
            network[parameter: i] = p
        }
        return network.parameterCount + 1
    }

    /// Seconds per call of `body`: the best of three timed runs, each repeating `body` until
    /// `minimumSeconds` have passed (at least once).
    static func bestTime(minimumSeconds: Double, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<3 {
            var calls = 0
            let start = clock.now
            var elapsed = 0.0
            repeat {
                body()
                calls += 1
                elapsed = (clock.now - start).seconds
            } while elapsed < minimumSeconds
            best = min(best, elapsed / Double(calls))
        }
        return best
    }
}
