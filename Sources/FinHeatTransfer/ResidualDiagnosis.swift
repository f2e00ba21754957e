import Foundation

/// What the residuals of a fit say about the fit, in plain words: a reading that does not
/// belong, a misfit larger than the stated noise explains, or a pattern along x that a model of
/// the right shape would not leave (a wrong T∞, a wrong tip condition, a model that does not fit).
///
/// Three tests, each at the 1 % level so that a good fit raises a false alarm about once in a
/// hundred readings sets:
///
/// - **a bad reading**: the externally studentised residual t_i = r_i / s_(i), with
///   s_(i)² = (Σ_j r_j² − r_i²)/(ν − 1) the scale of the other residuals (σ_i when the noise is
///   known), against Student's t_(ν−1) (normal when known) with Bonferroni's 0.01/m per reading;
/// - **too large a misfit** (noise known): χ² = Σ (r_i/σ_i)² against χ²_ν, p < 0.01;
/// - **a pattern** along x: the Wald–Wolfowitz runs test on the signs of r_i in x order — too
///   few runs (z < −2.326) means the residuals wander together instead of scattering.
public struct ResidualDiagnosis: Equatable, Sendable {
    /// One thing the residuals show.
    public struct Finding: Equatable, Sendable, CustomStringConvertible {
        /// What kind of problem.
        public enum Kind: String, Equatable, Sendable {
            case badReading = "bad reading"
            case misfit = "misfit"
            case pattern = "pattern"
            case overstatedNoise = "overstated noise"
        }
        /// The kind of problem.
        public let kind: Kind
        /// The 0-based reading it concerns, for `.badReading`.
        public let index: Int?
        /// The sentence to show the engineer.
        public let message: String

        public var description: String { message }
    }

    /// How the messages name the readings and what they advise: the fin's thermocouples along x
    /// by default, or the rows of any model's data file.
    public struct Wording: Equatable, Sendable {
        /// How reading i is named in a message, one label per reading (nil: "reading i (x = … m)").
        public var readingLabels: [String]?
        /// What the readings are ordered along, for the pattern message ("x").
        public var along: String
        /// What to do about a bad reading.
        public var badReadingAdvice: String
        /// What a pattern suggests.
        public var patternAdvice: String

        public init(readingLabels: [String]? = nil, along: String = "x",
                    badReadingAdvice: String = "check that thermocouple, or leave it out",
                    patternAdvice: String = "the model's shape does not match the profile — check T∞, T_b and the tip condition") {
            self.readingLabels = readingLabels
            self.along = along
            self.badReadingAdvice = badReadingAdvice
            self.patternAdvice = patternAdvice
        }

        /// The fin's thermocouples along x [m].
        public static let fin = Wording()
    }

    /// r_i / σ_i (noise known) or r_i / σ̂ (estimated), in reading order.
    public let standardizedResiduals: [Double]
    /// Σ (r_i/σ_i)² / ν when the noise is known; σ̂²/σ̂² = 1 otherwise (not a test then).
    public let reducedChiSquared: Double
    /// P(χ²_ν ≥ χ²) when the noise is known, else nil.
    public let chiSquaredPValue: Double?
    /// The number of runs of equal sign along x, and the runs test's z.
    public let runs: Int
    /// (runs − E runs)/SD runs under random signs; nil for fewer than 2 signs of each kind.
    public let runsZ: Double?
    /// What is wrong, if anything; empty when the residuals look like noise.
    public let findings: [Finding]

