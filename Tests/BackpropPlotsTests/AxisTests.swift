import Testing
@testable import BackpropPlots

@Suite("Axis fitting and mapping")
struct AxisTests {
    @Test("A linear axis adds 5 % of the span at each end")
    func linearPadding() {
        let axis = Axis.fitting([2, 4, 12], scale: .linear)
        #expect(abs(axis.lower - 1.5) < 1e-12 && abs(axis.upper - 12.5) < 1e-12)
        #expect(axis.fraction(of: 1.5) == 0 && axis.fraction(of: 12.5) == 1)
    }

    @Test("A log axis pads by 5 % of the decades and skips values ≤ 0")
    func logPadding() throws {
        let axis = Axis.fitting([1e-4, 0, -3, 1], scale: .log10)
        // 4 decades, padding 0.2 decade at each end.
        #expect(abs(axis.lower - 1e-4 / 1.584_893_192) < 1e-10)
        #expect(abs(axis.upper - 1.584_893_192) < 1e-8)
        #expect(axis.fraction(of: 0) == nil && axis.fraction(of: -1) == nil)
        let middle = try #require(axis.fraction(of: 0.01))
        #expect(abs(middle - 0.5) < 1e-12)
    }

    @Test("No values, one value and a constant give a usable axis",
          arguments: [AxisScale.linear, .log10])
    func degenerateValues(scale: AxisScale) {
        for values: [Double] in [[], [.nan, .infinity], [3], [3, 3, 3], [0.1, 0.1 + 1e-17]] {
            let axis = Axis.fitting(values, scale: scale)
            #expect(axis.lower < axis.upper, "\(values)")
            #expect(scale.canShow(axis.lower) && scale.canShow(axis.upper), "\(values)")
            if let value = values.first, value.isFinite {
                let t = axis.fraction(of: value) ?? -1
                #expect(t > 0.2 && t < 0.8, "a constant sits mid-axis: \(values) at \(t)")
            }
        }
        #expect(Axis.fitting([0], scale: .linear) == Axis(scale: .linear, lower: -1, upper: 1))
    }

    @Test("Values near the limits of Double give finite axes and finite positions")
    func extremeValues() {
        let huge = Axis.fitting([-1.7e308, 1.7e308], scale: .linear)
        #expect(huge.lower.isFinite && huge.upper.isFinite)
        #expect(huge.fraction(of: 0).map { abs($0 - 0.5) < 1e-9 } == true)
        let tiny = Axis.fitting([Double.leastNonzeroMagnitude * 2000, Double.leastNormalMagnitude / 40], scale: .log10)
        #expect(tiny.lower > 0 && tiny.upper.isFinite)
        #expect(Ticks.log10(from: tiny.lower, to: tiny.upper).isEmpty == false)
        let small = Axis.fitting([1e-300, 2e-300], scale: .linear)
        #expect(small.lower < small.upper)
        #expect(Ticks.linear(from: huge.lower, to: huge.upper).count >= 2)
    }

    @Test("value(at:) inverts fraction(of:) on both scales")
    func inverse() throws {
        for axis in [Axis(scale: .linear, lower: -3, upper: 7), Axis(scale: .log10, lower: 1e-3, upper: 10)] {
            for value in [axis.lower, 0.5, axis.upper] {
                let t = try #require(axis.fraction(of: value))
                #expect(abs(axis.value(at: t) - value) <= 1e-12 * max(1, abs(value)))
            }
        }
    }
}
