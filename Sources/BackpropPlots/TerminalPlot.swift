/// A compact plot of one or more series for a terminal, e.g. the cost J against epoch at the
/// end of a training run.
///
/// ```
///  0.693 ┤⠑⢄
///        │  ⠑⠢⣀
///        │     ⠈⠉⠒⠒⠤⠤⣀⣀⣀
/// 0.0012 ┤              ⠉⠉⠉⠉⠉⠉⠒⠒⠒⠒⠒⠤⠤⠤
///        └──────────────────────────────
///         1                          200
///         ⠤⠤ training  oo validation
/// ```
///
/// The canvas is exactly ``width`` × ``height`` character cells. Each axis spans the data's
/// minimum to maximum with no padding, so the largest y lands on the first canvas row and the
/// smallest on the last. Braille cells hold 2 × 4 dots, block cells 2 × 2 quadrants, ASCII cells
/// one point. Points that cannot be shown (NaN, infinite, ≤ 0 on a log axis) are skipped, break
/// the line, and are counted under the legend.
public struct TerminalPlot: Sendable {
    /// The characters the curves are drawn with.
    public enum Glyphs: Sendable, Equatable {
        /// Unicode braille patterns, 2 × 4 dots per cell: the finest curves.
        case braille
        /// Unicode quadrant blocks, 2 × 2 per cell.
        case blocks
        /// Plain ASCII, one point per cell, a different character per series (`*`, `o`, `+`, …).
        case ascii
    }

    /// The series to draw, in order (later ones on top).
    public var series: [Series]
    /// Canvas width in character cells (at least 8 is used).
    public var width: Int
    /// Canvas height in character rows (at least 3 is used).
    public var height: Int
    /// The x axis's scale.
    public var xScale: AxisScale
    /// The y axis's scale (`.log10` for a cost falling over decades).
    public var yScale: AxisScale
    /// The characters used.
    public var glyphs: Glyphs
    /// Whether to colour the series with ANSI escape codes. Without colour, braille and block
    /// plots draw the second and later series with their ASCII character so they stay apart.
    public var useColor: Bool
    /// A line printed above the plot; empty for none.
    public var title: String

    /// Creates a terminal plot.
    ///
    /// - Parameters:
    ///   - series: The series to draw (their names form the legend; styles and error bars are
    ///     ignored).
    ///   - title: A line above the plot.
    ///   - width: Canvas width in characters.
    ///   - height: Canvas height in rows.
    ///   - xScale: Linear or log₁₀ x.
    ///   - yScale: Linear or log₁₀ y.
    ///   - glyphs: Braille, blocks or ASCII.
    ///   - useColor: Whether to emit ANSI colours.
    public init(series: [Series], title: String = "", width: Int = 60, height: Int = 15,
                xScale: AxisScale = .linear, yScale: AxisScale = .linear,
                glyphs: Glyphs = .braille, useColor: Bool = false) {
        self.series = series
        self.title = title
        self.width = width
        self.height = height
        self.xScale = xScale
        self.yScale = yScale
        self.glyphs = glyphs
        self.useColor = useColor
    }

    /// How many series points cannot be shown (NaN, infinite, or ≤ 0 on a log axis).
    public var skippedPointCount: Int {
        series.skippedPointCount(xScale: xScale, yScale: yScale)
    }

    static let asciiMarks: [Character] = ["*", "o", "+", "x", "#", "@", "%", "&"]
    /// Marks for the second and later series of an uncoloured braille or block plot: light,
    /// so a dotted trail reads as a second curve rather than as a heavy band.
    static let overlayMarks: [Character] = ["·", "·", "+", "x", "°", "#", "%", "&"]
    static let ansiColors = ["34", "31", "32", "33", "35", "36"]
    static let quadrants: [Character] = [" ", "▘", "▝", "▀", "▖", "▌", "▞", "▛",
                                         "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█"]

