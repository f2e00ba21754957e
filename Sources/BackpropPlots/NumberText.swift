import Foundation

/// Locale-free, deterministic text for numbers: the same value always gives the same bytes.
enum NumberText {
    /// `value` rounded to `decimals` digits after the point, e.g. `fixed(2.345, 2)` → `"2.35"`
    /// (half away from zero); never `"-0"`. Values too large for exact rounding fall back to
    /// Swift's shortest round-trip description.
    static func fixed(_ value: Double, decimals: Int) -> String {
        precondition(decimals >= 0 && decimals <= 15, "decimals must be in 0...15, got \(decimals)")
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf") }
        var power: Int64 = 1
        for _ in 0..<decimals { power *= 10 }
        let scaled = (value * Double(power)).rounded(.toNearestOrAwayFromZero)
        guard abs(scaled) < 9e15 else { return "\(value)" }
        let units = Int64(scaled)
        if units == 0 { return decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals) }
        let magnitude = units.magnitude
        let whole = magnitude / UInt64(power)
        var text = (units < 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let fraction = String(magnitude % UInt64(power))
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return text
    }

    /// An SVG coordinate or length: two decimals with trailing zeros dropped (`12.5`, `12`,
    /// `-3.25`), clamped to ±10⁶ so that far-off points never print as huge numbers.
    static func coordinate(_ value: Double) -> String {
        let clamped = value.isNaN ? 0 : min(max(value, -1e6), 1e6)
        return trimmed(fixed(clamped, decimals: 2))
    }

    /// A short human-readable value (for terminal labels and notes): at most `significant`
    /// significant digits, plain between 10⁻³ and 10⁶, otherwise scientific as `1.5e-7`.
    static func short(_ value: Double, significant: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf") }
        if value == 0 { return "0" }
        let exponent = Int((abs(value)).log10Floor)
        let digitsAfterPoint = significant - 1 - exponent
        if abs(value) >= 1e-3 && abs(value) < 1e6 {
            let decimals = max(0, min(15, digitsAfterPoint))
            return trimmed(fixed(value, decimals: decimals))
        }
        var mantissa = value / pow10(exponent)
        var power = exponent
        // Rounding the mantissa can carry it to 10: 9.996e-5 → 1.00e-4.
        if abs((mantissa * pow10(significant - 1)).rounded()) >= pow10(significant) {
            mantissa /= 10
            power += 1
        }
        return trimmed(fixed(mantissa, decimals: max(0, significant - 1))) + "e" + String(power)
    }

    /// Drops trailing zeros after a decimal point, and the point itself if nothing follows.
    static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = text
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return result == "-0" ? "0" : result
    }

    /// 10ⁿ for an integer n, exact where Double can hold it.
    static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        let base = exponent >= 0 ? 10.0 : 0.1
        // Repeated multiplication by 0.1 accumulates error; divide instead for negative powers.
        if exponent >= 0 {
            for _ in 0..<min(exponent, 400) { result *= base }
            return result
        }
        var divisor = 1.0
        for _ in 0..<min(-exponent, 400) { divisor *= 10 }
        if divisor.isInfinite {
            // Below 10⁻³⁰⁸: step down in two parts to reach subnormal values.
            return pow10(exponent + 300) / pow10(300)
        }
        return 1 / divisor
    }
}

extension Double {
    /// ⌊log₁₀ |x|⌋ for finite non-zero x, robust to the rounding of `log10` near powers of ten.
    var log10Floor: Double {
        let magnitude = abs(self)
        var exponent = Int(Foundation.log10(magnitude).rounded(.down))
        if NumberText.pow10(exponent) > magnitude { exponent -= 1 }
        if NumberText.pow10(exponent + 1) <= magnitude { exponent += 1 }
        return Double(exponent)
    }
}
