/// The legend: its entries, its size, the corner where it hides no data, and its drawing.
extension ChartRenderer {
    struct LegendEntry {
        enum Kind { case series(Int), band(Int), reference(Int) }
        var kind: Kind
        var text: String
    }

    func legendEntries() -> [LegendEntry] {
        var entries = chart.series.indices.map { LegendEntry(kind: .series($0), text: chart.series[$0].name) }
        for (index, band) in chart.bands.enumerated() {
            if let name = band.name { entries.append(LegendEntry(kind: .band(index), text: name)) }
        }
        for (index, line) in chart.referenceLines.enumerated() {
            if let label = line.label { entries.append(LegendEntry(kind: .reference(index), text: label)) }
        }
        return entries
    }

    /// The longest legend text that fits the picture's width, in characters.
    var legendTextLimit: Int {
        max(8, Int((width - 80) / (Self.legendSize * 0.6)))
    }

    /// `text`, cut with an ellipsis if the legend could not hold it.
    func legendText(_ text: String) -> String {
        text.count <= legendTextLimit ? text : String(text.prefix(legendTextLimit - 1)) + "…"
    }

    func legendSize(_ entries: [LegendEntry]) -> (width: Double, height: Double) {
        let text = entries.map { Self.textWidth(legendText($0.text), size: Self.legendSize) }.max() ?? 0
        return (10 + 26 + 7 + text + 10, Double(entries.count) * Self.legendRowHeight + 10)
    }

    func legendRect(size: (width: Double, height: Double), corner: LegendPlacement.Corner, plot: Rect) -> Rect {
        let inset = 8.0
        let left = corner == .topLeft || corner == .bottomLeft ? plot.left + inset : plot.right - inset - size.width
        let top = corner == .topLeft || corner == .topRight ? plot.top + inset : plot.bottom - inset - size.height
        return Rect(left: left, top: top, width: size.width, height: size.height)
    }

    /// Points along everything drawn inside the plot (every 3 px along lines), to find a
    /// corner where the legend hides nothing.
    func occupiedPoints(layout: Layout) -> [Point] {
        let plot = layout.plot
        var points: [Point] = []
        func along(_ run: [Point]) {
            points.append(contentsOf: run)
            for (a, b) in zip(run, run.dropFirst()) {
                let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                let steps = min(1000, Int(length / 3))
                guard steps > 1 else { continue }
                for step in 1..<steps {
                    let t = Double(step) / Double(steps)
                    points.append(Point(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)))
                }
            }
        }
        for series in chart.series {
            for run in runs(x: series.x, y: series.y, plot: plot) {
                if series.style == .markers { points.append(contentsOf: run) } else { along(run) }
            }
            if let errors = series.yError {
                for index in series.x.indices where errors[index].isFinite {
                    let error = abs(errors[index])
                    if let top = pixel(x: series.x[index], y: series.y[index] + error, plot: plot),
                       let bottom = pixel(x: series.x[index], y: max(series.y[index] - error, yAxis.lower), plot: plot) {
                        along([top, bottom])
                    }
                }
            }
        }
        for band in chart.bands {
            for run in runs(x: band.x, y: band.upper, plot: plot) { along(run) }
            for run in runs(x: band.x, y: band.lower, plot: plot) { along(run) }
        }
        for line in chart.referenceLines { along(referencePoints(line, plot: plot)) }
        return points
    }

    func drawLegend(_ svg: inout SVGText, entries: [LegendEntry], box: Rect) {
        svg.line("<g class=\"bp-legend\">")
        svg.line("<rect class=\"bp-legend-box\" x=\"\(c(box.left))\" y=\"\(c(box.top))\" width=\"\(c(box.width))\" height=\"\(c(box.height))\" rx=\"3\"/>")
        for (row, entry) in entries.enumerated() {
            let y = box.top + 5 + (Double(row) + 0.5) * Self.legendRowHeight
            let x0 = box.left + 10, x1 = x0 + 26
            switch entry.kind {
            case .series(let index):
                let series = chart.series[index]
                let color = color(ofSeries: index)
                if series.style != .markers {
                    let dash = series.dashed ? " stroke-dasharray=\"7 4\"" : ""
                    svg.line("<path fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\"\(dash) d=\"M\(c(x0)) \(c(y))H\(c(x1))\"/>")
                }
                if series.yError != nil {
                    svg.line("<path fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.2\" d=\"M\(c((x0 + x1) / 2)) \(c(y - 6))v12M\(c((x0 + x1) / 2 - 4)) \(c(y - 6))h8M\(c((x0 + x1) / 2 - 4)) \(c(y + 6))h8\"/>")
                }
                if series.style != .line {
                    let marker = MarkerShape.forSeries(index).markup(at: Point(x: (x0 + x1) / 2, y: y), radius: 3.2)
                    svg.line("<g fill=\"\(color)\" stroke=\"#fff\" stroke-width=\"0.6\">\(marker)</g>")
                }
            case .band(let index):
                let color = chart.bands[index].color.map(Markup.escape) ?? "#4a7ab5"
                svg.line("<rect fill=\"\(color)\" fill-opacity=\"0.25\" x=\"\(c(x0))\" y=\"\(c(y - 5))\" width=\"26\" height=\"10\"/>")
            case .reference(let index):
                let dash = Self.referenceDashes[index % Self.referenceDashes.count]
                svg.line("<path fill=\"none\" stroke=\"#555\" stroke-width=\"1.2\" stroke-dasharray=\"\(dash)\" d=\"M\(c(x0)) \(c(y))H\(c(x1))\"/>")
            }
            svg.line("<text class=\"bp-legend-text\" x=\"\(c(x1 + 7))\" y=\"\(c(y))\" dy=\"0.35em\">\(Markup.escape(legendText(entry.text)))</text>")
        }
        svg.line("</g>")
    }
}
