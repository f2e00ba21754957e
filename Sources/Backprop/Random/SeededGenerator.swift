import RealModule

/// The project's own seedable random number generator: xoshiro256** seeded through SplitMix64.
///
/// Swift's `SystemRandomNumberGenerator` cannot be seeded; this one gives the same stream for the
/// same seed on every machine, so the same seed gives bit-identical weights, shuffles and
/// training. The exact recipe (also in `bench/README.md`, replicated in Python for the
/// side-by-side benchmarks):
///
///     SplitMix64:  state += 0x9E3779B97F4A7C15; z = state
///                  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
///                  z = (z ^ (z >> 27)) * 0x94D049BB133111EB; return z ^ (z >> 31)
///     seeding:     s0…s3 = four successive SplitMix64 outputs from state = seed
///     next():      result = rotl(s1 * 5, 7) * 9; t = s1 << 17
///                  s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable, Codable {
    @usableFromInline var s0, s1, s2, s3: UInt64

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) {
        var state = seed
        func splitMix() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform double in [0, 1): the top 53 bits, `(next() >> 11) · 2⁻⁵³`.
    @inlinable
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in `0..<n` by the multiply-high method: `(next() · n) >> 64`.
    @inlinable
    public mutating func bounded(_ n: Int) -> Int {
        precondition(n > 0, "bounded(_:) needs n > 0, got \(n)")
        return Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// A standard normal deviate (Box–Muller, one of the pair).
    public mutating func normal() -> Double {
        var u1 = uniform()
        while u1 == 0 { u1 = uniform() }
        let u2 = uniform()
        return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
    }

    /// The permutation of `0..<n` used for epoch `epoch` (0-based) of a run seeded with `seed`.
    ///
    /// A fresh generator seeded with `seed + 0x9E3779B97F4A7C15 · (epoch + 1)` runs Fisher–Yates on
    /// the identity order, so any epoch's order is known without replaying the earlier ones (a
    /// resumed run shuffles exactly as an uninterrupted one).
    public static func permutation(count n: Int, seed: UInt64, epoch: Int) -> [Int] {
        var order = Array(0..<n)
        shuffle(&order, seed: seed, epoch: epoch)
        return order
    }

    /// Shuffles `order` in place as ``permutation(count:seed:epoch:)`` does (no allocation);
    /// `order` is reset to the identity first.
    public static func shuffle(_ order: inout [Int], seed: UInt64, epoch: Int) {
        for i in order.indices { order[i] = i }
        var generator = SeededGenerator(seed: seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(epoch + 1))
        var i = order.count - 1
        while i > 0 {
            let j = generator.bounded(i + 1)
            order.swapAt(i, j)
            i -= 1
        }
    }
}

@inlinable
func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
