import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import BackpropPlots

@Suite("SVG charts")
struct ChartTests {
    static let cost = Chart(
        title: "Cost J against epoch", xLabel: "epoch", yLabel: "J",
        series: [Series(name: "training", y: (1...50).map { 0.7 * Foundation.exp(-Double($0) / 8) + 1e-4 }),
                 Series(name: "validation", y: (1...50).map { 0.8 * Foundation.exp(-Double($0) / 9) + 3e-4 }, dashed: true)],
        yScale: .log10)

    @Test("The SVG is well-formed XML with the SVG namespace, a viewBox and an embedded style")
    func wellFormed() throws {
        let document = try #require(parseXML(Self.cost.svg()))
        let root = try #require(document.rootElement())
        #expect(root.name == "svg")
        #expect(defaultNamespace(of: root) == "http://www.w3.org/2000/svg")
        #expect(attribute("viewBox", of: root) == "0 0 640 400")
        #expect(elements("style", in: document).count == 1)
        #expect(elements("script", in: document).isEmpty)
        #expect(!Self.cost.svg().contains("@import") && !Self.cost.svg().contains("url(http"))
    }

    @Test("Each series becomes one polyline in its own colour and the legend names them")
    func seriesAndLegend() throws {
        let document = try #require(parseXML(Self.cost.svg()))
        let lines = elements("polyline", in: document)
        #expect(lines.count == 2)
        #expect(Set(lines.compactMap { attribute("stroke", of: $0) }).count == 2)
        #expect(attribute("stroke-dasharray", of: lines[1]) != nil)
        let texts = visibleTexts(in: document)
        #expect(texts.contains("training") && texts.contains("validation"))
        #expect(texts.contains("Cost J against epoch") && texts.contains("epoch") && texts.contains("J"))
    }

    @Test("A log y axis labels its decades, drawing 10⁻³ as 10 with a raised −3")
    func logAxisLabels() throws {
        var chart = Self.cost
        chart.series[0].y[49] = 1e-6
        let document = try #require(parseXML(chart.svg()))
        let texts = visibleTexts(in: document)
        for exponent in ["−6", "−5", "−4", "−3", "−2", "−1"] {
            #expect(texts.contains("10" + exponent), "missing 10^\(exponent) in \(texts)")
        }
        let tickLabels = elements("text", in: document).filter { attribute("class", of: $0) == "bp-tick-label" }
        #expect(tickLabels.contains { ($0.children ?? []).contains { $0.localName == "tspan" && $0.stringValue == "−3" } })
    }

    @Test("The same chart gives the same bytes, and different charts get different clip ids")
    func deterministic() throws {
        #expect(Self.cost.svg() == Self.cost.svg())
        var other = Self.cost
        other.title = "Another"
        let ids = [Self.cost, other].map { chart in
            parseXML(chart.svg()).flatMap { elements("clipPath", in: $0).first.flatMap { attribute("id", of: $0) } } ?? ""
        }
        #expect(ids[0] != ids[1])
        #expect(ids.allSatisfy { $0.hasPrefix("bp-clip-") })
    }

