import CXStats

/// An arm's survival (time from assignment to churn) against the baseline's: the log-rank test
/// (``LogRankTest``), with the arm's observed and expected churns.
public struct ExperimentSurvivalComparison: Sendable, Hashable {
    public var arm: String
    public var baseline: String
    /// Units of the arm and of the baseline.
    public var units: Int
    public var baselineUnits: Int
    /// Churns observed in the arm, and expected there if both arms survived alike.
    public var observed: Double
    public var expected: Double
    /// χ² on 1 df and its p; NaN when no unit churned.
    public var test: TestResult

    init(arm: String, baseline: String, lives: [SurvivalObservation], baselineLives: [SurvivalObservation]) {
        let logRank = LogRankTest(lives, baselineLives)
        self.arm = arm
        self.baseline = baseline
        units = lives.count
        baselineUnits = baselineLives.count
        observed = logRank.observed
        expected = logRank.expected
        test = logRank.test
    }
}
