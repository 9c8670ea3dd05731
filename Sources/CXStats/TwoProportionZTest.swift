/// Comparison of two independent proportions, p̂₁ − p̂₂.
///
/// The test uses the pooled standard error under H₀ (p₁ = p₂):
/// z = (p̂₁ − p̂₂) / √(p̄(1−p̄)(1/n₁ + 1/n₂)), p̄ = (x₁+x₂)/(n₁+n₂), two-sided p from N(0, 1)
/// (Agresti, Categorical Data Analysis 3rd ed. §2.1.3; statsmodels `proportions_ztest`). The
/// interval of the difference is the unpooled Wald interval
/// (p̂₁ − p̂₂) ± z·√(p̂₁(1−p̂₁)/n₁ + p̂₂(1−p̂₂)/n₂) (Agresti §3.1.2).
public struct TwoProportionZTest: Sendable, Hashable {
    /// The first proportion (e.g. this week).
    public let first: Proportion
    /// The second proportion (e.g. last week, or control).
    public let second: Proportion

    /// Compares `first` − `second`.
    public init(_ first: Proportion, _ second: Proportion) {
        self.first = first
        self.second = second
    }

    /// p̂₁ − p̂₂.
    public var difference: Double { first.estimate - second.estimate }

    /// √(p̄(1−p̄)(1/n₁ + 1/n₂)), the standard error under H₀.
    public var pooledStandardError: Double {
        let pooled = Double(first.successes + second.successes) / Double(first.count + second.count)
        return (pooled * (1 - pooled) * (1 / Double(first.count) + 1 / Double(second.count))).squareRoot()
    }

    /// √(p̂₁(1−p̂₁)/n₁ + p̂₂(1−p̂₂)/n₂).
    public var unpooledStandardError: Double {
        let p1 = first.estimate
        let p2 = second.estimate
        return (p1 * (1 - p1) / Double(first.count) + p2 * (1 - p2) / Double(second.count)).squareRoot()
    }

    /// z on the pooled standard error with its two-sided p. When both groups are all successes
    /// or all failures the pooled standard error is 0 and z and p are NaN.
    public var test: TestResult {
        let z = difference / pooledStandardError
        return TestResult(statistic: z, pValue: Normal.standard.twoSidedPValue(z))
    }

    /// Unpooled Wald interval of p̂₁ − p̂₂.
    public func interval(confidence: Double = 0.95) -> Interval {
        let z = Normal.standard.twoSidedCriticalValue(confidence: confidence)
        return Interval(estimate: difference, margin: z * unpooledStandardError)
    }
}
