import Foundation

/// How an axis maps data values to positions.
public enum AxisScale: Sendable, Equatable {
    /// Position proportional to the value.
    case linear
    /// Position proportional to log₁₀ of the value; values ≤ 0 cannot be shown.
    case log10

    /// Whether `value` can be placed on an axis of this scale: finite, and positive on a log axis.
    public func canShow(_ value: Double) -> Bool {
        switch self {
        case .linear: value.isFinite
        case .log10: value.isFinite && value > 0
        }
    }
}

/// One tick mark on an axis.
public struct Tick: Sendable, Equatable, CustomStringConvertible {
    /// Where the tick sits, in data units.
    public var value: Double
    /// The text printed beside the tick, or `nil` for an unlabelled (minor) tick. Labels are
    /// plain (`0.25`, `1000`) or scientific (`2.5e-5`, `1e-3`), never locale-dependent.
    public var label: String?
    /// Major ticks get a grid line and, as a rule, a label; minor ticks (the 2…9 between
    /// decades of a log axis) only a short mark and a faint grid line.
    public var isMajor: Bool

    /// Creates a tick.
    public init(value: Double, label: String?, isMajor: Bool) {
        self.value = value
        self.label = label
        self.isMajor = isMajor
    }

    /// `major 0.001 "0.001"` or `minor 0.002`.
    public var description: String {
        "\(isMajor ? "major" : "minor") \(value)" + (label.map { " \"\($0)\"" } ?? "")
    }
}

/// Tick positions and labels for linear and log₁₀ axes.
public enum Ticks {
    /// "Nice" linear ticks: multiples of a step 1, 2 or 5 × 10ᵏ chosen so that about
    /// `targetCount` ticks fall in `lower...upper`.
    ///
    /// step = m · 10ᵏ with m ∈ {1, 2, 5} and k = ⌊log₁₀(span / targetCount)⌋ (adjusted), ticks
    /// nᵢ · step for every integer nᵢ with lower ≤ nᵢ · step ≤ upper. Tick values are computed as
    /// (nᵢ · m) · 10ᵏ from integers, so labels are exact (`0.3`, not `0.30000000000000004`).
    ///
    /// - Parameters:
    ///   - lower: The axis minimum, finite.
    ///   - upper: The axis maximum, finite and greater than `lower`.
    ///   - targetCount: About how many ticks are wanted (at least 2).
    /// - Returns: Major, labelled ticks in increasing order; empty if the range is not usable.
    public static func linear(from lower: Double, to upper: Double, targetCount: Int = 6) -> [Tick] {
        guard lower.isFinite, upper.isFinite, upper > lower else { return [] }
        let step = niceStep(lower: lower, upper: upper, targetCount: max(2, targetCount))
        let stepValue = Double(step.multiplier) * NumberText.pow10(step.exponent)
        let first = (lower / stepValue).rounded(.up)
        let last = (upper / stepValue).rounded(.down)
        guard first.isFinite, last.isFinite, abs(first) < 1e15, abs(last) < 1e15, last >= first,
              last - first < 1000
        else { return [] }
        var decimals: [DecimalValue] = []
        for n in Int64(first)...Int64(last) {
            decimals.append(DecimalValue(significand: n * Int64(step.multiplier), exponent: step.exponent))
        }
        let maximum = decimals.map { abs($0.doubleValue) }.max() ?? 0
        let scientific = maximum >= 1e6 || (maximum > 0 && maximum < 1e-3) || step.exponent <= -5
        return decimals.map { decimal in
            Tick(value: decimal.doubleValue,
                 label: scientific ? decimal.scientificText : decimal.plainText,
                 isMajor: true)
        }
    }

