import Backprop
import Foundation

/// An estimate of h from route 3, with its uncertainty.
public struct SurrogateEstimate: Equatable, Sendable {
    /// How h was searched for.
    public enum Method: String, Equatable, Sendable, Codable {
        /// h ← h − α ∂J/∂h (the lecture's update, applied to an input instead of a weight).
        case gradientDescent = "gradient descent"
        /// h ← h − (Σ g_i r_i) / (Σ g_i²), g_i = ∂T̂_i/∂h.
        case gaussNewton = "Gauss–Newton"
    }

    /// The search used.
    public let method: Method
    /// ĥ [W/(m²·K)].
    public let heatTransferCoefficient: Double
    /// Gauss–Newton standard error at ĥ, `√(σ̂² / Σ g_i²)` with `σ̂² = Σ r_i² / (m − 1)`
    /// [W/(m²·K)]. It reflects the scatter of the residuals only, not the surrogate's own error.
    public let standardError: Double
    /// J(ĥ) = (1/m) Σ ½ r_i² [K²].
    public let cost: Double
    /// r_i = T̂(x_i, ĥ) − T_i [K].
    public let residuals: [Double]
    /// g_i = ∂T̂(x_i, ĥ)/∂h [K per W/(m²·K)].
    public let sensitivities: [Double]
    /// Iterations taken (for gradient descent, steps undone by the α-halving included).
    public let iterations: Int
    /// J before the first update and after each accepted one [K²].
    public let costHistory: [Double]
    /// Whether the step fell below the tolerance before the iteration limit.
    public let converged: Bool
    /// Whether ĥ sits on an end of the surrogate's training range (the data want an h it never saw).
    public let atRangeBoundary: Bool

    /// The 95 % interval ĥ ± 1.96 SE (normal, as `LeastSquaresFit.confidenceInterval` uses).
    public var confidenceInterval: ClosedRange<Double> {
        (heatTransferCoefficient - 1.96 * standardError)...(heatTransferCoefficient + 1.96 * standardError)
    }

    /// Whether the 95 % interval contains `truth`.
    public func covers(_ truth: Double) -> Bool { confidenceInterval.contains(truth) }
}

