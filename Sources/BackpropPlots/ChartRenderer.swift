import Foundation

/// Lays out a ``Chart`` and writes it as SVG. One instance renders one chart.
struct ChartRenderer {
    let chart: Chart
    let width: Double
    let height: Double
    let xAxis: Axis
    let yAxis: Axis

    /// Colours for series without their own: distinct in hue and lightness (blue, red, green,
    /// orange, …), so training and validation never look alike.
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                          "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]
    static let referenceDashes = ["6 4", "2 3", "10 3 2 3"]
    static let fontFamily = "'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
    static let titleSize = 15.0
    static let axisLabelSize = 12.5
    static let tickLabelSize = 11.0
    static let legendSize = 11.5
    static let noteSize = 10.0
    static let tickLength = 5.0
    static let legendRowHeight = 18.0

    init(chart: Chart) {
        self.chart = chart
        width = max(200, chart.width.isFinite ? chart.width : 640)
        height = max(150, chart.height.isFinite ? chart.height : 400)
        (xAxis, yAxis) = ChartRenderer.axes(for: chart)
    }

    // MARK: Rendering

    func render() -> String {
        let entries = legendEntries()
        var layout = layout()
        var legendBox: Rect?
        if !entries.isEmpty && chart.legend != .hidden {
            let size = legendSize(entries)
            let below = {
                layout = self.layout(legendBelowHeight: size.height)
                legendBox = Rect(left: max(6, min(layout.plot.left, width - 6 - size.width)), top: height - 8 - size.height - (skipped > 0 ? 6 + Self.noteSize : 0),
                                 width: size.width, height: size.height)
            }
            let right = {
                layout = self.layout(legendWidth: size.width)
                legendBox = Rect(left: layout.plot.right + 14, top: layout.plot.top,
                                 width: size.width, height: size.height)
            }
            let roomOnRight = width - size.width - 14 > 0.55 * width
            switch chart.legend {
            case .hidden:
                break
            case .inside(let corner):
                legendBox = legendRect(size: size, corner: corner, plot: layout.plot)
            case .outsideRight:
                right()
            case .below:
                below()
            case .automatic:
                let occupied = occupiedPoints(layout: layout)
                let free = LegendPlacement.Corner.allCases.first { corner in
                    let rect = legendRect(size: size, corner: corner, plot: layout.plot)
                    return !occupied.contains { rect.contains($0, margin: 6) }
                }
                let fitsInside = size.width < layout.plot.width * 0.6 && size.height < layout.plot.height * 0.7
                if let free, fitsInside {
                    legendBox = legendRect(size: size, corner: free, plot: layout.plot)
                } else if roomOnRight {
                    right()
                } else {
                    below()
                }
            }
        }

        var svg = SVGText()
        let w = NumberText.coordinate(width), h = NumberText.coordinate(height)
        svg.line("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bp-chart\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" font-family=\"\(Self.fontFamily)\">")
        if !chart.title.isEmpty { svg.line("<title>\(Markup.escape(chart.title))</title>") }
        svg.line("<style>\(Self.style)</style>")
        let plot = layout.plot
        svg.line("<defs><clipPath id=\"\(SVGText.clipToken)\"><rect x=\"\(c(plot.left))\" y=\"\(c(plot.top))\" width=\"\(c(plot.width))\" height=\"\(c(plot.height))\"/></clipPath></defs>")
        svg.line("<rect class=\"bp-background\" x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\"/>")
        if !chart.title.isEmpty {
            // Centred over the plot, as long as it fits inside the picture there.
            let half = Self.textWidth(chart.title, size: Self.titleSize) * 0.55
            let center = min(max(plot.left + plot.width / 2, half + 6), width - half - 6)
            let x = half * 2 + 12 > width ? width / 2 : center
            svg.line("<text class=\"bp-title\" x=\"\(c(x))\" y=\"24\" text-anchor=\"middle\">\(Markup.escape(chart.title))</text>")
        }
        drawGrid(&svg, layout: layout)
        svg.line("<g clip-path=\"url(#\(SVGText.clipToken))\">")
        drawBands(&svg, plot: plot)
        drawReferenceLines(&svg, plot: plot)
        drawSeries(&svg, plot: plot)
        svg.line("</g>")
        svg.line("<rect class=\"bp-frame\" x=\"\(c(plot.left))\" y=\"\(c(plot.top))\" width=\"\(c(plot.width))\" height=\"\(c(plot.height))\"/>")
        drawTicks(&svg, layout: layout)
        drawAxisLabels(&svg, layout: layout)
        if !hasDrawableData {
            svg.line("<text class=\"bp-note\" x=\"\(c(plot.left + plot.width / 2))\" y=\"\(c(plot.top + plot.height / 2))\" text-anchor=\"middle\">no data to plot</text>")
        }
        if skipped > 0 {
            let noun = skipped == 1 ? "point" : "points"
            let reason = chart.xScale == .log10 || chart.yScale == .log10
                ? "not finite, or ≤ 0 on a log axis" : "not finite"
            svg.line("<text class=\"bp-note\" x=\"8\" y=\"\(c(height - 7))\">\(skipped) \(noun) not shown (\(reason))</text>")
        }
        if let legendBox { drawLegend(&svg, entries: entries, box: legendBox) }
        svg.line("</svg>")
        return svg.finished()
    }

