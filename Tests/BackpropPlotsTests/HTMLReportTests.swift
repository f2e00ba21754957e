import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import BackpropPlots

@Suite("HTML report")
struct HTMLReportTests {
    static var report: HTMLReport {
        var report = HTMLReport(title: "Fin <report> & \"results\"", subtitle: "backprop train --epochs 10")
        var settings = HTMLReport.Section(heading: "Settings & data")
        settings.keyValueTable([("learning rate α", "0.01"), ("layers", "1 → 8 → 1 <tanh>")], caption: "Run")
        settings.paragraph("J = ½ e², and a < b")
        settings.table(headers: ["set", "J"], rows: [["training", "1.2e-4"], ["short row"]], caption: "Results")
        report.add(settings)
        var figures = HTMLReport.Section(heading: "Figures")
        figures.figure(svg: Chart(title: "cost", series: [Series(name: "J", y: [3, 2, 1])]).svg(), caption: "J < 1")
        figures.preformatted("line 1\n  <indented> & more")
        report.add(figures)
        return report
    }

    @Test("The page is one HTML5 document with embedded style and no scripts or external resources")
    func selfContained() {
        let html = Self.report.html()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.components(separatedBy: "<style>").count == 1 + 1 + 1, "page style and the figure's")
        for forbidden in ["<script", "<link", "@import", "src=", "http://", "https://"] {
            #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains(forbidden), "\(forbidden)")
        }
    }

    @Test("All text is escaped; the SVG figure is inserted as markup")
    func escaping() {
        let html = Self.report.html()
        #expect(html.contains("<title>Fin &lt;report&gt; &amp; &quot;results&quot;</title>"))
        #expect(html.contains("<h2>Settings &amp; data</h2>"))
        #expect(html.contains("<td>1 → 8 → 1 &lt;tanh&gt;</td>"))
        #expect(html.contains("<p>J = ½ e², and a &lt; b</p>"))
        #expect(html.contains("<figcaption>J &lt; 1</figcaption>"))
        #expect(html.contains("<pre>line 1\n  &lt;indented&gt; &amp; more</pre>"))
        #expect(html.contains("<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }

    @Test("Tables keep their rows, pad short rows, and right-align numbers")
    func tables() {
        let html = Self.report.html()
        #expect(html.contains("<caption>Results</caption>"))
        #expect(html.contains("<thead><tr><th scope=\"col\">set</th><th scope=\"col\">J</th></tr></thead>"))
        #expect(html.contains("<tr><td>training</td><td class=\"number\">1.2e-4</td></tr>"))
        #expect(html.contains("<tr><td>short row</td><td></td></tr>"))
        #expect(html.contains("<tr><th scope=\"row\">learning rate α</th><td>0.01</td></tr>"))
    }

    @Test("The body, with the page-level void elements removed, is well-formed XML")
    func wellFormedBody() throws {
        let html = Self.report.html()
        let body = try #require(html.range(of: "<body>").map { html[$0.lowerBound...] }?.replacingOccurrences(of: "</html>\n", with: ""))
        #expect(parseXML(String(body)) != nil)
    }

    @Test("write(to:) replaces the file atomically and leaves no temporary file")
    func writesAtomically() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("report.html")
        try Self.report.write(to: url)
        var second = Self.report
        second.title = "second"
        try second.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == second.html())
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.html"])
    }

    @Test("A write that cannot happen throws an error naming the file, and leaves nothing behind")
    func writeFailure() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The target is an existing non-empty directory: rename(2) refuses to replace it.
        let target = directory.appendingPathComponent("report.html")
        try FileManager.default.createDirectory(at: target.appendingPathComponent("inside"), withIntermediateDirectories: true)
        let error = try #require(throws: FileWriteError.self) { try Self.report.write(to: target) }
        #expect(error.description.contains(target.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.html"])
    }
}
