/// What a comparison says to a product manager: the treatment won, lost, or the data cannot
/// tell; for a guardrail, whether it held.
public enum ExperimentVerdict: String, Sendable, Hashable, CaseIterable {
    /// Significant after Holm and better (higher, or lower for a lower-is-better metric).
    case win
    /// Significant after Holm and worse.
    case loss
    /// Not significant after Holm.
    case inconclusive
    /// A guardrail that is significantly worse at the unadjusted p < α: the change harms it.
    case breached = "guardrail breached"
    /// A guardrail not significantly worse.
    case held = "guardrail held"

    /// The verdict of a difference that is an `improvement` (positive when better) with
    /// Holm-adjusted p `adjustedP` at level `alpha`; nil without a p.
    init?(improvement: Double, adjustedP: Double?, alpha: Double) {
        guard let adjustedP else { return nil }
        if adjustedP >= alpha || improvement == 0 {
            self = .inconclusive
        } else {
            self = improvement > 0 ? .win : .loss
        }
    }

    /// A guardrail's verdict: breached when worse with the unadjusted two-sided `p` < `alpha`
    /// (guardrails stay outside the Holm family so that a harm is not hidden by the adjustment).
    init?(guardrailImprovement improvement: Double, p: Double?, alpha: Double) {
        guard let p else { return nil }
        self = p < alpha && improvement < 0 ? .breached : .held
    }
}