    /// Ticks for a log₁₀ axis: a major tick at every decade 10ᵈ in `lower...upper` and minor
    /// ticks at 2…9 × 10ᵈ.
    ///
    /// When more than `maximumLabels` decades are in range, only every s-th decade
    /// (s ∈ 1, 2, 3, 5, 10, 20, …) is a labelled major tick, the others are minor ticks and the
    /// 2…9 marks are left out. When fewer than two decades fall in range, the minor ticks are
    /// labelled too (all of them, or only 2 and 5, or only 5 — whatever keeps the count at most
    /// `maximumLabels`), so that the axis can always be read.
    /// Labels are plain (`0.001` … `10000`) when every label lies in 10⁻³…10⁴, otherwise
    /// scientific (`1e-5`, `2e-5`).
    ///
    /// - Parameters:
    ///   - lower: The axis minimum, finite and positive.
    ///   - upper: The axis maximum, finite and greater than `lower`.
    ///   - maximumLabels: The most labels wanted (at least 2).
    /// - Returns: Ticks in increasing order; empty if the range is not usable.
    public static func log10(from lower: Double, to upper: Double, maximumLabels: Int = 8) -> [Tick] {
        guard lower.isFinite, upper.isFinite, lower > 0, upper > lower else { return [] }
        let maximumLabels = max(2, maximumLabels)
        let lowestDecade = Int(lower.log10Floor)
        let highestDecade = Int(upper.log10Floor)
        // Decade d is inside when 10ᵈ ≥ lower, i.e. from ⌈log₁₀ lower⌉.
        let firstDecade = NumberText.pow10(lowestDecade) >= lower ? lowestDecade : lowestDecade + 1
        let decadeCount = highestDecade - firstDecade + 1

        var stride = 1
        if decadeCount > maximumLabels {
            let candidates = [1, 2, 3, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]
            stride = candidates.first { (decadeCount + $0 - 1) / $0 <= maximumLabels } ?? 1000
        }

        var marks: [(decimal: DecimalValue, isMajor: Bool, multiplier: Int)] = []
        for decade in lowestDecade...highestDecade {
            let decadeValue = NumberText.pow10(decade)
            let isMajor = decade.isMultiple(of: stride)
            // Past 60 decades, unlabelled decade marks would only blur into a grey band.
            if decadeValue >= lower && decadeValue <= upper && (isMajor || decadeCount <= 60) {
                marks.append((DecimalValue(significand: 1, exponent: decade), isMajor, 1))
            }
            if stride == 1 {
                for multiplier in 2...9 {
                    let value = Double(multiplier) * decadeValue
                    if value >= lower && value <= upper {
                        marks.append((DecimalValue(significand: Int64(multiplier), exponent: decade),
                                      false, multiplier))
                    }
                }
            }
        }

        var labelled = Set<Int>()
        for (index, mark) in marks.enumerated() where mark.isMajor { labelled.insert(index) }
        if labelled.count < 2 {
            // Too few decades in range to read the axis: label minor ticks as well.
            for allowed in [Set(1...9), Set([1, 2, 5]), Set([1, 5]), Set([1])] {
                let chosen = marks.indices.filter { allowed.contains(marks[$0].multiplier) }
                if chosen.count <= maximumLabels || allowed == Set([1]) {
                    labelled = Set(chosen)
                    break
                }
            }
        }
        if labelled.count < 2 {
            // A sliver of a decade (0.31…0.39) holds no 1…9 × 10ᵈ mark to label: it is nearly
            // linear there, so linear ticks read best.
            return linear(from: lower, to: upper, targetCount: min(maximumLabels, 5))
        }
        let labelledDecimals = labelled.map { marks[$0].decimal }
        let plain = labelledDecimals.allSatisfy { (-3...4).contains($0.exponent) }
        return marks.enumerated().map { index, mark in
            let label = labelled.contains(index)
                ? (plain ? mark.decimal.plainText : mark.decimal.scientificText) : nil
            return Tick(value: mark.decimal.doubleValue, label: label,
                        isMajor: mark.isMajor || labelled.contains(index))
        }
    }

    /// The nice step m · 10ᵏ, m ∈ {1, 2, 5}, nearest above span / targetCount.
    static func niceStep(lower: Double, upper: Double, targetCount: Int) -> (multiplier: Int, exponent: Int) {
        // Halves keep the span finite for ranges near ±Double.greatestFiniteMagnitude.
        let halfSpan = upper * 0.5 - lower * 0.5
        let rough = halfSpan / Double(targetCount) * 2
        guard rough.isFinite, rough > 0 else { return (1, 0) }
        var exponent = Int(rough.log10Floor)
        let fraction = rough / NumberText.pow10(exponent)
        let multiplier: Int
        switch fraction {
        case ..<1.5: multiplier = 1
        case ..<3.5: multiplier = 2
        case ..<7.5: multiplier = 5
        default:
            multiplier = 1
            exponent += 1
        }
        return (multiplier, exponent)
    }
}

/// An exact decimal significand · 10^exponent, so tick labels never show binary rounding.
struct DecimalValue: Equatable {
    var significand: Int64
    var exponent: Int

    var doubleValue: Double {
        exponent >= 0
            ? Double(significand) * NumberText.pow10(exponent)
            : Double(significand) / NumberText.pow10(-exponent)
    }

    /// `1500`, `0.25`, `-0.10` (keeps −exponent decimals, so ticks of one axis align).
    var plainText: String {
        let sign = significand < 0 ? "-" : ""
        let digits = String(significand.magnitude)
        if exponent >= 0 {
            return significand == 0 ? "0" : sign + digits + String(repeating: "0", count: exponent)
        }
        let decimals = -exponent
        let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
        let split = padded.index(padded.endIndex, offsetBy: -decimals)
        return (significand == 0 ? "" : sign) + padded[..<split] + "." + padded[split...]
    }

    /// `1e-3`, `2.5e-5`, `-4e6`, and `0` for zero.
    var scientificText: String {
        guard significand != 0 else { return "0" }
        var digits = String(significand.magnitude)
        var power = exponent
        while digits.count > 1 && digits.hasSuffix("0") {
            digits.removeLast()
            power += 1
        }
        power += digits.count - 1
        let mantissa = digits.count == 1
            ? digits
            : String(digits.prefix(1)) + "." + String(digits.dropFirst())
        return (significand < 0 ? "-" : "") + mantissa + "e" + String(power)
    }
}
