import Foundation

extension SpecialFunctions {
    /// Regularized incomplete beta I_x(a, b) = B(x; a, b)/B(a, b) for a, b > 0, 0 ≤ x ≤ 1.
    ///
    /// Continued fraction of Abramowitz & Stegun 26.5.8 evaluated by the modified Lentz method,
    /// applied to I_x(a, b) when x < (a+1)/(a+b+2) and to 1 − I_{1−x}(b, a) otherwise
    /// (Numerical Recipes 3rd ed. §6.4, `betai`/`betacf`). About 1e-15 relative on the side that
    /// is computed directly. NaN for invalid arguments.
    public static func regularizedBeta(_ x: Double, a: Double, b: Double) -> Double {
        incompleteBeta(x, 1 - x, a: a, b: b).lower
    }

    /// 1 − I_x(a, b) = I_{1−x}(b, a), computed without cancellation when I_x(a, b) is close to 1
    /// (same method and source as ``regularizedBeta(_:a:b:)``).
    public static func regularizedBetaComplement(_ x: Double, a: Double, b: Double) -> Double {
        incompleteBeta(x, 1 - x, a: a, b: b).upper
    }

    /// I_x(a, b) and its complement, given x and y = 1 − x separately so that callers who know y
    /// more precisely than 1 − x (the t distribution) lose nothing.
    static func incompleteBeta(_ x: Double, _ y: Double, a: Double, b: Double) -> (lower: Double, upper: Double) {
        guard a > 0, b > 0, x >= 0, y >= 0, x <= 1, y <= 1 else { return (.nan, .nan) }
        if x == 0 { return (0, 1) }
        if y == 0 { return (1, 0) }
        let logPrefactor = a * log(x) + b * log(y) + logGamma(a + b) - logGamma(a) - logGamma(b)
        if x < (a + 1) / (a + b + 2) {
            let lower = exp(logPrefactor) * betaContinuedFraction(x, a: a, b: b) / a
            return (lower, 1 - lower)
        }
        let upper = exp(logPrefactor) * betaContinuedFraction(y, a: b, b: a) / b
        return (1 - upper, upper)
    }

    /// The continued fraction 1/(1+ d₁/(1+ d₂/(1+ …))) of A&S 26.5.8 with
    /// d₂ₘ₊₁ = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)), d₂ₘ = m(b−m)x / ((a+2m−1)(a+2m)),
    /// by modified Lentz (NR3 §6.4 `betacf`).
    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var fraction = d
        var m = 1.0
        while m < 50_000 {
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            fraction *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            fraction *= delta
            if abs(delta - 1) <= epsilon { break }
            m += 1
        }
        return fraction
    }
}
