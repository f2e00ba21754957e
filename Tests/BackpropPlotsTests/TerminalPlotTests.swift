import Foundation
import Testing
@testable import BackpropPlots

@Suite("Terminal plot")
struct TerminalPlotTests {
    /// The canvas rows of a rendered plot: the `height` lines after the title, each stripped of
    /// its label and axis character.
    static func canvas(_ text: String, plot: TerminalPlot) -> [[Character]] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if !plot.title.isEmpty { lines.removeFirst() }
        return lines.prefix(plot.height).map { Array($0.suffix(plot.width)) }
    }

    static let cost = (1...200).map { 0.7 * Foundation.exp(-Double($0) / 30) + 1e-3 }

    @Test("The canvas is exactly width × height cells, framed by equal-length lines",
          arguments: [TerminalPlot.Glyphs.braille, .blocks, .ascii], [(60, 15), (20, 5), (8, 3)])
    func dimensions(glyphs: TerminalPlot.Glyphs, size: (Int, Int)) {
        let plot = TerminalPlot(series: [Series(name: "J", y: Self.cost)], title: "J against epoch",
                                width: size.0, height: size.1, yScale: .log10, glyphs: glyphs)
        let lines = plot.render().split(separator: "\n", omittingEmptySubsequences: false)
        // Title, canvas rows, x axis, x labels, legend.
        #expect(lines.count == 1 + size.1 + 3)
        let framed = lines[1...(size.1 + 1)]
        #expect(Set(framed.map(\.count)).count == 1, "rows and axis line have one length")
        let labelWidth = framed.first!.count - size.0 - 2
        #expect(labelWidth >= 1)
        #expect(lines[size.1 + 1].hasSuffix(String(repeating: glyphs == .ascii ? "-" : "─", count: size.0)))
    }

    @Test("The largest value lands on the first canvas row and the smallest on the last",
          arguments: [TerminalPlot.Glyphs.braille, .blocks, .ascii], [AxisScale.linear, .log10])
    func extremesOnFirstAndLastRows(glyphs: TerminalPlot.Glyphs, scale: AxisScale) {
        // Maximum 10 at x = 4 of 1…5, minimum 1 at x = 2.
        let plot = TerminalPlot(series: [Series(name: "s", y: [5, 1, 3, 10, 2])], width: 41, height: 9,
                                yScale: scale, glyphs: glyphs)
        let rows = Self.canvas(plot.render(), plot: plot)
        #expect(rows.count == 9)
        // x = 4 lies at 3/4 of the width: column 30 of 0…40; x = 2 at column 10.
        #expect(rows[0][30] != " ", "maximum on the first row: \(String(rows[0]))")
        #expect(rows[8][10] != " ", "minimum on the last row: \(String(rows[8]))")
        // Only the peak's neighbourhood reaches the top row (a steep braille line spans ±2 cells).
        #expect(rows[0].enumerated().allSatisfy { $0.element == " " || abs($0.offset - 30) <= 2 }, "\(String(rows[0]))")
    }

    @Test("The y labels show the maximum at the top row and the minimum at the bottom row")
    func axisLabels() {
        let plot = TerminalPlot(series: [Series(name: "J", y: [0.5, 0.05, 0.002])], width: 30, height: 10, yScale: .log10)
        let lines = plot.render().split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("  0.5 ┤"))
        #expect(lines[9].hasPrefix("0.002 ┤"))
        // Row 5 of 10 is centred at t = 1 − 5.5/10 on log₁₀ 0.002…0.5: 10^(−2.699 + 0.45 · 2.398).
        #expect(lines[5].hasPrefix("0.024 ┤"))
        // x minimum under the first canvas column, maximum under the last.
        #expect(lines[11] == "       1" + String(repeating: " ", count: 28) + "3")
        #expect(lines[11].count == lines[0].count)
        #expect(lines[12].contains("J"))
    }

    @Test("Several series get distinct marks and a legend that names them in order")
    func legend() {
        let plot = TerminalPlot(series: [Series(name: "training", y: Self.cost),
                                         Series(name: "validation", y: Self.cost.map { $0 * 1.5 })],
                                yScale: .log10, glyphs: .ascii)
        let text = plot.render()
        #expect(text.contains("** training   oo validation"))
        let rows = Self.canvas(text, plot: plot)
        #expect(rows.joined().contains("*") && rows.joined().contains("o"))
        let braille = TerminalPlot(series: plot.series, yScale: .log10).render()
        #expect(braille.contains("⠤⠤ training   ·· validation"))
    }

    @Test("Colour wraps each mark in ANSI codes only when asked")
    func colour() {
        let series = [Series(name: "J", y: [3, 2, 1])]
        #expect(!TerminalPlot(series: series).render().contains("\u{1B}["))
        #expect(TerminalPlot(series: series, useColor: true).render().contains("\u{1B}[34m"))
    }

    @Test("Empty, constant and unplottable series render without crashing")
    func degenerate() {
        let empty = TerminalPlot(series: [], width: 20, height: 5).render()
        #expect(empty.contains("(no data)"))
        let constant = TerminalPlot(series: [Series(name: "c", y: [2, 2, 2])], width: 20, height: 5)
        let rows = Self.canvas(constant.render(), plot: constant)
        #expect(rows[2].contains { $0 != " " }, "a constant sits on the middle row")
        let bad = TerminalPlot(series: [Series(name: "J", y: [1, .nan, 0, -2, 0.1])], width: 20, height: 5, yScale: .log10)
        #expect(bad.skippedPointCount == 3)
        #expect(bad.render().contains("(3 points not shown: not finite or ≤ 0 on a log axis)"))
    }

    @Test("Output is deterministic")
    func deterministic() {
        let plot = TerminalPlot(series: [Series(name: "J", y: Self.cost)], yScale: .log10)
        #expect(plot.render() == plot.render())
    }

    @Test("Bresenham segments include both ends and step one cell at a time")
    func segment() {
        let points = TerminalPlot.segment(from: (0, 0), to: (5, 2))
        #expect(points.first! == (0, 0) && points.last! == (5, 2))
        #expect(points.count == 6)
        for (a, b) in zip(points, points.dropFirst()) {
            #expect(abs(a.0 - b.0) <= 1 && abs(a.1 - b.1) <= 1)
        }
    }
}
