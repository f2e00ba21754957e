import Testing

@testable import FinHeatTransfer

@Suite("FinParameterError")
struct FinParameterErrorTests {
    @Test("the message names the field, the symbol, the value with its unit and the allowed range")
    func messageNamesEverything() {
        let error = FinParameterError(
            field: "conductivity", symbol: "k", value: -3, unit: "W/(m·K)",
            allowedRange: "0 < k ≤ 5000 W/(m·K)")
        #expect(
            error.description
                == "fin parameter conductivity k = -3.0 W/(m·K) is outside the allowed range "
                + "0 < k ≤ 5000 W/(m·K)")
    }

    @Test("a hint follows the range after a semicolon")
    func hintFollowsRange() {
        let error = FinParameterError(
            field: "diameter", symbol: "D", value: 5, unit: "m", allowedRange: "0 < D ≤ 1 m",
            hint: "lengths are in metres")
        #expect(error.description.hasSuffix("0 < D ≤ 1 m; lengths are in metres"))
    }

    @Test("requirePositive rejects zero, negatives, NaN, infinity and values above the bound")
    func requirePositiveRejects() {
        for bad in [0, -1, .nan, .infinity, 5001] as [Double] {
            #expect(throws: FinParameterError.self) {
                try FinParameterError.requirePositive(
                    bad, field: "conductivity", symbol: "k", unit: "W/(m·K)", atMost: 5000)
            }
        }
        #expect(throws: Never.self) {
            try FinParameterError.requirePositive(
                5000, field: "conductivity", symbol: "k", unit: "W/(m·K)", atMost: 5000)
        }
    }

    @Test("whole-number bounds print without a decimal point")
    func boundsPrintLikeTheDocs() {
        #expect(FinParameterError.formatted(5000) == "5000")
        #expect(FinParameterError.formatted(1e6) == "1000000")
        #expect(FinParameterError.formatted(0.25) == "0.25")
        #expect(FinParameterError.formatted(-273.15) == "-273.15")
    }
}
