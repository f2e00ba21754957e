import Foundation

/// A two-dimensional chart — lines, markers, error bars, bands and reference lines on linear
/// or log₁₀ axes — rendered as a standalone SVG document.
///
/// ```swift
/// var chart = Chart(title: "Cost J against epoch", xLabel: "epoch", yLabel: "J",
///                   series: [Series(name: "training", y: trainingCost),
///                            Series(name: "validation", y: validationCost, dashed: true)],
///                   yScale: .log10)
/// try chart.write(to: URL(fileURLWithPath: "cost.svg"))
/// ```
///
/// Axes fit the data (with 5 % padding) unless ``xRange``/``yRange`` are given. The SVG is
/// deterministic (same chart, same bytes), valid XML, and carries its own `<style>`: no
/// scripts, no external fonts.
public struct Chart: Sendable, Equatable {
    /// The heading above the plot; empty for none.
    public var title: String
    /// The x-axis label (name and unit, e.g. `"noise σ (K)"`); empty for none.
    public var xLabel: String
    /// The y-axis label; empty for none.
    public var yLabel: String
    /// The series, drawn in order (later ones on top).
    public var series: [Series]
    /// Shaded regions, drawn beneath everything else.
    public var bands: [Band]
    /// Reference lines (true values, zero, y = x), drawn beneath the series.
    public var referenceLines: [ReferenceLine]
    /// The x axis's scale.
    public var xScale: AxisScale
    /// The y axis's scale.
    public var yScale: AxisScale
    /// The x interval shown, or `nil` to fit the data. Ignored if not finite, empty, or not
    /// positive on a log axis.
    public var xRange: ClosedRange<Double>?
    /// The y interval shown, or `nil` to fit the data (same rules as ``xRange``).
    public var yRange: ClosedRange<Double>?
    /// When both axes fit the data and share a scale, give them the same interval (so y = x
    /// runs corner to corner) — for prediction against target.
    public var equalAxes: Bool
    /// Where the legend goes.
    public var legend: LegendPlacement
    /// The SVG's width in CSS pixels.
    public var width: Double
    /// The SVG's height in CSS pixels.
    public var height: Double

    /// Creates a chart.
    ///
    /// - Parameters:
    ///   - title: The heading above the plot.
    ///   - xLabel: The x-axis label.
    ///   - yLabel: The y-axis label.
    ///   - series: The series to draw.
    ///   - bands: Shaded regions.
    ///   - referenceLines: Reference lines.
    ///   - xScale: Linear or log₁₀ x axis.
    ///   - yScale: Linear or log₁₀ y axis.
    ///   - width: Width in CSS pixels (at least 200 is used).
    ///   - height: Height in CSS pixels (at least 150 is used).
    public init(title: String = "", xLabel: String = "", yLabel: String = "",
                series: [Series] = [], bands: [Band] = [], referenceLines: [ReferenceLine] = [],
                xScale: AxisScale = .linear, yScale: AxisScale = .linear,
                width: Double = 640, height: Double = 400) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.bands = bands
        self.referenceLines = referenceLines
        self.xScale = xScale
        self.yScale = yScale
        self.xRange = nil
        self.yRange = nil
        self.equalAxes = false
        self.legend = .automatic
        self.width = width
        self.height = height
    }

    /// How many series points cannot be drawn: a coordinate that is NaN or infinite, or ≤ 0 on
    /// a log axis. (Points merely outside an explicit ``xRange``/``yRange`` are drawn, clipped.)
    public var skippedPointCount: Int {
        series.skippedPointCount(xScale: xScale, yScale: yScale)
    }

    /// The chart as a standalone SVG document (no XML declaration, so it can also be placed
    /// inline in HTML).
    public func svg() -> String {
        ChartRenderer(chart: self).render()
    }

    /// Writes ``svg()`` to `url` atomically (a temporary file in the same directory, then a
    /// rename), so a reader never sees half a file.
    ///
    /// - Throws: ``FileWriteError`` naming the path and the cause.
    public func write(to url: URL) throws {
        try FileWriteError.write(svg(), to: url)
    }
}
