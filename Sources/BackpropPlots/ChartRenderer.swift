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

    // MARK: Axes

    /// The axes: the explicit ranges where usable, otherwise fitted to every value drawn.
    static func axes(for chart: Chart) -> (x: Axis, y: Axis) {
        var xs: [Double] = []
        var ys: [Double] = []
        for series in chart.series {
            for index in series.x.indices {
                let x = series.x[index], y = series.y[index]
                guard chart.xScale.canShow(x), chart.yScale.canShow(y) else { continue }
                xs.append(x)
                ys.append(y)
                if let error = series.yError?[index], error.isFinite {
                    ys.append(y + abs(error))
                    ys.append(y - abs(error))
                }
            }
        }
        for band in chart.bands {
            for index in band.x.indices where chart.xScale.canShow(band.x[index]) {
                xs.append(band.x[index])
                ys.append(band.lower[index])
                ys.append(band.upper[index])
            }
        }
        for line in chart.referenceLines {
            switch line.position {
            case .horizontal(let y): ys.append(y)
            case .vertical(let x): xs.append(x)
            case .identity: break
            }
        }
        var x = Axis.fitting(xs, scale: chart.xScale)
        var y = Axis.fitting(ys, scale: chart.yScale)
        if chart.equalAxes && chart.xScale == chart.yScale && chart.xRange == nil && chart.yRange == nil {
            x = Axis.fitting(xs + ys, scale: chart.xScale)
            y = x
        }
        if let range = chart.xRange, usable(range, on: chart.xScale) {
            x = Axis(scale: chart.xScale, lower: range.lowerBound, upper: range.upperBound)
        }
        if let range = chart.yRange, usable(range, on: chart.yScale) {
            y = Axis(scale: chart.yScale, lower: range.lowerBound, upper: range.upperBound)
        }
        return (x, y)
    }

    static func usable(_ range: ClosedRange<Double>, on scale: AxisScale) -> Bool {
        scale.canShow(range.lowerBound) && scale.canShow(range.upperBound)
            && range.upperBound > range.lowerBound
            && (range.upperBound * 0.5 - range.lowerBound * 0.5).isFinite
    }

    // MARK: Layout

    struct Rect: Equatable {
        var left: Double, top: Double, width: Double, height: Double
        var right: Double { left + width }
        var bottom: Double { top + height }
        func contains(_ point: Point, margin: Double) -> Bool {
            point.x >= left - margin && point.x <= right + margin
                && point.y >= top - margin && point.y <= bottom + margin
        }
    }

    struct Point: Equatable {
        var x: Double, y: Double
    }

    struct Layout {
        var plot: Rect
        var xTicks: [Tick]
        var yTicks: [Tick]
    }

    var skipped: Int { chart.skippedPointCount }

    /// Places the plot area, leaving room for the title, tick labels, axis labels, the note on
    /// skipped points and a legend on the right (`legendWidth` > 0) or below the plot
    /// (`legendBelowHeight` > 0); picks tick counts
    /// that fit without overlapping labels.
    func layout(legendWidth: Double = 0, legendBelowHeight: Double = 0) -> Layout {
        let top = chart.title.isEmpty ? 14.0 : 42.0
        var bottomMargin = Self.tickLength + 4 + Self.tickLabelSize + 10
        if !chart.xLabel.isEmpty { bottomMargin += 8 + Self.axisLabelSize }
        if skipped > 0 { bottomMargin += 6 + Self.noteSize }
        if legendBelowHeight > 0 { bottomMargin += legendBelowHeight + 8 }
        let plotHeight = max(40, height - top - bottomMargin)
        let yTicks = yAxis.ticks(length: plotHeight, spacing: 50)
        let yLabelWidth = yTicks.compactMap(\.label).map { Self.textWidth(ofTickLabel: $0) }.max() ?? 0
        var left = 12 + yLabelWidth + 5 + Self.tickLength
        if !chart.yLabel.isEmpty { left += Self.axisLabelSize + 10 }
        var right = 18.0 + (legendWidth > 0 ? legendWidth + 14 : 0)
        var xTicks: [Tick] = []
        var plot = Rect(left: left, top: top, width: 0, height: plotHeight)
        for _ in 0..<2 {
            plot.width = max(40, width - left - right)
            xTicks = fittingXTicks(length: plot.width)
            // The last label is centred on its tick: keep it inside the picture.
            if let last = xTicks.last(where: { $0.label != nil }), let label = last.label,
               let fraction = xAxis.fraction(of: last.value) {
                let overhang = plot.left + fraction * plot.width + Self.textWidth(ofTickLabel: label) / 2 + 4 - width
                if overhang > 0 && legendWidth == 0 {
                    right += overhang
                    continue
                }
            }
            break
        }
        return Layout(plot: plot, xTicks: xTicks, yTicks: yTicks)
    }

    /// X ticks whose labels do not touch: fewer ticks until they fit, then every other label.
    func fittingXTicks(length: Double) -> [Tick] {
        var spacing = 90.0
        var ticks: [Tick] = []
        for _ in 0..<6 {
            ticks = xAxis.ticks(length: length, spacing: spacing)
            if xLabelsFit(ticks, length: length) { return ticks }
            spacing *= 1.4
        }
        var keep = true
        return ticks.map { tick in
            guard tick.label != nil else { return tick }
            defer { keep.toggle() }
            return keep ? tick : Tick(value: tick.value, label: nil, isMajor: tick.isMajor)
        }
    }

    func xLabelsFit(_ ticks: [Tick], length: Double) -> Bool {
        let placed = ticks.compactMap { tick -> (center: Double, width: Double)? in
            guard let label = tick.label, let fraction = xAxis.fraction(of: tick.value) else { return nil }
            return (fraction * length, Self.textWidth(ofTickLabel: label))
        }
        for (a, b) in zip(placed, placed.dropFirst()) where b.center - a.center < (a.width + b.width) / 2 + 12 {
            return false
        }
        return true
    }

    // MARK: Text metrics and tick-label markup

    /// Estimated width of sans-serif text: 0.6 em per character, enough for digits in
    /// Helvetica, Arial and DejaVu Sans.
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }

    /// Width of a tick label as drawn: `2.5e-5` becomes 2.5×10⁻⁵ with a smaller exponent.
    static func textWidth(ofTickLabel label: String) -> Double {
        let (mantissa, exponent) = scientificParts(label)
        guard let exponent else { return textWidth(label, size: tickLabelSize) }
        let base = (mantissa == "1" ? "10" : mantissa + "×10")
        return textWidth(base, size: tickLabelSize) + textWidth(exponent, size: tickLabelSize * 0.78)
    }

    static func scientificParts(_ label: String) -> (mantissa: String, exponent: String?) {
        guard let e = label.firstIndex(of: "e") else { return (label, nil) }
        return (String(label[..<e]), String(label[label.index(after: e)...]))
    }

    /// SVG markup of a tick label: `2.5e-5` → `2.5×10<tspan …>−5</tspan>`, minus signs as U+2212.
    static func tickLabelMarkup(_ label: String) -> String {
        func minus(_ text: String) -> String { text.replacingOccurrences(of: "-", with: "\u{2212}") }
        let (mantissa, exponent) = scientificParts(label)
        guard let exponent else { return Markup.escape(minus(label)) }
        let base = mantissa == "1" ? "10" : (mantissa == "-1" ? "-10" : mantissa + "×10")
        return Markup.escape(minus(base)) + "<tspan dy=\"-0.45em\" font-size=\"78%\">"
            + Markup.escape(minus(exponent)) + "</tspan>"
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
                let t = Double(step) / 100
                let value: Double = along.scale == .log10
                    ? Foundation.pow(10, Foundation.log10(low) + t * (Foundation.log10(high) - Foundation.log10(low)))
                    : low + t * (high - low)
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
                    svg.line("<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\" stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dash) points=\"\(pointList(run))\"/>")
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

    // MARK: Legend

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

/// Marker shapes, one per series in turn, so series differ in shape as well as colour.
enum MarkerShape: CaseIterable {
    case circle, square, triangleUp, diamond, triangleDown

    static func forSeries(_ index: Int) -> MarkerShape { allCases[index % allCases.count] }

    func markup(at p: ChartRenderer.Point, radius r: Double) -> String {
        let c = NumberText.coordinate
        switch self {
        case .circle:
            return "<circle cx=\"\(c(p.x))\" cy=\"\(c(p.y))\" r=\"\(c(r))\"/>"
        case .square:
            let s = r * 0.9
            return "<rect x=\"\(c(p.x - s))\" y=\"\(c(p.y - s))\" width=\"\(c(2 * s))\" height=\"\(c(2 * s))\"/>"
        case .triangleUp:
            let s = r * 1.2
            return "<path d=\"M\(c(p.x)) \(c(p.y - s))L\(c(p.x + s)) \(c(p.y + s * 0.8))H\(c(p.x - s))Z\"/>"
        case .diamond:
            let s = r * 1.25
            return "<path d=\"M\(c(p.x)) \(c(p.y - s))L\(c(p.x + s)) \(c(p.y))L\(c(p.x)) \(c(p.y + s))L\(c(p.x - s)) \(c(p.y))Z\"/>"
        case .triangleDown:
            let s = r * 1.2
            return "<path d=\"M\(c(p.x)) \(c(p.y + s))L\(c(p.x + s)) \(c(p.y - s * 0.8))H\(c(p.x - s))Z\"/>"
        }
    }
}

/// Accumulates SVG lines; the clip-path id is a hash of the finished text, so it is the same
/// for the same chart and differs between charts placed in one HTML page.
struct SVGText {
    /// Placeholder for the id; `<` cannot occur in escaped text, so no title can forge it.
    static let clipToken = "<clip>"
    private var text = ""

    mutating func line(_ line: String) {
        text += line
        text += "\n"
    }

    func finished() -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a 64
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        let id = "bp-clip-" + String(repeating: "0", count: 16 - hex.count) + hex
        return text.replacingOccurrences(of: Self.clipToken, with: id)
    }
}
