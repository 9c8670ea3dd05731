/// A binomial proportion: `successes` out of `count` trials (CSAT top-2-box, % agree, …).
public struct Proportion: Sendable, Hashable, Codable {
    /// Number of successes.
    public var successes: Int
    /// Number of trials.
    public var count: Int

    /// `successes` of `count`.
    public init(successes: Int, count: Int) {
        self.successes = successes
        self.count = count
    }

    /// p̂ = successes / count; NaN when count is 0.
    public var estimate: Double {
        count > 0 ? Double(successes) / Double(count) : .nan
    }

    /// Wilson score interval (Wilson 1927, JASA 22:209–212; Agresti & Coull 1998, Am. Stat.
    /// 52:119–126): with z the two-sided normal critical value,
    /// (p̂ + z²/2n)/(1 + z²/n) ± z/(1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²).
    /// Stays within [0, 1]; the bound at p̂ = 0 (or 1) is exactly 0 (or 1), as the formula gives
    /// without rounding. NaN bounds when count is 0.
    public func wilsonInterval(confidence: Double = 0.95) -> Interval {
        let n = Double(count)
        let p = estimate
        let z = Normal.standard.twoSidedCriticalValue(confidence: confidence)
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let margin = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        let interval = Interval(estimate: centre, margin: margin).clamped(to: 0, 1)
        return Interval(lower: successes == 0 ? 0 : interval.lower, upper: successes == count ? 1 : interval.upper)
    }
}
