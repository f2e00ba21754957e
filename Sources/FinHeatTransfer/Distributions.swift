import Foundation

/// The two sampling distributions an honest least-squares interval needs: Student's t (an
/// interval when σ is estimated from the residuals) and χ² (is the misfit larger than the
/// stated noise explains?).
///
/// Both come from the regularised incomplete beta and gamma functions, evaluated as in
/// Numerical Recipes (Press et al., 3rd ed., §6.2 and §6.4): a series or a continued fraction
/// (modified Lentz), whichever converges fast at that argument.
public enum Distributions {
    /// P(T ≤ t) for Student's t with ν degrees of freedom:
    ///
    ///     F(t) = 1 − ½ I_(ν/(ν+t²))(ν/2, ½)   for t ≥ 0,   F(−t) = 1 − F(t)
    public static func studentTCDF(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(nu > 0, "Student t: ν = \(nu) must be > 0")
        guard t.isFinite else { return t > 0 ? 1 : 0 }
        let tail = 0.5 * regularizedIncompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The p-quantile t_p,ν of Student's t (e.g. p = 0.975, ν = 8 gives 2.306), by bisection on
    /// the CDF to a relative 1e−12.
    ///
    /// - Precondition: 0 < p < 1 and ν > 0.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p > 0 && p < 1, "Student t quantile: p = \(p) must lie in (0, 1)")
        if p == 0.5 { return 0 }
        if p < 0.5 { return -studentTQuantile(1 - p, degreesOfFreedom: nu) }
        var low = 0.0, high = 1.0
        while studentTCDF(high, degreesOfFreedom: nu) < p { high *= 2 }
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if studentTCDF(mid, degreesOfFreedom: nu) < p { low = mid } else { high = mid }
            if high - low <= 1e-12 * high { break }
        }
        return (low + high) / 2
    }

    /// The standard normal p-quantile z_p (z_0.975 = 1.95996…), by bisection on Φ(z) = ½ erfc(−z/√2).
    public static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "normal quantile: p = \(p) must lie in (0, 1)")
        var low = -40.0, high = 40.0
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if 0.5 * erfc(-mid / 2.0.squareRoot()) < p { low = mid } else { high = mid }
            if high - low <= 1e-13 { break }
        }
        return (low + high) / 2
    }

    /// P(X ≥ x) for X ~ χ²_ν: the upper tail Q(ν/2, x/2) of the regularised gamma function —
    /// the p-value of a χ² statistic.
    public static func chiSquaredUpperTail(_ x: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(nu > 0, "χ²: ν = \(nu) must be > 0")
        guard x > 0 else { return 1 }
        guard x.isFinite else { return 0 }
        return regularizedUpperGamma(nu / 2, x / 2)
    }

    /// I_x(a, b), the regularised incomplete beta function (Numerical Recipes §6.4).
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        let front = exp(logFront)
        // The continued fraction converges fast for x < (a + 1)/(a + b + 2); use symmetry otherwise.
        if x < (a + 1) / (a + b + 2) {
            return front * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - front * betaContinuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction of I_x(a, b) by the modified Lentz method.
    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }

    /// Q(a, x) = Γ(a, x)/Γ(a), by the series of P for x < a + 1 and the continued fraction of Q
    /// otherwise (Numerical Recipes §6.2).
    static func regularizedUpperGamma(_ a: Double, _ x: Double) -> Double {
        let logFront = -x + a * log(x) - lgamma(a)
        if x < a + 1 {
            var term = 1 / a, sum = term, ap = a
            for _ in 0..<100_000 {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return max(0, 1 - sum * exp(logFront))
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return exp(logFront) * h
    }
}
