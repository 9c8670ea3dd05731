/// One lift of a treatment over its baseline on one scale (absolute or relative), with the
/// normal-theory uncertainty GrowthBook's frequentist engine attaches to it: a standard error
/// and the Welch–Satterthwaite degrees of freedom of the two arms.
///
/// The test and interval are gbstats 0.8.0 `frequentist/tests.py`, `TwoSidedTTest`:
/// t = estimate/SE (`TTest.critical_value` with test value 0), p = 2·P(T_ν > |t|)
/// (`.p_value`), CI = estimate ± t_{ν, 1−α/2}·SE (`.confidence_interval`).
public struct Lift: Sendable, Hashable {
    /// The point estimate (treatment − baseline, or that over the baseline mean).
    public let estimate: Double
    /// √Var of the estimate.
    public let standardError: Double
    /// The Welch–Satterthwaite ν of the two arms (gbstats `TTest.dof`).
    public let degreesOfFreedom: Double

    /// A lift from its parts; the standard error and ν must be positive.
    public init(estimate: Double, standardError: Double, degreesOfFreedom: Double) {
        precondition(standardError > 0 && degreesOfFreedom > 0, "a lift needs a positive standard error and df")
        self.estimate = estimate
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// Var = SE².
    public var variance: Double { standardError * standardError }

    /// t = estimate/SE with its two-sided p from Student's t with ν degrees of freedom.
    public var test: TestResult {
        let t = estimate / standardError
        return TestResult(statistic: t, pValue: reference.twoSidedPValue(t), degreesOfFreedom: degreesOfFreedom)
    }

    /// estimate ± t_{ν, 1−α/2}·SE with α = 1 − confidence.
    public func interval(confidence: Double = 0.95) -> Interval {
        Interval(estimate: estimate, margin: reference.twoSidedCriticalValue(confidence: confidence) * standardError)
    }

    /// Student's t with ν degrees of freedom.
    private var reference: StudentT { StudentT(degreesOfFreedom: degreesOfFreedom) }
}
