import Testing
@testable import BackpropPlots

@Suite("Ticks")
struct TicksTests {
    @Test("Linear ticks step by 1, 2 or 5 × 10ᵏ and have exact decimal labels")
    func niceLinearTicks() {
        let ticks = Ticks.linear(from: -0.05, to: 1.05, targetCount: 6)
        #expect(ticks.map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(ticks.map(\.value) == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(ticks.allSatisfy { $0.isMajor })
    }

    @Test("The step's leading digit is 1, 2 or 5 for spans across many magnitudes",
          arguments: [(0.0, 7.3), (-3.0, 1e4), (317.0, 381.0), (1e-7, 3e-7), (-2e12, 5e12), (0.1, 0.1003)])
    func stepsAreNice(lower: Double, upper: Double) throws {
        let ticks = Ticks.linear(from: lower, to: upper, targetCount: 6)
        #expect(ticks.count >= 3 && ticks.count <= 12, "got \(ticks)")
        let step = ticks[1].value - ticks[0].value
        let leading = step / NumberText.pow10(Int(step.log10Floor))
        #expect([1.0, 2.0, 5.0].contains { abs($0 - leading) < 1e-6 }, "step \(step)")
        #expect(ticks.allSatisfy { $0.value >= lower && $0.value <= upper })
    }

    @Test("Linear labels switch to scientific text for very large and very small values")
    func scientificLinearLabels() {
        #expect(Ticks.linear(from: 0, to: 4e6, targetCount: 4).compactMap(\.label) == ["0", "1e6", "2e6", "3e6", "4e6"])
        #expect(Ticks.linear(from: 0, to: 5e-5, targetCount: 5).compactMap(\.label) == ["0", "1e-5", "2e-5", "3e-5", "4e-5", "5e-5"])
        #expect(Ticks.linear(from: -250, to: 250, targetCount: 5).compactMap(\.label) == ["-200", "-100", "0", "100", "200"])
    }

    @Test("An empty, reversed or non-finite range gives no ticks rather than a crash")
    func unusableLinearRanges() {
        #expect(Ticks.linear(from: 1, to: 1).isEmpty)
        #expect(Ticks.linear(from: 2, to: 1).isEmpty)
        #expect(Ticks.linear(from: .nan, to: 1).isEmpty)
        #expect(Ticks.log10(from: 0, to: 1).isEmpty)
        #expect(Ticks.log10(from: -1, to: 10).isEmpty)
    }

    @Test("Log ticks are majors at every decade with minors at 2…9 between them")
    func logDecades() {
        let ticks = Ticks.log10(from: 2e-4, to: 1.5, maximumLabels: 8)
        let majors = ticks.filter(\.isMajor)
        #expect(majors.map(\.value) == [1e-3, 1e-2, 1e-1, 1])
        #expect(majors.map(\.label) == ["0.001", "0.01", "0.1", "1"])
        let minors = ticks.filter { !$0.isMajor }
        #expect(minors.allSatisfy { $0.label == nil })
        // 2…9 × 10⁻⁴ (eight), then 2…9 for 10⁻³, 10⁻², 10⁻¹ (24), none above 1.5.
        #expect(minors.count == 8 + 24)
        #expect(minors.first?.value == 2e-4)
        #expect(ticks.map(\.value) == ticks.map(\.value).sorted())
    }

    @Test("Log labels are scientific once a decade falls outside 10⁻³…10⁴")
    func logScientificLabels() {
        let ticks = Ticks.log10(from: 1e-7, to: 1, maximumLabels: 8)
        #expect(ticks.compactMap(\.label) == ["1e-7", "1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "1e-1", "1e0"])
    }

    @Test("Across many decades only every s-th decade is labelled and the 2…9 marks are dropped")
    func logStride() {
        let ticks = Ticks.log10(from: 1e-30, to: 1e10, maximumLabels: 8)
        // 41 decades, at most 8 labels: stride 10 (stride 5 would need 9).
        #expect(ticks.compactMap(\.label) == ["1e-30", "1e-20", "1e-10", "1e0", "1e10"])
        #expect(ticks.count == 41, "one mark per decade")
    }

    @Test("Within less than two decades the minor ticks carry labels too")
    func logNarrowRange() {
        let ticks = Ticks.log10(from: 0.15, to: 0.95, maximumLabels: 8)
        #expect(ticks.compactMap(\.label) == ["0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"])
        let wider = Ticks.log10(from: 0.03, to: 0.9, maximumLabels: 6)
        #expect(wider.compactMap(\.label) == ["0.05", "0.1", "0.2", "0.5"])
    }

    @Test("A sliver of a decade with no 1…9 × 10ᵈ inside falls back to linear ticks")
    func logSliver() {
        let ticks = Ticks.log10(from: 0.31, to: 0.39, maximumLabels: 6)
        #expect(ticks.count >= 2)
        #expect(ticks.allSatisfy { $0.value >= 0.31 && $0.value <= 0.39 && $0.label != nil })
    }
}
