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
        var estimate: FiniteDifferenceGradient<Double>?
        let finiteDifferenceSeconds = bestTime(minimumSeconds: minimumSeconds) {
            estimate = try! network.finiteDifferenceGradient(x: x, y: y, scheme: .forward)
        }
        var worst = 0.0
        let scale = gradient.parameters.map(\.magnitude).max() ?? 0
        for (g, f) in zip(gradient.parameters, estimate!.gradient.parameters) {
            let d = abs(g - f)
            if d > 0 { worst = max(worst, d / max(abs(g), abs(f), 1e-3 * scale)) }
        }
        return CostMeasurement(
            width: width, weights: network.parameterCount, finiteDifferencePasses: estimate!.forwardPasses,
            finiteDifferenceSeconds: finiteDifferenceSeconds, backpropSeconds: backpropSeconds,
            maximumRelativeDifference: worst)
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
