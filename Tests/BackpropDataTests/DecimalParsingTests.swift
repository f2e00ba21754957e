import Foundation
import Testing

@testable import BackpropData

/// `parseDecimal` on a Swift string, through its UTF-8 bytes.
private func parse(_ text: String) -> ParsedDecimal {
    Array(text.utf8).withUnsafeBufferPointer { parseDecimal($0) }
}

/// A random double spread over the whole exponent range, subnormals included.
private func randomDouble(_ generator: inout some RandomNumberGenerator) -> Double {
    while true {
        let value = Double(bitPattern: generator.next())
        if value.isFinite { return value }
    }
}

@Suite("Decimal parsing from bytes")
struct DecimalParsingTests {
    @Test("random doubles printed with \"\\(d)\" parse to the same bits as Double(String)")
    func swiftDescriptionRoundTrip() {
        var generator = SeededRandom(seed: 6)
        for _ in 0..<20_000 {
            let value = randomDouble(&generator)
            let text = "\(value)"
            guard case .number(let parsed) = parse(text) else {
                Issue.record("\(text) was not parsed")
                continue
            }
            #expect(parsed.bitPattern == Double(text)!.bitPattern, "\(text)")
            #expect(parsed.bitPattern == value.bitPattern, "\(text)")
        }
    }

    @Test("random doubles printed with %.17g parse to the same bits as Double(String)")
    func seventeenDigitsRoundTrip() {
        var generator = SeededRandom(seed: 7)
        for _ in 0..<20_000 {
            let value = randomDouble(&generator)
            let text = String(format: "%.17g", value)
            guard case .number(let parsed) = parse(text) else {
                Issue.record("\(text) was not parsed")
                continue
            }
            #expect(parsed.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
    }

    @Test("short decimals of everyday data take the exact fast path and agree with Double(String)")
    func shortDecimals() {
        var generator = SeededRandom(seed: 8)
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...15, using: &generator)
            let significand = Int64.random(in: 0..<Int64(pow(10.0, Double(digits))), using: &generator)
            let exponent = Int.random(in: -30...30, using: &generator)
            for text in [
                "\(significand)e\(exponent)", "-\(significand).5E+\(abs(exponent))", "0.\(significand)",
            ] {
                guard case .number(let parsed) = parse(text) else {
                    Issue.record("\(text) was not parsed")
                    continue
                }
                #expect(parsed.bitPattern == Double(text)!.bitPattern, "\(text)")
            }
        }
    }

    @Test(
        "decimal spellings Double(String) accepts give the same bits",
        arguments: [
            "0", "-0", "+0.0", "-0e12", "1", "+5", "-5", ".5", "5.", "5.e3", "+.5e-3", "00012",
            "1E5", "1.5E+07", "4.9e-324", "2.4703282292062328e-324", "2.2250738585072011e-308",
            "1.7976931348623157e308", "9007199254740993", "123456789012345678901234567890",
            "0.000000000000000000000000000000000000000000001", "1e-400", "3.14159265358979323846",
            "1e22", "1e23", "8.98846567431158e307",
        ])
    func acceptedSpellings(text: String) {
        #expect(parse(text) == .number(Double(text)!))
        if case .number(let parsed) = parse(text) {
            #expect(parsed.bitPattern == Double(text)!.bitPattern)
        }
    }

    @Test(
        "text that is not a decimal number is invalid",
        arguments: [
            "", " ", "+", "-", ".", "-.e1", "1e", "1e+", "e5", "1_0", "1,5", "1.5.2", "--1", "0x1p3",
            "0x10", "1 2", " 1", "1 ", "1٠", "abc", "1.0f", "\u{FEFF}1",
        ])
    func invalidSpellings(text: String) {
        #expect(parse(text) == .invalid)
    }

    @Test(
        "infinity, NaN and overflowing numbers are non-finite",
        arguments: [
            "inf", "-inf", "+Infinity", "INF", "nan", "NaN", "-nan", "nan(0x7b)", "1e400", "-1e99999999999",
        ])
    func nonFiniteSpellings(text: String) {
        #expect(parse(text) == .nonFinite)
    }
}
