/// The outcome of a hypothesis test: its statistic, p-value and, for t and χ² tests, the degrees
/// of freedom of the reference distribution.
public struct TestResult: Sendable, Hashable, Codable {
    /// The test statistic (z, t or χ²).
    public var statistic: Double
    /// The p-value (two-sided for z and t tests). NaN when the test is undefined, e.g. a
    /// standard error of 0.
    public var pValue: Double
    /// Degrees of freedom of the reference distribution; nil for z tests.
    public var degreesOfFreedom: Double?

    /// A result from its parts.
    public init(statistic: Double, pValue: Double, degreesOfFreedom: Double? = nil) {
        self.statistic = statistic
        self.pValue = pValue
        self.degreesOfFreedom = degreesOfFreedom
    }
}
