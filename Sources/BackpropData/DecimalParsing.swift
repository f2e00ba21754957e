#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a field of a data file turned out to hold.
enum ParsedDecimal: Equatable {
    /// A finite number, bit for bit the `Double` that `Double(String)` gives for the same text.
    case number(Double)
    /// Text that spells infinity or not-a-number (`inf`, `-Infinity`, `nan`, `nan(…)`), or a
    /// decimal too large for a `Double` (`1e400`).
    case nonFinite
    /// Anything else.
    case invalid
}

/// Exact powers of ten: every 10^k with k ≤ 22 is representable in a `Double` (5^22 < 2^53).
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

/// Parses a decimal number from UTF-8 bytes without making a `String`.
///
/// Accepted, as `Double(String)` accepts it: `[+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?`, nothing
/// before or after (the caller trims spaces). Hexadecimal floats are refused: a data file that holds
/// `0x1p3` is more likely broken than meant.
///
/// The value is the correctly rounded `Double`. With at most 15 significant digits m and a
/// power of ten 10^e with |e| ≤ 22, both m and 10^e are exact doubles, so the one IEEE
/// operation m·10^e or m/10^|e| is already correctly rounded (Clinger's fast path). Longer
/// numbers, such as the 17 digits `"\(d)"` often prints, go to the C library's `strtod`, which is
/// correctly rounded too.
///
/// - Parameter text: the bytes of one field.
/// - Complexity: O(`text.count`).
func parseDecimal(_ text: UnsafeBufferPointer<UInt8>) -> ParsedDecimal {
    let count = text.count
    var i = 0
    var negative = false
    if i < count, text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-") {
        negative = text[i] == UInt8(ascii: "-")
        i += 1
    }

    // Significand: up to 19 significant digits fit in a UInt64; more means the slow path, so
    // digits past 19 only need validating.
    var significand: UInt64 = 0
    var significantDigits = 0
    var sawDigit = false
    var exponent = 0
    while i < count, case let digit = text[i] &- UInt8(ascii: "0"), digit < 10 {
        sawDigit = true
        if significantDigits > 0 || digit != 0 { significantDigits += 1 }
        if significantDigits <= 19 { significand = significand &* 10 &+ UInt64(digit) }
        i += 1
    }
    if i < count, text[i] == UInt8(ascii: ".") {
        i += 1
        while i < count, case let digit = text[i] &- UInt8(ascii: "0"), digit < 10 {
            sawDigit = true
            if significantDigits > 0 || digit != 0 { significantDigits += 1 }
            if significantDigits <= 19 {
                significand = significand &* 10 &+ UInt64(digit)
                exponent -= 1
            }
            i += 1
        }
    }
    guard sawDigit else { return spellsNonFinite(text) ? .nonFinite : .invalid }

    if i < count, text[i] == UInt8(ascii: "e") || text[i] == UInt8(ascii: "E") {
        i += 1
        var exponentNegative = false
        if i < count, text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-") {
            exponentNegative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        var written = 0
        var sawExponentDigit = false
        while i < count, case let digit = text[i] &- UInt8(ascii: "0"), digit < 10 {
            sawExponentDigit = true
            // Beyond 10^6 every double is 0 or infinite; clamping keeps the sum from overflowing.
            if written < 1_000_000 { written = written * 10 + Int(digit) }
            i += 1
        }
        guard sawExponentDigit else { return .invalid }
        exponent += exponentNegative ? -written : written
    }
    guard i == count else { return .invalid }

    if significand == 0 && significantDigits == 0 { return .number(negative ? -0.0 : 0.0) }

    var value: Double
    if significantDigits <= 15 && (-22...22).contains(exponent) {
        let magnitude = Double(significand)
        value =
            exponent >= 0
            ? magnitude * exactPowersOfTen[exponent]
            : magnitude / exactPowersOfTen[-exponent]
        if negative { value = -value }
    } else {
        value = parseWithCLibrary(text)
    }
    return value.isFinite ? .number(value) : .nonFinite
}

/// The correctly rounded value of text already checked to be a decimal number.
private func parseWithCLibrary(_ text: UnsafeBufferPointer<UInt8>) -> Double {
    let parsed = withUnsafeTemporaryAllocation(of: CChar.self, capacity: text.count + 1) {
        buffer -> Double? in
        for (k, byte) in text.enumerated() { buffer[k] = CChar(bitPattern: byte) }
        buffer[text.count] = 0
        guard let start = buffer.baseAddress else { return nil }
        var end: UnsafeMutablePointer<CChar>? = nil
        let value = strtod(start, &end)
        // Under a locale whose decimal point is not ".", strtod stops early; then fall back.
        guard end == start + text.count else { return nil }
        return value
    }
    if let parsed { return parsed }
    return Double(String(decoding: text, as: UTF8.self)) ?? .nan
}

/// Whether the text is one of the spellings of infinity or NaN that `Double(String)` accepts.
private func spellsNonFinite(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    guard text.count <= 64 else { return false }
    var word = String(decoding: text, as: UTF8.self).lowercased()
    if word.hasPrefix("+") || word.hasPrefix("-") { word.removeFirst() }
    return word == "inf" || word == "infinity" || word == "nan"
        || (word.hasPrefix("nan(") && word.hasSuffix(")"))
}
