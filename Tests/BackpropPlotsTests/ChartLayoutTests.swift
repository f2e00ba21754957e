import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import BackpropPlots

@Suite("Chart layout")
struct ChartLayoutTests {
    @Test("Explicit ranges are used when valid and ignored when not")
    func explicitRanges() throws {
        var chart = Chart(series: [Series(name: "s", x: [0, 10], y: [0, 10])])
        chart.xRange = 0...100
        chart.yRange = -5...(-5)
        let axes = ChartRenderer.axes(for: chart)
        #expect(axes.x == Axis(scale: .linear, lower: 0, upper: 100))
        #expect(axes.y == Axis.fitting([0, 10], scale: .linear))
    }

    @Test("X tick labels never overlap, even on a narrow chart with wide labels")
    func xLabelsDoNotOverlap() {
        for width in [200.0, 320, 640, 1200] {
            let chart = Chart(series: [Series(name: "s", x: [123_456.0, 987_654.0], y: [0, 1])], width: width)
            let renderer = ChartRenderer(chart: chart)
            let layout = renderer.layout(legendWidth: 0)
            #expect(renderer.xLabelsFit(layout.xTicks.filter { $0.label != nil }, length: layout.plot.width)
                    || layout.xTicks.filter { $0.label != nil }.count <= 2, "width \(width)")
        }
    }
}
