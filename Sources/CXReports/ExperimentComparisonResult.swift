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
    /// The metric is a guardrail: judged held or breached at the unadjusted p, outside Holm.
    public var isGuardrail: Bool
    /// Whether an increase of the metric is good news.
    public var higherIsBetter: Bool

    /// `adjustedP` < α.
    public var isSignificant: Bool {
        adjustedP.map { $0 < ExperimentAnalysis.alpha } ?? false
    }

    /// Win, loss or inconclusive — or for a guardrail held or breached; nil when the absolute
    /// lift is unavailable.
    public var verdict: ExperimentVerdict? {
        guard let difference = lifts.absolute.estimate else { return nil }
        let improvement = higherIsBetter ? difference : -difference
        return isGuardrail
            ? ExperimentVerdict(guardrailImprovement: improvement, p: lifts.pValue, alpha: ExperimentAnalysis.alpha)
            : ExperimentVerdict(improvement: improvement, adjustedP: adjustedP, alpha: ExperimentAnalysis.alpha)
    }
}
