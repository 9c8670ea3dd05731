/// Welch's unequal-variance t-test of ȳ₁ − ȳ₂ from two sample summaries.
///
/// t = (ȳ₁ − ȳ₂)/√(s₁²/n₁ + s₂²/n₂) with the Welch–Satterthwaite degrees of freedom
/// ν = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1))
/// (Welch 1947, Biometrika 34:28–35; Satterthwaite 1946, Biometrics Bulletin 2:110–114), two-sided
/// p from t_ν, interval (ȳ₁ − ȳ₂) ± t_{ν, 1−α/2}·SE. Matches scipy `ttest_ind(equal_var=False)`.
public struct WelchTTest: Sendable, Hashable {
    /// The first group (e.g. treatment or this week).
    public let first: SampleSummary
    /// The second group (e.g. control or last week).
    public let second: SampleSummary

    /// Compares `first` − `second`.
    public init(_ first: SampleSummary, _ second: SampleSummary) {
        self.first = first
        self.second = second
    }

    /// ȳ₁ − ȳ₂.
    public var difference: Double { first.mean - second.mean }

    /// √(s₁²/n₁ + s₂²/n₂).
    public var standardError: Double {
        (first.variance / Double(first.count) + second.variance / Double(second.count)).squareRoot()
    }

    /// The Welch–Satterthwaite ν; NaN when both variances are 0 or a group has n < 2.
    public var degreesOfFreedom: Double {
        let v1 = first.variance / Double(first.count)
        let v2 = second.variance / Double(second.count)
        let denominator = v1 * v1 / Double(first.count - 1) + v2 * v2 / Double(second.count - 1)
        return (v1 + v2) * (v1 + v2) / denominator
    }

    /// t, its two-sided p and ν; NaN when ν is undefined.
    public var test: TestResult {
        let t = difference / standardError
        let nu = degreesOfFreedom
        guard nu > 0 else { return TestResult(statistic: t, pValue: .nan, degreesOfFreedom: nu) }
        return TestResult(statistic: t, pValue: StudentT(degreesOfFreedom: nu).twoSidedPValue(t),
                          degreesOfFreedom: nu)
    }

    /// The one-sided p of H₁: μ₁ > μ₂, P(T_ν ≥ t) — scipy `ttest_ind(equal_var=False,
    /// alternative="greater")`; NaN when ν is undefined.
    public var greaterPValue: Double {
        let nu = degreesOfFreedom
        guard nu > 0 else { return .nan }
        return StudentT(degreesOfFreedom: nu).survival(difference / standardError)
    }

    /// (ȳ₁ − ȳ₂) ± t_{ν, 1−α/2}·SE; NaN bounds when ν is undefined.
    public func interval(confidence: Double = 0.95) -> Interval {
        let nu = degreesOfFreedom
        guard nu > 0 else { return Interval(lower: .nan, upper: .nan) }
        let t = StudentT(degreesOfFreedom: nu).twoSidedCriticalValue(confidence: confidence)
        return Interval(estimate: difference, margin: t * standardError)
    }
}
