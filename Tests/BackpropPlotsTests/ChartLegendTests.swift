import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import BackpropPlots

@Suite("Chart legend")
struct ChartLegendTests {
    @Test("A legend goes to a corner free of data, or outside when every corner is busy")
    func legendPlacement() throws {
        // Falling curve: the top-right corner is free.
        let renderer = ChartRenderer(chart: ChartTests.cost)
        let layout = renderer.layout(legendWidth: 0)
        let svg = ChartTests.cost.svg()
        let document = try #require(parseXML(svg))
        let box = try #require(elements("rect", in: document).first { attribute("class", of: $0) == "bp-legend-box" })
        let x = try #require(Double(attribute("x", of: box) ?? ""))
        #expect(x > layout.plot.left + layout.plot.width / 2)
        // Points in all four corners push the legend outside the plot.
        let busy = Chart(series: [Series(name: "corners", x: [0, 0, 1, 1, 0.5], y: [0, 1, 0, 1, 0.5], style: .markers)])
        let busyLayout = ChartRenderer(chart: busy).layout(legendWidth: 0)
        let busyDocument = try #require(parseXML(busy.svg()))
        let busyBox = try #require(elements("rect", in: busyDocument).first { attribute("class", of: $0) == "bp-legend-box" })
        let busyX = try #require(Double(attribute("x", of: busyBox) ?? ""))
        let frame = try #require(elements("rect", in: busyDocument).first { attribute("class", of: $0) == "bp-frame" })
        let frameRight = try #require(Double(attribute("x", of: frame) ?? "")) + (Double(attribute("width", of: frame) ?? "") ?? 0)
        #expect(busyX > frameRight)
        #expect(frameRight < busyLayout.plot.right, "the plot narrows to make room")
        var hidden = busy
        hidden.legend = .hidden
        #expect(!hidden.svg().contains("class=\"bp-legend-box\""))
    }

    @Test("Names too long for the picture are cut with an ellipsis")
    func longNames() {
        let renderer = ChartRenderer(chart: Chart(width: 300))
        let long = String(repeating: "x", count: 200)
        #expect(renderer.legendText(long).count == renderer.legendTextLimit)
        #expect(renderer.legendText(long).hasSuffix("…"))
        #expect(renderer.legendText("training") == "training")
    }
}
