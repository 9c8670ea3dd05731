/// A univariate continuous distribution with the functions cxloop's tests and intervals need.
///
/// `survival` and `inverseSurvival` exist next to `cdf` and `quantile` so that upper tails keep
/// their relative precision: `survival(x)` is computed directly, never as `1 - cdf(x)`.
public protocol ContinuousDistribution: Sendable {
    /// Density f(x).
    func pdf(_ x: Double) -> Double
    /// Distribution function F(x) = P(X ≤ x).
    func cdf(_ x: Double) -> Double
    /// Survival function S(x) = P(X > x) = 1 − F(x), computed without cancellation.
    func survival(_ x: Double) -> Double
    /// Quantile F⁻¹(p): −∞/lower bound at p = 0, +∞ at p = 1, NaN outside [0, 1].
    func quantile(_ p: Double) -> Double
    /// Inverse survival S⁻¹(q), the x with P(X > x) = q, accurate for tiny q.
    func inverseSurvival(_ q: Double) -> Double
}

extension ContinuousDistribution {
    /// The critical value c with P(X > c) = (1 − confidence)/2, e.g. 1.959964 for the standard
    /// normal at 0.95: the multiplier of a two-sided interval of a symmetric statistic.
    public func twoSidedCriticalValue(confidence: Double) -> Double {
        precondition(confidence > 0 && confidence < 1, "confidence must lie in (0, 1)")
        return inverseSurvival((1 - confidence) / 2)
    }

    /// Two-sided p-value of a statistic symmetric about 0: min(1, 2·S(|statistic|)); NaN for NaN.
    public func twoSidedPValue(_ statistic: Double) -> Double {
        statistic.isNaN ? .nan : min(1, 2 * survival(abs(statistic)))
    }
}
