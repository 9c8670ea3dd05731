import CXStats

extension LiftUnavailableReason {
    /// The `reason` of the experiment analysis JSON: `too_few_units` (an arm has fewer than 2
    /// units), `zero_baseline_mean` (the baseline's mean is 0, so no relative lift) or
    /// `zero_variance` (an arm's values are all equal).
    var code: String {
        switch self {
        case .tooFewUnits: "too_few_units"
        case .zeroBaselineMean: "zero_baseline_mean"
        case .zeroVariance: "zero_variance"
        }
    }
}
