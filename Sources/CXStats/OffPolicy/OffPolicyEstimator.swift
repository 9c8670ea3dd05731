/// The off-policy estimators of CXStats, each a mean of per-round contributions as in obp's
/// `_estimate_round_rewards` (obp 0.5.7, `obp/ope/estimators.py`). With wᵢ = π(aᵢ|xᵢ)/pᵢ and
/// q̂(xᵢ,π) = Σₐ π(a|xᵢ)·q̂(xᵢ,a), the contribution of round i is:
///
/// | estimator | contribution | obp class |
/// |---|---|---|
/// | IPS | wᵢ·rᵢ | `InverseProbabilityWeighting` |
/// | SNIPS | wᵢ·rᵢ / mean(w) | `SelfNormalizedInverseProbabilityWeighting` |
/// | DM | q̂(xᵢ,π) | `DirectMethod` |
/// | DR | q̂(xᵢ,π) + wᵢ·(rᵢ − q̂(xᵢ,aᵢ)) | `DoublyRobust` |
public enum OffPolicyEstimator: String, Sendable, Hashable, Codable, CaseIterable {
    /// Inverse propensity scoring: V̂ = (1/n)·Σ wᵢrᵢ. Unbiased when the propensities are the true
    /// logging probabilities and π ≪ π₀; high variance when the policies differ.
    case inversePropensityScoring = "ips"
    /// Self-normalised IPS: V̂ = Σ wᵢrᵢ / Σ wᵢ (Swaminathan & Joachims 2015, "The Self-Normalized
    /// Estimator for Counterfactual Learning", NeurIPS). Slightly biased, far more stable.
    case selfNormalizedInversePropensityScoring = "snips"
    /// The direct method: V̂ = (1/n)·Σ q̂(xᵢ,π). Only as good as the reward model.
    case directMethod = "dm"
    /// Doubly robust: V̂ = (1/n)·Σ [q̂(xᵢ,π) + wᵢ(rᵢ − q̂(xᵢ,aᵢ))] (Dudík, Langford & Li 2011,
    /// "Doubly Robust Policy Evaluation and Learning", ICML). Consistent if either the
    /// propensities or the reward model are right.
    case doublyRobust = "dr"

    /// Whether the estimator needs ``CandidateActions`` (a reward model) on every round.
    public var needsRewardModel: Bool { self == .directMethod || self == .doublyRobust }

    /// Whether the estimator uses importance weights, so that its ESS is meaningful.
    public var usesImportanceWeights: Bool { self != .directMethod }
}