    var hasDrawableData: Bool {
        chart.series.contains { series in
            zip(series.x, series.y).contains { chart.xScale.canShow($0) && chart.yScale.canShow($1) }
        } || chart.bands.contains { !$0.x.isEmpty }
    }

    static let style = """
        .bp-chart text{fill:#222}\
        .bp-background{fill:#fff}\
        .bp-title{font-size:\(NumberText.coordinate(titleSize))px;font-weight:600}\
        .bp-axis-label{font-size:\(NumberText.coordinate(axisLabelSize))px}\
        .bp-tick-label{font-size:\(NumberText.coordinate(tickLabelSize))px;fill:#333}\
        .bp-grid-major{stroke:#dcdcdc;stroke-width:0.8}\
        .bp-grid-minor{stroke:#efefef;stroke-width:0.6}\
        .bp-frame{fill:none;stroke:#333;stroke-width:1}\
        .bp-tick{stroke:#333;stroke-width:1}\
        .bp-legend-box{fill:#fff;fill-opacity:0.92;stroke:#bbb;stroke-width:0.8}\
        .bp-legend-text{font-size:\(NumberText.coordinate(legendSize))px}\
        .bp-note{font-size:\(NumberText.coordinate(noteSize))px;fill:#777}
        """

    func c(_ value: Double) -> String { NumberText.coordinate(value) }

    func pixel(x: Double, y: Double, plot: Rect) -> Point? {
        guard let tx = xAxis.fraction(of: x), let ty = yAxis.fraction(of: y) else { return nil }
        return Point(x: plot.left + tx * plot.width, y: plot.top + (1 - ty) * plot.height)
    }

    func color(ofSeries index: Int) -> String {
        chart.series[index].color.map(Markup.escape) ?? Self.palette[index % Self.palette.count]
    }

    // MARK: Grid and ticks

    func drawGrid(_ svg: inout SVGText, layout: Layout) {
        let plot = layout.plot
        var minor = "", major = ""
        for tick in layout.xTicks {
            guard let t = xAxis.fraction(of: tick.value), t >= -1e-9, t <= 1 + 1e-9 else { continue }
            let x = c(plot.left + t * plot.width)
            let line = "M\(x) \(c(plot.top))V\(c(plot.bottom))"
            if tick.isMajor { major += line } else { minor += line }
        }
        for tick in layout.yTicks {
            guard let t = yAxis.fraction(of: tick.value), t >= -1e-9, t <= 1 + 1e-9 else { continue }
            let y = c(plot.top + (1 - t) * plot.height)
            let line = "M\(c(plot.left)) \(y)H\(c(plot.right))"
            if tick.isMajor { major += line } else { minor += line }
        }
        if !minor.isEmpty { svg.line("<path class=\"bp-grid-minor\" d=\"\(minor)\"/>") }
        if !major.isEmpty { svg.line("<path class=\"bp-grid-major\" d=\"\(major)\"/>") }
    }

