import Foundation

/// The four numbers of the non-dimensional nonlinear fin
///
///     d/dx[(1 + ε_c θ) dθ/dx] − N² θ + N² G (1 + ε_G θ) = 0,   x ∈ [0, 1],   θ(0) = 1,   θ′(1) = 0
///
/// where x = X/L, θ = (T − T∞)/(T_b − T∞), the conductivity varies linearly with temperature,
/// k(T) = k∞ (1 + ε_c θ), and the volumetric generation too, q̇(T) = q̇∞ (1 + ε_G θ). From the
/// dimensional balance k A_c T″ − hP (T − T∞) + q̇ A_c = 0 divided by k∞ A_c θ_b / L²:
///
///     N² = h P L² / (k∞ A_c) = (mL)²,   G = q̇∞ A_c / (h P θ_b)
///
/// G is the generation relative to what the surface can convect at θ_b: with ε_c = ε_G = 0 the
/// solution is θ = G + (1 − G) cosh N(1−x)/cosh N, so a fin with G > 1 is hotter inside than at
/// its base and heats the wall.
///
/// Ranges accepted: 0 < N ≤ 1000, −1 < ε_c ≤ 10 (so 1 + ε_c θ > 0 at θ = 1), −10 ≤ ε_G ≤ 10,
/// −100 ≤ G ≤ 100.
public struct NonlinearFinParameters: Equatable, Sendable {
    /// N = mL = √(hPL²/(k∞A_c)).
    public let finParameter: Double
    /// ε_c in k = k∞ (1 + ε_c θ).
    public let conductivityCoefficient: Double
    /// G = q̇∞ A_c / (h P θ_b).
    public let heatGeneration: Double
    /// ε_G in q̇ = q̇∞ (1 + ε_G θ).
    public let generationCoefficient: Double

    /// Validates and stores N, ε_c, G and ε_G.
    ///
    /// - Parameters:
    ///   - finParameter: N, 0 < N ≤ 1000.
    ///   - conductivityCoefficient: ε_c, −1 < ε_c ≤ 10 (default 0: constant k).
    ///   - heatGeneration: G, −100 ≤ G ≤ 100 (default 0: no generation).
    ///   - generationCoefficient: ε_G, −10 ≤ ε_G ≤ 10 (default 0: uniform generation).
    /// - Throws: `FinParameterError` naming the first value out of range.
    public init(
        finParameter: Double, conductivityCoefficient: Double = 0, heatGeneration: Double = 0,
        generationCoefficient: Double = 0
    ) throws {
        try FinParameterError.requirePositive(
            finParameter, field: "fin parameter", symbol: "N", unit: "", atMost: 1000)
        guard conductivityCoefficient.isFinite, conductivityCoefficient > -1,
            conductivityCoefficient <= 10
        else {
            throw FinParameterError(
                field: "conductivity coefficient", symbol: "ε_c", value: conductivityCoefficient,
                unit: "", allowedRange: "−1 < ε_c ≤ 10",
                hint: "k = k∞(1 + ε_c θ) must stay positive at the base, θ = 1")
        }
        try FinParameterError.requireWithin(
            heatGeneration, field: "heat generation", symbol: "G", unit: "", -100...100)
        try FinParameterError.requireWithin(
            generationCoefficient, field: "generation coefficient", symbol: "ε_G", unit: "",
            -10...10)
        self.finParameter = finParameter
        self.conductivityCoefficient = conductivityCoefficient
        self.heatGeneration = heatGeneration
        self.generationCoefficient = generationCoefficient
    }

    /// The non-dimensional parameters of a dimensional fin: N = mL and
    /// G = q̇∞ A_c / (h P θ_b), with k∞ = `properties.conductivity` the conductivity at T∞.
    ///
    /// - Parameters:
    ///   - properties: k∞, h, P, A_c, L, T_b and T∞ (the tip is insulated in this model).
    ///   - volumetricHeatGeneration: q̇∞ [W/m³] at T∞ (default 0).
    ///   - conductivityCoefficient: ε_c (default 0).
    ///   - generationCoefficient: ε_G (default 0).
    /// - Throws: `FinParameterError` if N, ε_c, G or ε_G is out of range.
    public init(
        properties: FinProperties, volumetricHeatGeneration: Double = 0,
        conductivityCoefficient: Double = 0, generationCoefficient: Double = 0
    ) throws {
        let g = properties.geometry
        try self.init(
            finParameter: properties.finParameter,
            conductivityCoefficient: conductivityCoefficient,
            heatGeneration: volumetricHeatGeneration * g.crossSectionArea
                / (properties.heatTransferCoefficient * g.perimeter
                    * properties.baseExcessTemperature),
            generationCoefficient: generationCoefficient)
    }

    /// The same fin with another G.
    ///
    /// - Throws: `FinParameterError` if G is outside −100 ≤ G ≤ 100.
    public func withHeatGeneration(_ heatGeneration: Double) throws -> NonlinearFinParameters {
        try NonlinearFinParameters(
            finParameter: finParameter, conductivityCoefficient: conductivityCoefficient,
            heatGeneration: heatGeneration, generationCoefficient: generationCoefficient)
    }

    /// Non-dimensional conductivity k/k∞ = 1 + ε_c θ.
    @inlinable
    public func conductivity(at theta: Double) -> Double { 1 + conductivityCoefficient * theta }

    /// The source terms of the equation, −N² θ + N² G (1 + ε_G θ).
    @inlinable
    public func source(at theta: Double) -> Double {
        let nSquared = finParameter * finParameter
        return -nSquared * theta + nSquared * heatGeneration * (1 + generationCoefficient * theta)
    }

    /// d(source)/dθ = −N² + N² G ε_G.
    @inlinable
    public var sourceDerivative: Double {
        let nSquared = finParameter * finParameter
        return -nSquared + nSquared * heatGeneration * generationCoefficient
    }

    /// θ(x) of the constant-property fin with uniform generation (ε_c = ε_G = 0):
    /// θ = G + (1 − G) cosh N(1−x) / cosh N, written as
    /// G + (1 − G) e^(−Nx) (1 + e^(−2N(1−x))) / (1 + e^(−2N)) so that large N does not overflow.
    /// It is the exact solution when ε_c = ε_G = 0 and the solver's first guess otherwise.
    public func linearTheta(at x: Double) -> Double {
        let n = finParameter
        let g = heatGeneration
        let ratio = Foundation.exp(-n * x) * (1 + Foundation.exp(-2 * n * (1 - x)))
            / (1 + Foundation.exp(-2 * n))
        return g + (1 - g) * ratio
    }
}
