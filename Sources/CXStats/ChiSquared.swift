import Foundation

/// The χ² distribution with k > 0 degrees of freedom (k need not be an integer).
///
/// F(x) = P(k/2, x/2) and S(x) = Q(k/2, x/2), the regularized incomplete gamma functions of
/// ``SpecialFunctions/regularizedGammaP(_:_:)`` (Abramowitz & Stegun 26.4.19). Quantiles solve
/// ln F = ln p (or ln S = ln q in the upper half) for ln x by Newton's method safeguarded by
/// bisection (Numerical Recipes 3rd ed. §9.4), from the Wilson–Hilferty start
/// x ≈ k(1 − 2/(9k) + z√(2/(9k)))³ (Wilson & Hilferty 1931) or, when that is not positive, from the
/// small-x limit F(x) ≈ (x/2)^(k/2) / Γ(k/2 + 1).
public struct ChiSquared: ContinuousDistribution, Hashable {
    /// The degrees of freedom k.
    public let degreesOfFreedom: Double

    /// χ² with the given positive degrees of freedom.
    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0, "ChiSquared needs positive degrees of freedom")
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// f(x) = x^(k/2−1) e^(−x/2) / (2^(k/2) Γ(k/2)) for x > 0, 0 for x < 0.
    public func pdf(_ x: Double) -> Double {
        if x < 0 { return 0 }
        if x == 0 {
            if degreesOfFreedom == 2 { return 0.5 }
            return degreesOfFreedom < 2 ? .infinity : 0
        }
        return exp(logPDF(x))
    }

    /// P(k/2, x/2); 0 for x ≤ 0.
    public func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return x <= 0 ? 0 : SpecialFunctions.regularizedGammaP(degreesOfFreedom / 2, x / 2)
    }

    /// Q(k/2, x/2); 1 for x ≤ 0.
    public func survival(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return x <= 0 ? 1 : SpecialFunctions.regularizedGammaQ(degreesOfFreedom / 2, x / 2)
    }

    /// F⁻¹(p); 0 at p = 0, +∞ at p = 1, NaN outside [0, 1].
    public func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        return p <= 0.5 ? solveLower(p) : solveUpper(1 - p, startingAt: p)
    }

    /// S⁻¹(q); +∞ at q = 0, 0 at q = 1, NaN outside [0, 1].
    public func inverseSurvival(_ q: Double) -> Double {
        guard q >= 0, q <= 1 else { return .nan }
        return q <= 0.5 ? solveUpper(q, startingAt: 1 - q) : solveLower(1 - q)
    }

    /// ln f(x) for x > 0.
    private func logPDF(_ x: Double) -> Double {
        let half = degreesOfFreedom / 2
        return (half - 1) * log(x) - x / 2 - half * log(2.0) - SpecialFunctions.logGamma(half)
    }

    /// The x with F(x) = p.
    private func solveLower(_ p: Double) -> Double {
        if p == 0 { return 0 }
        let logP = log(p)
        let u = MonotoneRoot.decreasing(from: log(start(p))) { u in
            let x = exp(u)
            let logF = log(cdf(x))
            return (logP - logF, -exp(logPDF(x) + u - logF))
        }
        return exp(u)
    }

    /// The x with S(x) = q; `p` is 1 − q as the caller knows it, used only for the start.
    private func solveUpper(_ q: Double, startingAt p: Double) -> Double {
        if q == 0 { return .infinity }
        let logQ = log(q)
        let u = MonotoneRoot.decreasing(from: log(start(p))) { u in
            let x = exp(u)
            let logS = log(survival(x))
            return (logS - logQ, -exp(logPDF(x) + u - logS))
        }
        return exp(u)
    }

    /// Wilson–Hilferty, or the small-x limit where that is not positive.
    private func start(_ p: Double) -> Double {
        let k = degreesOfFreedom
        let z = Normal.standardQuantile(p)
        let c = 2 / (9 * k)
        let wilsonHilferty = k * pow(1 - c + z * c.squareRoot(), 3)
        if wilsonHilferty > 0 { return wilsonHilferty }
        return 2 * exp((log(p) + SpecialFunctions.logGamma(k / 2 + 1)) * 2 / k)
    }
}