    func drawTicks(_ svg: inout SVGText, layout: Layout) {
        let plot = layout.plot
        var marks = ""
        var labels: [String] = []
        for tick in layout.xTicks {
            guard let t = xAxis.fraction(of: tick.value), t >= -1e-9, t <= 1 + 1e-9 else { continue }
            let x = plot.left + t * plot.width
            let length = tick.isMajor ? Self.tickLength : Self.tickLength * 0.6
            marks += "M\(c(x)) \(c(plot.bottom))v\(c(length))"
            if let label = tick.label {
                labels.append("<text class=\"bp-tick-label\" x=\"\(c(x))\" y=\"\(c(plot.bottom + Self.tickLength + 3 + Self.tickLabelSize))\" text-anchor=\"middle\">\(Self.tickLabelMarkup(label))</text>")
            }
        }
        for tick in layout.yTicks {
            guard let t = yAxis.fraction(of: tick.value), t >= -1e-9, t <= 1 + 1e-9 else { continue }
            let y = plot.top + (1 - t) * plot.height
            let length = tick.isMajor ? Self.tickLength : Self.tickLength * 0.6
            marks += "M\(c(plot.left)) \(c(y))h\(c(-length))"
            if let label = tick.label {
                labels.append("<text class=\"bp-tick-label\" x=\"\(c(plot.left - Self.tickLength - 4))\" y=\"\(c(y))\" dy=\"0.35em\" text-anchor=\"end\">\(Self.tickLabelMarkup(label))</text>")
            }
        }
        if !marks.isEmpty { svg.line("<path class=\"bp-tick\" d=\"\(marks)\"/>") }
        for label in labels { svg.line(label) }
    }

    func drawAxisLabels(_ svg: inout SVGText, layout: Layout) {
        let plot = layout.plot
        if !chart.xLabel.isEmpty {
            let y = plot.bottom + Self.tickLength + 3 + Self.tickLabelSize + 8 + Self.axisLabelSize
            svg.line("<text class=\"bp-axis-label\" x=\"\(c(plot.left + plot.width / 2))\" y=\"\(c(y))\" text-anchor=\"middle\">\(Markup.escape(chart.xLabel))</text>")
        }
        if !chart.yLabel.isEmpty {
            let x = 12 + Self.axisLabelSize * 0.8
            let y = plot.top + plot.height / 2
            svg.line("<text class=\"bp-axis-label\" x=\"\(c(x))\" y=\"\(c(y))\" text-anchor=\"middle\" transform=\"rotate(-90 \(c(x)) \(c(y)))\">\(Markup.escape(chart.yLabel))</text>")
        }
    }

    // MARK: Data