    @Test("Titles, labels and names are escaped and survive a round trip through the XML parser")
    func escaping() throws {
        let nasty = #"<script>alert("x")</script> & 'σ' <clip>"#
        let chart = Chart(title: nasty, xLabel: "a < b", yLabel: "c & d",
                          series: [Series(name: "e > f", x: [1, 2], y: [3, 4])], referenceLines: [.horizontal(y: 3, label: "\"q\"")])
        let svg = chart.svg()
        #expect(!svg.contains("<script>"))
        let document = try #require(parseXML(svg))
        #expect(elements("script", in: document).isEmpty)
        let texts = visibleTexts(in: document)
        for text in [nasty, "a < b", "c & d", "e > f", "\"q\""] { #expect(texts.contains(text), "\(text)") }
        #expect(elements("title", in: document).first?.stringValue == nasty)
    }

    @Test("Non-finite points, and points ≤ 0 on a log axis, are skipped, counted and reported")
    func skippedPoints() throws {
        let chart = Chart(series: [Series(name: "J", x: [1, 2, 3, 4, 5, 6], y: [1, .nan, 0.1, -1, 0, .infinity])],
                          yScale: .log10)
        #expect(chart.skippedPointCount == 4)
        let document = try #require(parseXML(chart.svg()))
        #expect(visibleTexts(in: document).contains("4 points not shown (not finite, or ≤ 0 on a log axis)"))
        // Points 1 and 3 are separated by a gap, so each is a lone point drawn as a marker.
        #expect(elements("polyline", in: document).isEmpty)
        #expect(elements("circle", in: document).count == 2)
        var linear = chart
        linear.yScale = .linear
        #expect(linear.skippedPointCount == 2)
    }

    @Test("Degenerate inputs still give a valid picture with a frame",
          arguments: [
              [Series](),
              [Series(name: "empty", x: [], y: [])],
              [Series(name: "one", x: [3], y: [7])],
              [Series(name: "constant", y: [2, 2, 2, 2])],
              [Series(name: "all NaN", x: [.nan, 1], y: [1, .nan])],
              [Series(name: "huge", x: [-1.7e308, 0, 1.7e308], y: [1.7e308, -1.7e308, 0])],
              [Series(name: "tiny", x: [1e-300, 2e-300, 3e-300], y: [Double.leastNonzeroMagnitude, Double.leastNormalMagnitude / 1e3, 2e-300])],
              [Series(name: "zero width", x: [1, 1, 1], y: [0, 1, 2])],
          ])
    func degenerate(series: [Series]) throws {
        for yScale in [AxisScale.linear, .log10] {
            let chart = Chart(title: "t", xLabel: "x", yLabel: "y", series: series, yScale: yScale)
            let svg = chart.svg()
            let document = try #require(parseXML(svg))
            #expect(elements("rect", in: document).contains { attribute("class", of: $0) == "bp-frame" })
            #expect(!svg.contains("nan") && !svg.contains("inf"), "\(svg.prefix(2000))")
            let geometry = ["x", "y", "width", "height", "cx", "cy", "r", "points", "d"]
            let coordinates = allElements(in: document).flatMap { element in
                geometry.compactMap { attribute($0, of: element) }
                    .flatMap { $0.split(whereSeparator: { !"0123456789.-e".contains($0) }) }
                    .compactMap { Double($0) }
            }
            #expect(!coordinates.isEmpty)
            #expect(coordinates.allSatisfy { abs($0) <= 1e6 })
        }
    }

    @Test("A long line keeps at most four points per pixel column, including each column's extremes")
    func decimation() throws {
        let run = (0..<10_000).map { ChartRenderer.Point(x: 10 + Double($0) / 100, y: Double($0 % 7)) }
        let kept = ChartRenderer.decimated(run)
        #expect(kept.count <= 4 * 100)
        #expect(kept.first == run.first && kept.last == run.last)
        for column in 10..<110 {
            let ys = kept.filter { $0.x.rounded(.down) == Double(column) }.map(\.y)
            #expect(ys.min() == 0 && ys.max() == 6, "column \(column)")
        }
        let chart = Chart(series: [Series(name: "J", y: (1...20_000).map { 1 / Double($0) })], yScale: .log10)
        let document = try #require(parseXML(chart.svg()))
        let points = try #require(elements("polyline", in: document).first.flatMap { attribute("points", of: $0) })
        #expect(points.split(separator: " ").count < 4 * 640)
    }

    @Test("An empty chart says there is no data")
    func emptyChartSaysSo() throws {
        let document = try #require(parseXML(Chart(title: "nothing").svg()))
        #expect(visibleTexts(in: document).contains("no data to plot"))
    }

    @Test("write(to:) leaves exactly the SVG file behind, replacing an older one")
    func writesAtomically() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("cost.svg")
        try "old".write(to: url, atomically: false, encoding: .utf8)
        try Self.cost.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == Self.cost.svg())
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["cost.svg"])
    }

    @Test("Writing into a missing directory throws an error that names the path")
    func writeFailure() throws {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/cost.svg")
        let error = try #require(throws: FileWriteError.self) { try Self.cost.write(to: url) }
        #expect(error.description.contains(url.path))
    }
}
