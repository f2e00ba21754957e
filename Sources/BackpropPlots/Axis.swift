import Foundation

/// One axis of a chart: its scale and the data interval it shows.
///
/// A value v lands at the fraction t = (s(v) − s(lower)) / (s(upper) − s(lower)) of the axis
/// length, where s(v) = v on a linear axis and s(v) = log₁₀ v on a log axis.
struct Axis: Equatable {
    var scale: AxisScale
    var lower: Double
    var upper: Double

    /// The fraction along the axis where `value` lands (0 at `lower`, 1 at `upper`; outside
    /// 0…1 for values out of range), or `nil` if the scale cannot show the value.
    func fraction(of value: Double) -> Double? {
        guard scale.canShow(value) else { return nil }
        switch scale {
        case .linear:
            // Halves keep differences finite even for values near ±Double.greatestFiniteMagnitude.
            return (value * 0.5 - lower * 0.5) / (upper * 0.5 - lower * 0.5)
        case .log10:
            return (Foundation.log10(value) - Foundation.log10(lower))
                / (Foundation.log10(upper) - Foundation.log10(lower))
        }
    }

    /// Ticks sized for an axis `length` points long: about one label per `spacing` points.
    func ticks(length: Double, spacing: Double) -> [Tick] {
        let count = max(2, min(10, Int((length / spacing).rounded())))
        switch scale {
        case .linear: return Ticks.linear(from: lower, to: upper, targetCount: count)
        case .log10: return Ticks.log10(from: lower, to: upper, maximumLabels: max(3, count + 1))
        }
    }

    /// The axis that shows all of `values` (those the scale can show) with `padding` of the span
    /// added at each end, in scale units.
    ///
    /// No values: 0…1 (linear) or 1…10 (log). All values equal (or equal to 1 part in 10⁹):
    /// ±10 % of the value around it (±1 around 0; ×/÷ √10 on a log axis). Limits stay within
    /// the finite Doubles (log limits within 10⁻³²³…10³⁰⁸·²⁵), and every later computation
    /// works on halves of values, so nothing overflows.
    static func fitting(_ values: [Double], scale: AxisScale, padding: Double = 0.05) -> Axis {
        var lowest = Double.infinity
        var highest = -Double.infinity
        for value in values where scale.canShow(value) {
            lowest = min(lowest, value)
            highest = max(highest, value)
        }
        switch scale {
        case .linear:
            guard lowest <= highest else { return Axis(scale: .linear, lower: 0, upper: 1) }
            let magnitude = max(abs(lowest), abs(highest))
            if highest * 0.5 - lowest * 0.5 <= magnitude * 0.5e-9 {
                let middle = lowest * 0.5 + highest * 0.5
                let half = middle == 0 ? 1 : abs(middle) * 0.1
                return Axis(scale: .linear, lower: max(middle - half, -.greatestFiniteMagnitude),
                            upper: min(middle + half, .greatestFiniteMagnitude))
            }
            // Halves keep the span finite even from −1.7e308 to 1.7e308.
            let pad = (highest * 0.5 - lowest * 0.5) * (2 * padding)
            return Axis(scale: .linear, lower: max(lowest - pad, -.greatestFiniteMagnitude),
                        upper: min(highest + pad, .greatestFiniteMagnitude))
        case .log10:
            guard lowest <= highest else { return Axis(scale: .log10, lower: 1, upper: 10) }
            var low = Foundation.log10(lowest)
            var high = Foundation.log10(highest)
            if high - low <= 1e-9 * max(1, abs(low)) {
                low -= 0.5
                high += 0.5
            } else {
                let pad = (high - low) * padding
                low -= pad
                high += pad
            }
            // 10^-323 is the smallest subnormal Double, 10^308.25 just below the largest.
            low = max(low, -323)
            high = min(high, 308.25)
            return Axis(scale: .log10, lower: Foundation.pow(10, low), upper: Foundation.pow(10, high))
        }
    }
}

extension Axis {
    /// The value at fraction `t` along the axis: the inverse of ``fraction(of:)``.
    func value(at t: Double) -> Double {
        switch scale {
        case .linear:
            return lower * (1 - t) + upper * t
        case .log10:
            return Foundation.pow(10, Foundation.log10(lower) + t * (Foundation.log10(upper) - Foundation.log10(lower)))
        }
    }
}
