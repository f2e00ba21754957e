import Foundation

/// Where things go: axes fitted to the data, the plot area, tick counts that fit, text widths.
extension ChartRenderer {
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
}
