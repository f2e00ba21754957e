import Testing
@testable import BackpropPlots

@Suite("Number text")
struct NumberTextTests {
    @Test("Fixed-point text rounds half away from zero and never prints -0",
          arguments: [(2.345, 2, "2.35"), (-2.5, 0, "-3"), (-0.0001, 2, "0.00"), (0, 0, "0"),
                      (1234567.891, 1, "1234567.9"), (0.05, 3, "0.050"), (-1.5, 1, "-1.5")])
    func fixed(value: Double, decimals: Int, expected: String) {
        #expect(NumberText.fixed(value, decimals: decimals) == expected)
    }

    @Test("Coordinates have at most two decimals, no trailing zeros, and are clamped to ±10⁶",
          arguments: [(12.5, "12.5"), (12.0, "12"), (-3.254, "-3.25"), (-0.001, "0"),
                      (1e300, "1000000"), (-Double.infinity, "-1000000"), (Double.nan, "0")])
    func coordinate(value: Double, expected: String) {
        #expect(NumberText.coordinate(value) == expected)
    }

    @Test("Short text keeps three significant digits (all integer digits), plain between 10⁻³ and 10⁶, scientific outside",
          arguments: [(0.693147, "0.693"), (1234.5, "1235"), (2.2875e-4, "2.29e-4"), (9.9996e-5, "1e-4"),
                      (3e9, "3e9"), (0, "0"), (-0.015, "-0.015"), (Double.infinity, "inf")])
    func short(value: Double, expected: String) {
        #expect(NumberText.short(value) == expected)
    }

    @Test("⌊log₁₀ x⌋ is exact at powers of ten, where log10 itself may round the wrong way")
    func log10Floor() {
        for exponent in -300...300 {
            let power = NumberText.pow10(exponent)
            #expect(power.log10Floor == Double(exponent))
            #expect((power * 0.999_999).log10Floor == Double(exponent - 1))
        }
    }
}