/// Route 3: estimation through the trained surrogate by backpropagation to its inputs.
///
/// The surrogate's weights are frozen; the unknown is its input h. Given temperatures T_i measured
/// at positions x_i, minimise
///
///     J(h) = (1/m) Σ_i ½ (T̂(x_i, h) − T_i)²
///
/// The engine's backward pass from `e_L = ∂J/∂T̂` ends in `e_0 = ∂J/∂x` for every sample row
/// (x_i, h); h appears in every row, so
///
///     ∂J/∂h = Σ_i (∂J/∂x)_(i, h)        (the h-column of ∂J/∂x, summed over the samples)
///
/// and a backward pass from `e_L = 1` gives the sensitivities g_i = ∂T̂(x_i, h)/∂h that
/// Gauss–Newton needs. No finite differences anywhere.
public enum SurrogateInversion {
    /// Finds ĥ by gradient descent on J(h), in the network's own (standardised) units:
    ///
    ///     s = (h − μ_h)/σ_h,   J̃ = J / σ_T²,   s ← s − α ∂J̃/∂s
    ///     i.e.  h ← h − α (σ_h² / σ_T²) ∂J/∂h,   ∂J/∂h = Σ_i (∂J/∂x)_(i, h)
    ///
    /// where α ≈ 1 is a natural step because the network was trained on unit-variance data.
    /// A step that raises J is undone and α halved. h is kept inside the surrogate's range.
    ///
    /// - Parameters:
    ///   - surrogate: the trained, frozen surrogate.
    ///   - positions: sensor positions x_i [m], 0 ≤ x_i ≤ L, at least 2.
    ///   - temperatures: measured T_i on the fin's scale, one per position.
    ///   - initialGuess: h₀ (default: the middle of the surrogate's range).
    ///   - learningRate: α (default 0.5).
    ///   - maximumIterations: the most updates (default 5000).
    ///   - tolerance: stop when |Δh| ≤ tolerance · σ_h (default 1e−10).
    /// - Returns: ĥ with the Gauss–Newton standard error at ĥ.
    /// - Throws: ``FinInverseError`` for measurements or settings that do not fit.
    public static func gradientDescent(
        surrogate: FinSurrogate, positions: [Double], temperatures: [Double], initialGuess: Double? = nil,
        learningRate: Double = 0.5, maximumIterations: Int = 5000, tolerance: Double = 1e-10
    ) throws(FinInverseError) -> SurrogateEstimate {
        try validate(surrogate: surrogate, positions: positions, temperatures: temperatures)
        try FinInverseError.requirePositive(learningRate, "gradient-descent learning rate α")
        try FinInverseError.require(maximumIterations, "maximum iterations", in: 1...10_000_000)
        try FinInverseError.requirePositive(tolerance, "tolerance")
        let range = surrogate.heatTransferRange
        var h = try start(initialGuess, range)
        // The network predicts φ = θ/θ_b, so T̂ = T∞ + θ_b φ̂: J_T = θ_b² J_φ with φ_i = (T_i − T∞)/θ_b,
        // and the step σ_h²/σ_T² ∂J_T/∂h is σ_h²/σ_φ² ∂J_φ/∂h.
        let sigmaH = surrogate.model.inputScaler.scale[1], sigmaPhi = surrogate.model.outputScaler.scale[0]
        let thetaB = surrogate.fin.baseExcessTemperature, ambient = surrogate.fin.ambientTemperature
        let y = Matrix(column: temperatures.map { ($0 - ambient) / thetaB })
        func costAndGradient(_ h: Double) throws(FinInverseError) -> (cost: Double, gradient: Double) {
            let x = FinSurrogate.inputs(positions: positions, heatTransferCoefficient: h)
            let (cost, inputGradient): (Double, Matrix<Double>)
            do {
                (cost, inputGradient) = try surrogate.model.costAndInputGradient(x: x, y: y)
            } catch {
                throw .invalidMeasurements(error.description)
            }
            var gradient = 0.0
            for i in 0..<x.rows { gradient += inputGradient[i, 1] }        // ∂J_φ/∂h: the h-column, summed
            return (thetaB * thetaB * cost, gradient)                       // J in K²
        }
        var alpha = learningRate
        var (cost, gradient) = try costAndGradient(h)
        var history = [cost]
        var iterations = 0, converged = false
        while iterations < maximumIterations {
            iterations += 1
            let candidate = clamp(h - alpha * sigmaH * sigmaH / (sigmaPhi * sigmaPhi) * gradient, range)
            let step = candidate - h
            let next = try costAndGradient(candidate)
            if next.cost > cost {
                alpha /= 2                                                   // overshoot: undo, halve α
                if alpha < 1e-12 * learningRate { break }
                continue
            }
            h = candidate
            (cost, gradient) = next
            history.append(cost)
            if abs(step) <= tolerance * sigmaH {
                converged = true
                break
            }
        }
        return try estimate(.gradientDescent, surrogate: surrogate, positions: positions, temperatures: temperatures,
                        h: h, iterations: iterations, history: history, converged: converged)
    }

    /// Finds ĥ by Gauss–Newton on the residuals r_i(h) = T̂(x_i, h) − T_i:
    ///
    ///     h ← h − (Σ g_i r_i) / (Σ g_i²),   g_i = ∂T̂(x_i, h)/∂h
    ///
    /// with g_i from one backward pass with `e_L = 1` (each row's Jacobian ∂T̂_i/∂(x_i, h), of
    /// which the h-column is used). h is kept inside the surrogate's range.
    ///
    /// - Parameters:
    ///   - surrogate: the trained, frozen surrogate.
    ///   - positions: sensor positions x_i [m], 0 ≤ x_i ≤ L, at least 2.
    ///   - temperatures: measured T_i on the fin's scale, one per position.
    ///   - initialGuess: h₀ (default: the middle of the surrogate's range).
    ///   - maximumIterations: the most updates (default 100).
    ///   - tolerance: stop when |Δh| ≤ tolerance · σ_h (default 1e−10).
    /// - Returns: ĥ with its standard error √(σ̂² (JᵀJ)⁻¹) = √(σ̂² / Σ g_i²).
    /// - Throws: ``FinInverseError`` for measurements or settings that do not fit.
    public static func gaussNewton(
        surrogate: FinSurrogate, positions: [Double], temperatures: [Double], initialGuess: Double? = nil,
        maximumIterations: Int = 100, tolerance: Double = 1e-10
    ) throws(FinInverseError) -> SurrogateEstimate {
        try validate(surrogate: surrogate, positions: positions, temperatures: temperatures)
        try FinInverseError.require(maximumIterations, "maximum iterations", in: 1...10_000_000)
        try FinInverseError.requirePositive(tolerance, "tolerance")
        let range = surrogate.heatTransferRange
        let sigmaH = surrogate.model.inputScaler.scale[1]
        var h = try start(initialGuess, range)
        var history: [Double] = []
        var iterations = 0, converged = false
        for _ in 0..<maximumIterations {
            let (predicted, g) = try surrogate.temperaturesAndSensitivities(at: positions, heatTransferCoefficient: h)
            let r = zip(predicted, temperatures).map { $0 - $1 }
            history.append(r.reduce(0) { $0 + $1 * $1 } / 2 / Double(r.count))
            var gr = 0.0, gg = 0.0
            for i in r.indices {
                gr += g[i] * r[i]                                            // Jᵀr
                gg += g[i] * g[i]                                            // JᵀJ
            }
            guard gg > 0 else { break }
            let next = clamp(h - gr / gg, range)
            let step = next - h
            h = next
            iterations += 1
            if abs(step) <= tolerance * sigmaH {
                converged = true
                break
            }
        }
        return try estimate(.gaussNewton, surrogate: surrogate, positions: positions, temperatures: temperatures,
                        h: h, iterations: iterations, history: history, converged: converged)
    }

