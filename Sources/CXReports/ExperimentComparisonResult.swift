/// One treatment arm against the baseline on one metric, as reported (DESIGN.md §8's
/// `comparisons`): the fixed-horizon lifts, Holm across the command's comparisons, and the
/// CUPED and sequential reads when asked for.
public struct ExperimentComparisonResult: Sendable, Hashable {
    /// The treatment arm.
    public var arm: String
    /// The baseline arm.
    public var baseline: String
    /// The fixed-horizon lifts of the raw means; these stay unadjusted whatever else is asked.
    public var lifts: ExperimentLifts
    /// Holm-adjusted `lifts.pValue` across the family; nil when there is no p.
    public var adjustedP: Double?
    /// The CUPED read; nil unless asked for and the data has pre-period values.
    public var cuped: ExperimentLifts?
    /// The sequential read (confidence sequences); nil unless asked for.
    public var sequential: ExperimentLifts?
    /// P(relative lift > 0) under a flat prior (GrowthBook's Bayesian default); nil when the
    /// relative lift is unavailable.
    public var chanceToWin: Double?

    /// `adjustedP` < α.
    public var isSignificant: Bool {
        adjustedP.map { $0 < ExperimentAnalysis.alpha } ?? false
    }

    /// Win, loss or inconclusive; nil when the absolute lift is unavailable.
    public var verdict: ExperimentVerdict? {
        ExperimentVerdict(difference: lifts.absolute.estimate, adjustedP: adjustedP, alpha: ExperimentAnalysis.alpha)
    }
}
