/// A treatment arm compared with its baseline arm on one metric, with GrowthBook's
/// frequentist conventions (``LiftAnalysis``) and, when both arms carry pre-period sums, CUPED
/// with one θ pooled over the pair (``CupedAdjustment``). Three or more arms give one
/// comparison per treatment, each with its own θ, as gbstats does.
///
/// The caller applies the sequential interval (``ConfidenceSequence`` with ``totalUnits``), the
/// chance to win (``Lift/chanceToWin(prior:)``, GrowthBook reports the relative one) and the Holm
/// adjustment across arms × metrics (``MultipleTesting/holm(_:)`` on the ``LiftAnalysis/pValue``s)
/// to these lifts.
public struct ExperimentComparison: Sendable, Hashable {
    /// The CUPED-adjusted comparison.
    public struct Cuped: Sendable, Hashable {
        /// The slope θ pooled over both arms (0 when gbstats falls back to unadjusted numbers).
        public let theta: Double
        /// The lifts of the adjusted means; the relative one is scaled by the unadjusted baseline mean.
        public let lift: LiftAnalysis
    }

    /// The baseline arm (`control` unless named otherwise, DESIGN §8).
    public let baseline: ExperimentArmStatistics
    /// The treatment arm.
    public let treatment: ExperimentArmStatistics
    /// The lifts of the raw means.
    public let unadjusted: LiftAnalysis
    /// The CUPED lifts, nil when the arms have no covariate sums.
    public let cuped: Cuped?

    /// Compares `treatment` with `baseline`. Both arms must have the same kinds, and either both
    /// or neither must carry covariate sums of one kind (gbstats raises on mixed statistic types).
    public init(baseline: ExperimentArmStatistics, treatment: ExperimentArmStatistics) {
        precondition(baseline.kind == treatment.kind, "arms of one metric must have the same kind")
        precondition(baseline.covariate?.kind == treatment.covariate?.kind,
                     "either both arms or neither carry covariate sums, of one kind")
        self.baseline = baseline
        self.treatment = treatment
        unadjusted = LiftAnalysis(baseline: ArmMoments(baseline), treatment: ArmMoments(treatment))
        if baseline.covariate == nil {
            cuped = nil
        } else {
            let adjustment = CupedAdjustment(baseline: baseline, treatment: treatment)
            let lift = LiftAnalysis(baseline: adjustment.adjusted(baseline), treatment: adjustment.adjusted(treatment))
            cuped = Cuped(theta: adjustment.theta, lift: lift)
        }
    }

    /// N = n_a + n_b, the units of the pair, which the sequential interval is computed for.
    public var totalUnits: Int { baseline.count + treatment.count }
}
