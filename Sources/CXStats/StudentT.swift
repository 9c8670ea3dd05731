import Foundation

/// Student's t distribution with ν > 0 degrees of freedom (ν need not be an integer, as Welch's
/// df is not).
///
/// The tail is P(T > t) = ½·I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz & Stegun 26.7.1 with 26.5.27), with the
/// incomplete beta of ``SpecialFunctions/regularizedBeta(_:a:b:)``; ν/(ν+t²) and t²/(ν+t²) are both
/// formed directly so neither tail loses digits. Quantiles solve that equation for log t by
/// Newton's method safeguarded by bisection (Numerical Recipes 3rd ed. §9.4), from the
/// Cornish–Fisher start t ≈ z + (z³ + z)/(4ν). Above ν = 1e10 the normal is used: the two differ
/// by O(1/ν).
public struct StudentT: ContinuousDistribution, Hashable {
    /// The degrees of freedom ν.
    public let degreesOfFreedom: Double

    /// t with the given positive degrees of freedom.
    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0, "StudentT needs positive degrees of freedom")
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// f(t) = Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + t²/ν)^(−(ν+1)/2).
    public func pdf(_ t: Double) -> Double {
        exp(logPDF(t))
    }

    /// F(t): the tail ½·I for t < 0, and 1 − ½·I = ½(1 + (1 − I)) for t ≥ 0.
    public func cdf(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        if isNormalLimit { return Normal.standard.cdf(t) }
        let (tail, centre) = tails(abs(t))
        return t < 0 ? tail : centre
    }

    /// 1 − F(t) = F(−t).
    public func survival(_ t: Double) -> Double {
        cdf(-t)
    }

    /// F⁻¹(p); −∞ at 0, +∞ at 1, NaN outside [0, 1].
    public func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if isNormalLimit { return Normal.standard.quantile(p) }
        let magnitude = upperQuantile(min(p, 1 - p))
        return p < 0.5 ? -magnitude : magnitude
    }

    /// S⁻¹(q) = −F⁻¹(q) by symmetry.
    public func inverseSurvival(_ q: Double) -> Double {
        -quantile(q)
    }

    private var isNormalLimit: Bool { degreesOfFreedom > 1e10 }

    /// ln f(t).
    func logPDF(_ t: Double) -> Double {
        let nu = degreesOfFreedom
        return SpecialFunctions.logGamma((nu + 1) / 2) - SpecialFunctions.logGamma(nu / 2)
            - 0.5 * log(nu * SpecialFunctions.pi) - (nu + 1) / 2 * log1p(t * t / nu)
    }

    /// (P(T > t), P(T ≤ t)) for t ≥ 0.
    private func tails(_ t: Double) -> (upper: Double, lower: Double) {
        let r2 = t * t / degreesOfFreedom
        let x = 1 / (1 + r2)
        let y = r2 <= 1 ? r2 / (1 + r2) : 1 - x
        let (i, complement) = SpecialFunctions.incompleteBeta(x, y, a: degreesOfFreedom / 2, b: 0.5)
        return (0.5 * i, 0.5 * (1 + complement))
    }

    /// The t ≥ 0 with P(T > t) = q, for 0 ≤ q ≤ ½.
    private func upperQuantile(_ q: Double) -> Double {
        if q == 0.5 { return 0 }
        if q == 0 { return .infinity }
        let z = Normal.standard.inverseSurvival(q)
        let start = z + (z * z * z + z) / (4 * degreesOfFreedom)
        let logQ = log(q)
        let u = MonotoneRoot.decreasing(from: log(start)) { u in
            let t = exp(u)
            let logTail = log(tails(t).upper)
            return (logTail - logQ, -exp(logPDF(t) + u - logTail))
        }
        return exp(u)
    }
}
