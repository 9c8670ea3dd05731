/// What a comparison says to a product manager: the treatment won, lost, or the data cannot
/// tell. Guardrail breaches belong to the stored-experiment analysis and are not judged here.
public enum ExperimentVerdict: String, Sendable, Hashable, CaseIterable {
    /// Significant after Holm and the treatment's mean is higher.
    case win
    /// Significant after Holm and the treatment's mean is lower.
    case loss
    /// Not significant after Holm.
    case inconclusive

    /// The verdict of an absolute `difference` with Holm-adjusted p `adjustedP` at level `alpha`;
    /// nil when either is unavailable.
    init?(difference: Double?, adjustedP: Double?, alpha: Double) {
        guard let difference, let adjustedP else { return nil }
        if adjustedP >= alpha || difference == 0 {
            self = .inconclusive
        } else {
            self = difference > 0 ? .win : .loss
        }
    }
}
