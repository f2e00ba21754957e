import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import BackpropPlots

@Suite("Ready-made charts")
struct ChartKindsTests {
    @Test("A scatter shares one interval on both axes and draws y = x corner to corner")
    func scatter() throws {
        let chart = Chart.scatter(title: "fit", target: [1, 2, 3, 4], prediction: [1.1, 1.9, 3.2, 5])
        let axes = ChartRenderer.axes(for: chart)
        #expect(axes.x == axes.y)
        let document = try #require(parseXML(chart.svg()))
        #expect(elements("circle", in: document).count == 4 + 1, "four samples and the legend marker")
        let identity = try #require(elements("polyline", in: document).first)
        #expect(attribute("stroke-dasharray", of: identity) != nil)
        let points = (attribute("points", of: identity) ?? "").split(separator: " ")
        #expect(points.count == 2)
        #expect(visibleTexts(in: document).contains("y = x"))
    }

    @Test("A residual plot has a dashed zero line across the plot")
    func residuals() throws {
        let chart = Chart.residuals(title: "r", xLabel: "x", x: [0, 1, 2], residual: [0.5, -0.2, 0.1])
        let document = try #require(parseXML(chart.svg()))
        let zero = try #require(elements("polyline", in: document).first)
        let ys = (attribute("points", of: zero) ?? "").split(separator: " ").map { $0.split(separator: ",")[1] }
        #expect(ys.count == 2 && ys[0] == ys[1])
        let axis = ChartRenderer.axes(for: chart).y
        #expect(axis.lower < 0 && axis.upper > 0)
    }

    @Test("Error bars span estimate ± uncertainty and the axis includes them and the true value")
    func errorBars() throws {
        var chart = Chart.errorBars(title: "h", xLabel: "σ", yLabel: "h", x: [0.01, 0.1, 1],
                                    estimate: [25, 25.2, 24], uncertainty: [0.1, 0.5, 3], trueValue: 30)
        chart.xScale = .log10
        let axes = ChartRenderer.axes(for: chart)
        #expect(axes.y.lower < 21 && axes.y.upper > 30)
        let document = try #require(parseXML(chart.svg()))
        let bars = try #require(elements("path", in: document).first { attribute("stroke-width", of: $0) == "1.2" && (attribute("d", of: $0) ?? "").contains("V") })
        // One vertical stroke and two caps per point.
        #expect((attribute("d", of: bars) ?? "").filter { $0 == "M" }.count == 9)
        #expect(visibleTexts(in: document).contains("true value"))
        #expect(chart.skippedPointCount == 0)
    }

    @Test("A band is drawn as a translucent polygon and listed in the legend when named")
    func band() throws {
        let chart = Chart(series: [Series(name: "mean", x: [0, 1, 2], y: [1, 2, 3])],
                          bands: [Band(name: "±2σ", x: [0, 1, 2], lower: [0.5, 1.5, 2.5], upper: [1.5, 2.5, 3.5])])
        let document = try #require(parseXML(chart.svg()))
        let polygon = try #require(elements("polygon", in: document).first)
        #expect((attribute("points", of: polygon) ?? "").split(separator: " ").count == 6)
        #expect(visibleTexts(in: document).contains("±2σ"))
        #expect(ChartRenderer.axes(for: chart).y.upper > 3.5)
    }
}
