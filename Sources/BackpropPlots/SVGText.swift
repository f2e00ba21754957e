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
