extension OffPolicyData {
    /// The estimate of `estimator`: one entry point for callers that pick estimators at run time
    /// (e.g. DR with a SNIPS cross-check, DESIGN.md §7).
    ///
    /// - Throws: what the chosen estimator throws (``OffPolicyDataError``).
    public func estimate(_ estimator: OffPolicyEstimator) throws(OffPolicyDataError) -> OffPolicyEstimate {
        switch estimator {
        case .inversePropensityScoring: inversePropensityScoring()
        case .selfNormalizedInversePropensityScoring: try selfNormalizedInversePropensityScoring()
        case .directMethod: try directMethod()
        case .doublyRobust: try doublyRobust()
        }
    }

    /// The per-round contributions whose mean is the estimate of `estimator`: obp's
    /// `_estimate_round_rewards` (see ``OffPolicyEstimator``).
    ///
    /// - Throws: what the chosen estimator throws (``OffPolicyDataError``).
    public func roundRewards(_ estimator: OffPolicyEstimator) throws(OffPolicyDataError) -> [Double] {
        switch estimator {
        case .inversePropensityScoring: inversePropensityRoundRewards
        case .selfNormalizedInversePropensityScoring: try selfNormalizedRoundRewards()
        case .directMethod: try directMethodRoundRewards()
        case .doublyRobust: try doublyRobustRoundRewards()
        }
    }
}
