extension OffPolicyData {
    /// Inverse propensity scoring (IPS): V̂ = (1/n)·Σᵢ wᵢrᵢ with wᵢ = π(aᵢ|xᵢ)/π₀(aᵢ|xᵢ)
    /// (Horvitz & Thompson 1952; for bandits Strehl et al. 2010, Dudík et al. 2011).
    ///
    /// Source: obp 0.5.7 `obp/ope/estimators.py`, `InverseProbabilityWeighting`
    /// (`_estimate_round_rewards`: `reward * iw`, then `.mean()`), without clipping
    /// (`lambda_ = inf`). SE and ESS as described on ``OffPolicyEstimate``.
    public func inversePropensityScoring() -> OffPolicyEstimate {
        OffPolicyEstimate(estimator: .inversePropensityScoring, roundRewards: inversePropensityRoundRewards,
                          effectiveSampleSize: effectiveSampleSize)
    }

    /// Self-normalised IPS (SNIPS): V̂ = Σᵢ wᵢrᵢ / Σᵢ wᵢ (Swaminathan & Joachims 2015, "The
    /// Self-Normalized Estimator for Counterfactual Learning", NeurIPS). Invariant to scaling
    /// every weight by the same factor; biased but consistent.
    ///
    /// Source: obp 0.5.7 `obp/ope/estimators.py`, `SelfNormalizedInverseProbabilityWeighting`,
    /// whose round rewards are `reward * iw / iw.mean()`; their mean is V̂ and their sample
    /// standard deviation over √n the SE (the normaliser is treated as fixed, as in obp).
    ///
    /// - Throws: ``OffPolicyDataError`` with code `noOverlap` when every weight is 0, i.e.
    ///   the target policy never chooses a logged action, so that V̂ would be 0/0.
    public func selfNormalizedInversePropensityScoring() throws(OffPolicyDataError) -> OffPolicyEstimate {
        OffPolicyEstimate(estimator: .selfNormalizedInversePropensityScoring,
                          roundRewards: try selfNormalizedRoundRewards(),
                          effectiveSampleSize: effectiveSampleSize)
    }

    /// wᵢrᵢ per round.
    var inversePropensityRoundRewards: [Double] {
        zip(importanceWeights, rounds).map { $0 * $1.reward }
    }

    /// wᵢrᵢ/mean(w) per round.
    func selfNormalizedRoundRewards() throws(OffPolicyDataError) -> [Double] {
        let meanWeight = importanceWeights.reduce(0, +) / Double(count)
        guard meanWeight > 0 else {
            throw OffPolicyDataError(
                code: .noOverlap,
                message: "the target policy gives probability 0 to every logged action, so no logged "
                    + "round says anything about it (SNIPS would be 0/0)")
        }
        return zip(importanceWeights, rounds).map { $0 * $1.reward / meanWeight }
    }
}