    /// The plot as lines of text joined by `\n`: optional title, `height` canvas rows with the
    /// y labels (maximum, middle, minimum) on the left, the x axis, the x minimum and maximum,
    /// and the legend.
    public func render() -> String {
        let columns = max(8, width), rows = max(3, height)
        let (dotsAcross, dotsDown) = switch glyphs {
        case .braille: (2, 4)
        case .blocks: (2, 2)
        case .ascii: (1, 1)
        }
        let xAxis = exactAxis(series.flatMap { zip($0.x, $0.y).filter { yScale.canShow($1) }.map(\.0) }, scale: xScale)
        let yAxis = exactAxis(series.flatMap { zip($0.x, $0.y).filter { xScale.canShow($0.0) }.map(\.1) }, scale: yScale)
        let dotColumns = columns * dotsAcross, dotRows = rows * dotsDown

        // dots[s][row * dotColumns + column]: whether series s lights that dot.
        var dots = [[Bool]](repeating: [Bool](repeating: false, count: dotColumns * dotRows), count: series.count)
        for (index, series) in series.enumerated() {
            var previous: (column: Int, row: Int)?
            for (x, y) in zip(series.x, series.y) {
                guard let tx = xAxis.fraction(of: x), let ty = yAxis.fraction(of: y) else {
                    previous = nil
                    continue
                }
                let column = Self.clampedIndex(tx * Double(dotColumns - 1), count: dotColumns)
                let row = Self.clampedIndex((1 - ty) * Double(dotRows - 1), count: dotRows)
                for (c, r) in Self.segment(from: previous ?? (column, row), to: (column, row)) {
                    dots[index][r * dotColumns + c] = true
                }
                previous = (column, row)
            }
        }

        var canvas = [[String]](repeating: [String](repeating: " ", count: columns), count: rows)
        for row in 0..<rows {
            for column in 0..<columns {
                canvas[row][column] = cell(row: row, column: column, dots: dots,
                                           dotsAcross: dotsAcross, dotsDown: dotsDown, dotColumns: dotColumns)
            }
        }
        let hasData = dots.contains { $0.contains(true) }
        if !hasData {
            let message = Array("(no data)")
            let start = max(0, (columns - message.count) / 2)
            for (offset, character) in message.enumerated() where start + offset < columns {
                canvas[rows / 2][start + offset] = String(character)
            }
        }

        let unicode = glyphs != .ascii
        var labels = [String](repeating: "", count: rows)
        labels[0] = NumberText.short(yAxis.upper)
        labels[rows - 1] = NumberText.short(yAxis.lower)
        if rows >= 7 {
            let middle = rows / 2
            // The value at the centre of the middle row: t = 1 − (middle + ½) / rows.
            labels[middle] = NumberText.short(yAxis.value(at: 1 - (Double(middle) + 0.5) / Double(rows)))
        }
        let labelWidth = labels.map(\.count).max() ?? 0
        var lines: [String] = []
        if !title.isEmpty { lines.append(title) }
        for row in 0..<rows {
            let label = String(repeating: " ", count: labelWidth - labels[row].count) + labels[row]
            let axis = labels[row].isEmpty ? (unicode ? "│" : "|") : (unicode ? "┤" : "+")
            lines.append(label + " " + axis + canvas[row].joined())
        }
        let indent = String(repeating: " ", count: labelWidth + 1)
        lines.append(indent + (unicode ? "└" : "+") + String(repeating: unicode ? "─" : "-", count: columns))
        let xLow = NumberText.short(xAxis.lower), xHigh = NumberText.short(xAxis.upper)
        let gap = max(1, columns - xLow.count - xHigh.count)
        lines.append(indent + " " + xLow + String(repeating: " ", count: gap) + xHigh)
        if !series.isEmpty {
            let entries = series.indices.map { index in legendSample(index) + " " + series[index].name }
            lines.append(indent + " " + entries.joined(separator: "   "))
        }
        let skipped = skippedPointCount
        if skipped > 0 {
            lines.append(indent + " (\(skipped) \(skipped == 1 ? "point" : "points") not shown: not finite\(yScale == .log10 || xScale == .log10 ? " or ≤ 0 on a log axis" : ""))")
        }
        return lines.joined(separator: "\n")
    }

