import Foundation

/// The shape of a straight fin of constant cross-section: perimeter P, cross-section area A_c and
/// length L, all in SI units (m, m², m).
///
/// The one-dimensional fin equation only sees the ratio P / A_c (through m² = hP/(kA_c)) and the
/// product P·A_c (through M = √(hPkA_c) θ_b), so any cross-section reduces to these two numbers.
///
/// Ranges accepted (lengths are in **metres**; 5 mm is `0.005`):
/// - 0 < P ≤ 10 m, 0 < A_c ≤ 1 m², 0 < L ≤ 10 m;
/// - P² ≥ 4π A_c, the isoperimetric inequality: no shape encloses more area than a circle of the
///   same perimeter, so a smaller P is a unit or typing mistake.
public struct FinGeometry: Equatable, Sendable {
    /// Perimeter of the cross-section, P [m].
    public let perimeter: Double
    /// Cross-section area, A_c [m²].
    public let crossSectionArea: Double
    /// Length from base (x = 0) to tip (x = L), L [m].
    public let length: Double

    /// Largest perimeter accepted, in metres.
    public static let maximumPerimeter = 10.0
    /// Largest cross-section area accepted, in square metres.
    public static let maximumCrossSectionArea = 1.0
    /// Largest length accepted, in metres.
    public static let maximumLength = 10.0
    /// Largest pin diameter or plate width/thickness accepted, in metres.
    public static let maximumDiameter = 1.0

    /// A fin of any cross-section given by its perimeter and area.
    ///
    /// - Parameters:
    ///   - perimeter: P [m], 0 < P ≤ 10.
    ///   - crossSectionArea: A_c [m²], 0 < A_c ≤ 1, with P² ≥ 4π A_c.
    ///   - length: L [m], 0 < L ≤ 10.
    /// - Throws: `FinParameterError` naming the first field out of range.
    public init(perimeter: Double, crossSectionArea: Double, length: Double) throws {
        try FinParameterError.requirePositive(
            perimeter, field: "perimeter", symbol: "P", unit: "m",
            atMost: Self.maximumPerimeter, hint: "lengths are in metres")
        try FinParameterError.requirePositive(
            crossSectionArea, field: "cross-section area", symbol: "A_c", unit: "m²",
            atMost: Self.maximumCrossSectionArea, hint: "areas are in square metres")
        try FinParameterError.requirePositive(
            length, field: "length", symbol: "L", unit: "m",
            atMost: Self.maximumLength, hint: "lengths are in metres")
        // A circle is the largest area for a perimeter; allow rounding in πD, πD²/4.
        let smallestPerimeter = (4 * Double.pi * crossSectionArea).squareRoot()
        guard perimeter >= smallestPerimeter * (1 - 1e-12) else {
            throw FinParameterError(
                field: "perimeter", symbol: "P", value: perimeter, unit: "m",
                allowedRange: "P ≥ √(4π A_c) = \(smallestPerimeter) m",
                hint: "no cross-section of area A_c = \(crossSectionArea) m² has a shorter perimeter")
        }
        self.init(validatedPerimeter: perimeter, crossSectionArea: crossSectionArea, length: length)
    }

    init(validatedPerimeter perimeter: Double, crossSectionArea: Double, length: Double) {
        self.perimeter = perimeter
        self.crossSectionArea = crossSectionArea
        self.length = length
    }

    /// A pin fin (circular rod) of diameter D: P = πD, A_c = πD²/4.
    ///
    /// - Parameters:
    ///   - diameter: D [m], 0 < D ≤ 1.
    ///   - length: L [m], 0 < L ≤ 10.
    /// - Throws: `FinParameterError` naming the field out of range.
    public static func pin(diameter: Double, length: Double) throws -> FinGeometry {
        try FinParameterError.requirePositive(
            diameter, field: "diameter", symbol: "D", unit: "m",
            atMost: maximumDiameter, hint: "lengths are in metres (5 mm is 0.005)")
        return try FinGeometry(
            perimeter: Double.pi * diameter,
            crossSectionArea: Double.pi * diameter * diameter / 4,
            length: length)
    }

    /// A straight rectangular fin (plate) of width w and thickness t: P = 2(w + t), A_c = w t.
    ///
    /// For a wide plate (w ≫ t) this tends to the textbook P ≈ 2w, A_c = wt, m = √(2h/(kt)).
    ///
    /// - Parameters:
    ///   - width: w [m], 0 < w ≤ 1.
    ///   - thickness: t [m], 0 < t ≤ 1.
    ///   - length: L [m], 0 < L ≤ 10.
    /// - Throws: `FinParameterError` naming the field out of range.
    public static func rectangular(width: Double, thickness: Double, length: Double) throws
        -> FinGeometry
    {
        try FinParameterError.requirePositive(
            width, field: "width", symbol: "w", unit: "m", atMost: maximumDiameter,
            hint: "lengths are in metres")
        try FinParameterError.requirePositive(
            thickness, field: "thickness", symbol: "t", unit: "m", atMost: maximumDiameter,
            hint: "lengths are in metres")
        return try FinGeometry(
            perimeter: 2 * (width + thickness), crossSectionArea: width * thickness,
            length: length)
    }

    /// The same cross-section cut to another length L [m].
    ///
    /// - Throws: `FinParameterError` if `length` is outside 0 < L ≤ 10.
    public func withLength(_ length: Double) throws -> FinGeometry {
        try FinGeometry(perimeter: perimeter, crossSectionArea: crossSectionArea, length: length)
    }
}