    /// The result at ĥ: residuals, sensitivities, cost and the Gauss–Newton standard error.
    static func estimate(
        _ method: SurrogateEstimate.Method, surrogate: FinSurrogate, positions: [Double], temperatures: [Double],
        h: Double, iterations: Int, history: [Double], converged: Bool
    ) throws(FinInverseError) -> SurrogateEstimate {
        let (predicted, g) = try surrogate.temperaturesAndSensitivities(at: positions, heatTransferCoefficient: h)
        let r = zip(predicted, temperatures).map { $0 - $1 }
        let sumSquares = r.reduce(0) { $0 + $1 * $1 }
        let variance = sumSquares / Double(r.count - 1)                      // σ̂² = Σ r² / (m − p), p = 1
        let information = g.reduce(0) { $0 + $1 * $1 }                      // JᵀJ
        let cost = sumSquares / 2 / Double(r.count)
        var costs = history
        if method == .gaussNewton { costs.append(cost) }
        let range = surrogate.heatTransferRange
        return SurrogateEstimate(
            method: method, heatTransferCoefficient: h,
            standardError: information > 0 ? (variance / information).squareRoot() : .infinity,
            cost: cost, residuals: r, sensitivities: g, iterations: iterations, costHistory: costs,
            converged: converged, atRangeBoundary: h <= range.lowerBound || h >= range.upperBound)
    }

    /// Measurements from outside: equal counts (at least 2), finite, positions on the fin.
    static func validate(surrogate: FinSurrogate, positions: [Double], temperatures: [Double]) throws(FinInverseError) {
        guard positions.count == temperatures.count else {
            throw .invalidMeasurements("\(temperatures.count) temperatures for \(positions.count) positions; expected one per position")
        }
        guard positions.count >= 2 else {
            throw .invalidMeasurements("\(positions.count) sensor(s); expected at least 2 (one parameter and its standard error)")
        }
        let length = surrogate.fin.geometry.length
        for (i, x) in positions.enumerated() where !(x.isFinite && x >= 0 && x <= length) {
            throw .invalidMeasurements("position x[\(i)] = \(x) m is off the fin; expected 0 ≤ x ≤ L = \(length) m")
        }
        for (i, t) in temperatures.enumerated() where !t.isFinite {
            throw .invalidMeasurements("temperature T[\(i)] = \(t); expected a finite number")
        }
    }

    /// h₀: the guess, or the middle of the range; it must lie in the range.
    static func start(_ guess: Double?, _ range: ClosedRange<Double>) throws(FinInverseError) -> Double {
        let h = guess ?? (range.lowerBound + range.upperBound) / 2
        guard h.isFinite, range.contains(h) else {
            throw .invalidSetting(name: "initial guess h₀", value: "\(h)",
                                  expected: "a value inside the surrogate's range \(range.lowerBound) … \(range.upperBound) W/(m²·K)")
        }
        return h
    }

    static func clamp(_ h: Double, _ range: ClosedRange<Double>) -> Double {
        Swift.min(Swift.max(h, range.lowerBound), range.upperBound)
    }
}