    /// Diagnoses residuals r_i = model − measurement, given in the order of increasing x.
    ///
    /// - Parameters:
    ///   - residuals: r_i in the readings' unit (K).
    ///   - sigmas: the stated σ_i of each reading (nil: the noise is estimated from r).
    ///   - parameterCount: p, so that ν = m − p.
    ///   - positions: x_i, for the messages (same order as `residuals`).
    ///   - unit: the unit of the residuals, for the messages ("K"; "" for none).
    ///   - wording: how the messages name the readings and what they advise (the fin's by default).
    public init(
        residuals: [Double], sigmas: [Double]?, parameterCount: Int, positions: [Double], unit: String = "K",
        wording: Wording = .fin
    ) {
        let m = residuals.count
        let nu = Double(max(m - parameterCount, 1))
        let sumSquares = residuals.reduce(0) { $0 + $1 * $1 }
        var findings: [Finding] = []
        let sigmaHat = (sumSquares / nu).squareRoot()
        if let sigmas {
            standardizedResiduals = zip(residuals, sigmas).map { $0 / $1 }
            let chi2 = standardizedResiduals.reduce(0) { $0 + $1 * $1 }
            reducedChiSquared = chi2 / nu
            let p = Distributions.chiSquaredUpperTail(chi2, degreesOfFreedom: nu)
            chiSquaredPValue = p
            if p < 0.01 {
                findings.append(Finding(
                    kind: .misfit, index: nil,
                    message: "the residuals are larger than the stated noise explains: reduced χ² = "
                        + String(format: "%.2f", reducedChiSquared) + " (p = " + String(format: "%.2g", p)
                        + "); the model does not fit these readings, or σ is understated"))
            } else if 1 - p < 0.01, m - parameterCount >= 3 {
                findings.append(Finding(
                    kind: .overstatedNoise, index: nil,
                    message: "the residuals are smaller than the stated noise: reduced χ² = "
                        + String(format: "%.2f", reducedChiSquared)
                        + "; σ may be overstated, and the interval is then too wide"))
            }
        } else {
            standardizedResiduals = residuals.map { sigmaHat > 0 ? $0 / sigmaHat : 0 }
            reducedChiSquared = 1
            chiSquaredPValue = nil
        }

        // A bad reading: each residual against the scale of the others.
        let level = 0.01 / Double(max(m, 1)) / 2
        if m - parameterCount >= 2 {
            let critical = sigmas == nil
                ? Distributions.studentTQuantile(1 - level, degreesOfFreedom: nu - 1)
                : Distributions.normalQuantile(1 - level)
            var worst: (index: Int, t: Double)?
            for i in 0..<m {
                let scale = sigmas.map { $0[i] } ?? ((sumSquares - residuals[i] * residuals[i]) / (nu - 1)).squareRoot()
                guard scale > 0 else { continue }
                let t = residuals[i] / scale
                if abs(t) > critical, abs(t) > abs(worst?.t ?? 0) { worst = (i, t) }
            }
            if let worst {
                let x = worst.index < positions.count ? positions[worst.index] : .nan
                let label = wording.readingLabels.map { $0[worst.index] }
                    ?? "reading \(worst.index + 1) (x = " + String(format: "%.4g", x) + " m)"
                findings.append(Finding(
                    kind: .badReading, index: worst.index,
                    message: label + " is off by "
                        + String(format: "%+.3g", -residuals[worst.index]) + (unit.isEmpty ? "" : " \(unit)") + ", "
                        + String(format: "%.1f", abs(worst.t)) + " times the scatter of the others"
                        + "; \(wording.badReadingAdvice)"))
            }
        }

        // A pattern: too few runs of one sign along x.
        let signs = residuals.filter { $0 != 0 }.map { $0 > 0 }
        var runCount = signs.isEmpty ? 0 : 1
        for i in signs.indices.dropFirst() where signs[i] != signs[i - 1] { runCount += 1 }
        runs = runCount
        let plus = Double(signs.filter { $0 }.count), minus = Double(signs.count) - plus
        if plus >= 2, minus >= 2 {
            let n = plus + minus
            let mean = 2 * plus * minus / n + 1
            let variance = (mean - 1) * (mean - 2) / (n - 1)
            let z = (Double(runCount) - mean) / variance.squareRoot()
            runsZ = z
            if z < -2.326 {
                findings.append(Finding(
                    kind: .pattern, index: nil,
                    message: "the residuals follow a pattern along \(wording.along) (\(runCount) runs of one sign where about "
                        + String(format: "%.1f", mean) + " are expected; z = " + String(format: "%.2f", z)
                        + "): \(wording.patternAdvice)"))
            }
        } else {
            runsZ = nil
        }
        self.findings = findings
    }
}
