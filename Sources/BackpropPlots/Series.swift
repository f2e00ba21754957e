/// A named sequence of (x, y) points drawn on a ``Chart``.
///
/// Points that the chart's axes cannot show — a NaN or infinite coordinate, or a value ≤ 0 on a
/// log axis — are skipped, break the line there, and are counted in
/// ``Chart/skippedPointCount``.
public struct Series: Sendable, Equatable {
    /// How a series is drawn.
    public enum Style: Sendable, Equatable {
        /// A line through the points in order.
        case line
        /// A marker at each point, no line.
        case markers
        /// A line through the points and a marker at each.
        case lineAndMarkers
    }

    /// The name shown in the legend.
    public var name: String
    /// The x coordinates; as many as `y`.
    public var x: [Double]
    /// The y coordinates; as many as `x`.
    public var y: [Double]
    /// Half-lengths of error bars, y ± yError[i] (as many as `y`), or `nil` for none.
    public var yError: [Double]?
    /// How the series is drawn.
    public var style: Style
    /// A CSS colour (`#1f77b4`, `teal`); `nil` takes the next colour of the chart's palette.
    public var color: String?
    /// Whether the line is dashed (e.g. to tell validation from training at a glance).
    public var dashed: Bool

    /// Creates a series from coordinates.
    ///
    /// - Parameters:
    ///   - name: The legend text.
    ///   - x: The x coordinates.
    ///   - y: The y coordinates; `x.count == y.count` is required.
    ///   - yError: Optional error-bar half-lengths, one per point.
    ///   - style: Line, markers, or both.
    ///   - color: A CSS colour, or `nil` for the palette's.
    ///   - dashed: Whether the line is dashed.
    public init(name: String, x: [Double], y: [Double], yError: [Double]? = nil,
                style: Style = .line, color: String? = nil, dashed: Bool = false) {
        precondition(x.count == y.count,
                     "Series \"\(name)\": x has \(x.count) values but y has \(y.count); they must match")
        if let yError {
            precondition(yError.count == y.count,
                         "Series \"\(name)\": yError has \(yError.count) values but y has \(y.count); they must match")
        }
        self.name = name
        self.x = x
        self.y = y
        self.yError = yError
        self.style = style
        self.color = color
        self.dashed = dashed
    }

    /// Creates a series whose x coordinates are 1, 2, …, n — e.g. a cost per epoch, epoch 1 first.
    ///
    /// - Parameters:
    ///   - name: The legend text.
    ///   - y: The values, the first at x = 1.
    ///   - style: Line, markers, or both.
    ///   - color: A CSS colour, or `nil` for the palette's.
    ///   - dashed: Whether the line is dashed.
    public init(name: String, y: [Double], style: Style = .line, color: String? = nil, dashed: Bool = false) {
        self.init(name: name, x: y.indices.map { Double($0 + 1) }, y: y,
                  style: style, color: color, dashed: dashed)
    }
}

/// A shaded region between a lower and an upper curve, e.g. a ±2σ band or a range of
/// acceptable values.
public struct Band: Sendable, Equatable {
    /// The legend text, or `nil` to leave the band out of the legend.
    public var name: String?
    /// The x coordinates, in order.
    public var x: [Double]
    /// The lower edge at each x.
    public var lower: [Double]
    /// The upper edge at each x.
    public var upper: [Double]
    /// A CSS colour, drawn at low opacity; `nil` for a neutral grey-blue.
    public var color: String?

    /// Creates a band; `x`, `lower` and `upper` must have equal counts. Points the axes cannot
    /// show split the band into separate pieces.
    public init(name: String? = nil, x: [Double], lower: [Double], upper: [Double], color: String? = nil) {
        precondition(x.count == lower.count && x.count == upper.count,
                     "Band \"\(name ?? "")\": x, lower and upper have \(x.count), \(lower.count), \(upper.count) values; they must match")
        self.name = name
        self.x = x
        self.lower = lower
        self.upper = upper
        self.color = color
    }
}

/// A straight reference line across the plot: a true value, a zero line, or y = x.
public struct ReferenceLine: Sendable, Equatable {
    /// Where the line runs.
    public enum Position: Sendable, Equatable {
        /// y = value, across the whole plot.
        case horizontal(y: Double)
        /// x = value, across the whole plot.
        case vertical(x: Double)
        /// y = x, where both lie in range (a straight line whenever both axes share a scale).
        case identity
    }

    /// Where the line runs.
    public var position: Position
    /// The legend text, or `nil` to leave the line out of the legend.
    public var label: String?

    /// Creates a reference line.
    public init(_ position: Position, label: String? = nil) {
        self.position = position
        self.label = label
    }

    /// y = `y`, e.g. the true value of an estimated parameter.
    public static func horizontal(y: Double, label: String? = nil) -> ReferenceLine {
        ReferenceLine(.horizontal(y: y), label: label)
    }

    /// x = `x`.
    public static func vertical(x: Double, label: String? = nil) -> ReferenceLine {
        ReferenceLine(.vertical(x: x), label: label)
    }

    /// y = x, the line a perfect prediction lies on.
    public static func identity(label: String? = "y = x") -> ReferenceLine {
        ReferenceLine(.identity, label: label)
    }
}

/// Where a chart's legend goes.
public enum LegendPlacement: Sendable, Equatable {
    /// Inside a corner of the plot that covers no data; else outside on the right; else (on a
    /// narrow chart, or with long names) below the plot.
    case automatic
    /// Inside the plot, in a corner.
    case inside(Corner)
    /// To the right of the plot.
    case outsideRight
    /// Below the plot, under the x-axis label.
    case below
    /// No legend.
    case hidden

    /// A corner of the plot area.
    public enum Corner: Sendable, Equatable, CaseIterable {
        case topRight, topLeft, bottomRight, bottomLeft
    }
}

extension Array where Element == Series {
    /// Points that cannot be drawn on these scales: a coordinate that is NaN or infinite, or
    /// ≤ 0 on a log axis.
    func skippedPointCount(xScale: AxisScale, yScale: AxisScale) -> Int {
        reduce(0) { count, series in
            count + zip(series.x, series.y).filter { !xScale.canShow($0) || !yScale.canShow($1) }.count
        }
    }
}