    /// Runs of consecutive drawable points, split where a point cannot be shown.
    func runs(x: [Double], y: [Double], plot: Rect) -> [[Point]] {
        var runs: [[Point]] = []
        var current: [Point] = []
        for index in x.indices {
            if let point = pixel(x: x[index], y: y[index], plot: plot) {
                current.append(point)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// The same polyline with at most four points per pixel column (M4 decimation): of each
    /// consecutive run of points in one column, the first, the lowest, the highest and the
    /// last, in their original order. The drawn line is unchanged, the file much smaller for
    /// long training runs.
    static func decimated(_ run: [Point]) -> [Point] {
        guard run.count > 8 else { return run }
        var kept: [Point] = []
        kept.reserveCapacity(run.count)
        var start = 0
        while start < run.count {
            let column = run[start].x.rounded(.down)
            var end = start
            var lowest = start, highest = start
            while end + 1 < run.count && run[end + 1].x.rounded(.down) == column {
                end += 1
                if run[end].y < run[lowest].y { lowest = end }
                if run[end].y > run[highest].y { highest = end }
            }
            for index in Set([start, lowest, highest, end]).sorted() { kept.append(run[index]) }
            start = end + 1
        }
        return kept
    }

    func pointList(_ points: [Point]) -> String {
        points.map { "\(c($0.x)),\(c($0.y))" }.joined(separator: " ")
    }

    func drawBands(_ svg: inout SVGText, plot: Rect) {
        for band in chart.bands {
            let color = band.color.map(Markup.escape) ?? "#4a7ab5"
            var piece: [(Point, Point)] = []
            func flush() {
                if piece.count >= 2 {
                    let outline = piece.map(\.0) + piece.map(\.1).reversed()
                    svg.line("<polygon fill=\"\(color)\" fill-opacity=\"0.18\" stroke=\"none\" points=\"\(pointList(outline))\"/>")
                }
                piece = []
            }
            for index in band.x.indices {
                if let top = pixel(x: band.x[index], y: band.upper[index], plot: plot),
                   let bottom = pixel(x: band.x[index], y: band.lower[index], plot: plot) {
                    piece.append((top, bottom))
                } else {
                    flush()
                }
            }
            flush()
        }
    }

    /// The two ends (or, across mixed scales, a polyline) of a reference line in pixels.
    func referencePoints(_ line: ReferenceLine, plot: Rect) -> [Point] {
        switch line.position {
        case .horizontal(let y):
            guard let t = yAxis.fraction(of: y) else { return [] }
            let py = plot.top + (1 - t) * plot.height
            return [Point(x: plot.left, y: py), Point(x: plot.right, y: py)]
        case .vertical(let x):
            guard let t = xAxis.fraction(of: x) else { return [] }
            let px = plot.left + t * plot.width
            return [Point(x: px, y: plot.top), Point(x: px, y: plot.bottom)]
        case .identity:
            let low = max(xAxis.lower, yAxis.lower), high = min(xAxis.upper, yAxis.upper)
            guard low < high else { return [] }
            if xAxis.scale == yAxis.scale {
                return [pixel(x: low, y: low, plot: plot), pixel(x: high, y: high, plot: plot)].compactMap { $0 }
            }
            let along = Axis(scale: xAxis.scale, lower: low, upper: high)
            return (0...100).compactMap { step -> Point? in
                let value = along.value(at: Double(step) / 100)
                return pixel(x: value, y: value, plot: plot)
            }
        }
    }

    func drawReferenceLines(_ svg: inout SVGText, plot: Rect) {
        for (index, line) in chart.referenceLines.enumerated() {
            let points = referencePoints(line, plot: plot)
            guard points.count >= 2 else { continue }
            let dash = Self.referenceDashes[index % Self.referenceDashes.count]
            svg.line("<polyline fill=\"none\" stroke=\"#555\" stroke-width=\"1.2\" stroke-dasharray=\"\(dash)\" points=\"\(pointList(points))\"/>")
        }
    }

    func markerRadius(_ series: Series) -> Double {
        series.x.count > 400 ? 2.2 : 3.2
    }

    func drawSeries(_ svg: inout SVGText, plot: Rect) {
        for (index, series) in chart.series.enumerated() {
            let color = color(ofSeries: index)
            let runs = runs(x: series.x, y: series.y, plot: plot)
            let drawsLine = series.style != .markers
            let drawsMarkers = series.style != .line
            if drawsLine {
                let dash = series.dashed ? " stroke-dasharray=\"7 4\"" : ""
                for run in runs where run.count >= 2 {
                    svg.line("<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\" stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dash) points=\"\(pointList(Self.decimated(run)))\"/>")
                }
            }
            if let errors = series.yError { drawErrorBars(&svg, series: series, errors: errors, color: color, plot: plot) }
            // A lone point on a line series would be invisible: give it a marker.
            let markerPoints = drawsMarkers ? runs.flatMap { $0 } : runs.filter { $0.count == 1 }.flatMap { $0 }
            if !markerPoints.isEmpty {
                let shape = MarkerShape.forSeries(index)
                let radius = markerRadius(series)
                let opacity = markerPoints.count > 200 ? "0.6" : "0.9"
                var body = ""
                for point in markerPoints { body += shape.markup(at: point, radius: radius) }
                svg.line("<g fill=\"\(color)\" fill-opacity=\"\(opacity)\" stroke=\"#fff\" stroke-width=\"0.6\">\(body)</g>")
            }
        }
    }

    func drawErrorBars(_ svg: inout SVGText, series: Series, errors: [Double], color: String, plot: Rect) {
        var path = ""
        let cap = 4.0
        for index in series.x.indices {
            let x = series.x[index], y = series.y[index], error = abs(errors[index])
            guard error.isFinite, error > 0, let center = pixel(x: x, y: y, plot: plot) else { continue }
            let top = pixel(x: x, y: y + error, plot: plot)?.y ?? plot.top
            // y − error ≤ 0 on a log axis runs off the bottom: draw to the edge, without a cap.
            let bottom = pixel(x: x, y: y - error, plot: plot)
            let bottomY = bottom?.y ?? plot.bottom + 1
            path += "M\(c(center.x)) \(c(top))V\(c(bottomY))"
            path += "M\(c(center.x - cap)) \(c(top))h\(c(2 * cap))"
            if bottom != nil { path += "M\(c(center.x - cap)) \(c(bottomY))h\(c(2 * cap))" }
        }
        if !path.isEmpty {
            svg.line("<path fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.2\" d=\"\(path)\"/>")
        }
    }
}
