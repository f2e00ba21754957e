import Foundation

/// A small deterministic random-number generator: SplitMix64 (Steele, Lea & Flood 2014, as in
/// Vigna's reference `splitmix64.c`) for uniform bits, Box–Muller for Gaussian noise.
///
///     state ← state + 0x9E3779B97F4A7C15
///     z ← (state ⊕ (state ≫ 30)) · 0xBF58476D1CE4E5B9
///     z ← (z ⊕ (z ≫ 27)) · 0x94D049BB133111EB
///     next = z ⊕ (z ≫ 31)
///
/// The same seed gives the same bits and uniforms on every platform and Swift version, which
/// `Double.random(in:using:)` does not promise, and the same normals up to the last-bit rounding
/// of the C library's `log`, `cos` and `sin`; use `uniform()` and `standardNormal()` for
/// reproducible data sets.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    /// The second Box–Muller value, kept for the next `standardNormal()`.
    private var spareStandardNormal: Double?

    /// A generator whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 uniformly distributed bits (SplitMix64).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Double in [0, 1): the top 53 bits of `next()` times 2⁻⁵³.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform Double in [a, b]: a + (b − a) u, u = `uniform()`.
    public mutating func uniform(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    /// A standard normal deviate by the Box–Muller transform: with u₁ ∈ (0, 1], u₂ ∈ [0, 1),
    ///
    ///     z₁ = √(−2 ln u₁) cos 2πu₂,   z₂ = √(−2 ln u₁) sin 2πu₂
    ///
    /// z₁ is returned now and z₂ at the next call.
    public mutating func standardNormal() -> Double {
        if let spare = spareStandardNormal {
            spareStandardNormal = nil
            return spare
        }
        let u1 = 1 - uniform()  // (0, 1]: ln u₁ is finite
        let u2 = uniform()
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareStandardNormal = radius * Foundation.sin(angle)
        return radius * Foundation.cos(angle)
    }

    /// A normal deviate μ + σ z with z = `standardNormal()`.
    public mutating func normal(mean: Double = 0, standardDeviation: Double) -> Double {
        mean + standardDeviation * standardNormal()
    }
}