    /// The character (with colour codes if asked) for one canvas cell.
    func cell(row: Int, column: Int, dots: [[Bool]], dotsAcross: Int, dotsDown: Int, dotColumns: Int) -> String {
        // bits[s]: the dots of series s in this cell, in the glyph's own bit order.
        var bits = [Int](repeating: 0, count: dots.count)
        for s in dots.indices {
            for dy in 0..<dotsDown {
                for dx in 0..<dotsAcross where dots[s][(row * dotsDown + dy) * dotColumns + column * dotsAcross + dx] {
                    bits[s] |= Self.bit(dx: dx, dy: dy, glyphs: glyphs)
                }
            }
        }
        guard let top = bits.lastIndex(where: { $0 != 0 }) else { return " " }
        let character: String
        switch glyphs {
        case .ascii:
            character = String(Self.asciiMarks[top % Self.asciiMarks.count])
        case .braille, .blocks:
            if !useColor, top > 0 {
                // Without colour a second curve would merge into the first: mark it with its own character.
                character = String(Self.overlayMarks[top % Self.overlayMarks.count])
            } else {
                let union = useColor ? bits.reduce(0, |) : bits[0]
                character = glyphs == .braille
                    ? String(Character(Unicode.Scalar(0x2800 + UInt32(union))!))
                    : String(Self.quadrants[union])
            }
        }
        return useColor ? colored(character, series: top) : character
    }

    /// The bit of dot (dx, dy) in a braille pattern (U+2800 + bits) or a quadrant index.
    static func bit(dx: Int, dy: Int, glyphs: Glyphs) -> Int {
        switch glyphs {
        case .braille:
            // Braille dots 1–3 and 7 run down the left column, 4–6 and 8 down the right.
            let left = [0x01, 0x02, 0x04, 0x40], right = [0x08, 0x10, 0x20, 0x80]
            return dx == 0 ? left[dy] : right[dy]
        case .blocks:
            return 1 << (dy * 2 + dx)
        case .ascii:
            return 1
        }
    }

    func colored(_ text: String, series index: Int) -> String {
        "\u{1B}[" + Self.ansiColors[index % Self.ansiColors.count] + "m" + text + "\u{1B}[0m"
    }

    func legendSample(_ index: Int) -> String {
        let sample: String
        if glyphs == .ascii {
            sample = String(repeating: String(Self.asciiMarks[index % Self.asciiMarks.count]), count: 2)
        } else if !useColor && index > 0 {
            sample = String(repeating: String(Self.overlayMarks[index % Self.overlayMarks.count]), count: 2)
        } else {
            sample = glyphs == .braille ? "⠤⠤" : "▄▄"
        }
        return useColor ? colored(sample, series: index) : sample
    }

    /// The axis from the smallest to the largest showable value, with no padding; a single value
    /// gets ±10 % (±1 at zero; ×/÷ √10 on a log axis), no value 0…1 (1…10 on a log axis).
    func exactAxis(_ values: [Double], scale: AxisScale) -> Axis {
        Axis.fitting(values, scale: scale, padding: 0)
    }

    static func clampedIndex(_ position: Double, count: Int) -> Int {
        guard position.isFinite else { return position > 0 ? count - 1 : 0 }
        return min(count - 1, max(0, Int(position.rounded())))
    }

    /// The dots of a straight segment between two dots (Bresenham), both ends included.
    static func segment(from start: (Int, Int), to end: (Int, Int)) -> [(Int, Int)] {
        var (x, y) = start
        let dx = abs(end.0 - x), dy = -abs(end.1 - y)
        let stepX = x < end.0 ? 1 : -1, stepY = y < end.1 ? 1 : -1
        var error = dx + dy
        var points: [(Int, Int)] = []
        while true {
            points.append((x, y))
            if x == end.0 && y == end.1 { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += stepX }
            if doubled <= dx { error += dx; y += stepY }
        }
        return points
    }
}
