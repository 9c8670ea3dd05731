extension OffPolicyData {
    /// The direct method (DM): V̂ = (1/n)·Σᵢ q̂(xᵢ,π) with q̂(xᵢ,π) = Σₐ π(a|xᵢ)·q̂(xᵢ,a), the
    /// reward model's prediction averaged over the target policy (Beygelzimer & Langford 2009;
    /// Dudík et al. 2011). It ignores the observed rewards, so it is only as good as q̂.
    ///
    /// Source: obp 0.5.7 `obp/ope/estimators.py`, `DirectMethod._estimate_round_rewards`
    /// (`np.average(q_hat, weights=action_dist, axis=1)`, see
    /// ``CandidateActions/expectedRewardPrediction``). The ESS is nil: no weights are used.
    ///
    /// - Throws: ``OffPolicyDataError`` with code `missingRewardModel` when a round has no
    ///   ``CandidateActions``.
    public func directMethod() throws(OffPolicyDataError) -> OffPolicyEstimate {
        OffPolicyEstimate(estimator: .directMethod, roundRewards: try directMethodRoundRewards(),
                          effectiveSampleSize: nil)
    }

    /// Doubly robust (DR): V̂ = (1/n)·Σᵢ [q̂(xᵢ,π) + wᵢ·(rᵢ − q̂(xᵢ,aᵢ))] (Dudík, Langford & Li 2011,
    /// "Doubly Robust Policy Evaluation and Learning", ICML): the direct method corrected by the
    /// importance-weighted residual of the logged action. Unbiased when the propensities are
    /// right, whatever q̂; low variance when q̂ is good.
    ///
    /// Source: obp 0.5.7 `obp/ope/estimators.py`, `DoublyRobust._estimate_round_rewards`, without
    /// clipping (`lambda_ = inf`). SE and ESS as described on ``OffPolicyEstimate``.
    ///
    /// - Throws: ``OffPolicyDataError`` with code `missingRewardModel` when a round has no
    ///   ``CandidateActions``.
    public func doublyRobust() throws(OffPolicyDataError) -> OffPolicyEstimate {
        OffPolicyEstimate(estimator: .doublyRobust, roundRewards: try doublyRobustRoundRewards(),
                          effectiveSampleSize: effectiveSampleSize)
    }

    /// q̂(xᵢ,π) per round.
    func directMethodRoundRewards() throws(OffPolicyDataError) -> [Double] {
        try allCandidates().map(\.expectedRewardPrediction)
    }

    /// q̂(xᵢ,π) + wᵢ(rᵢ − q̂(xᵢ,aᵢ)) per round.
    func doublyRobustRoundRewards() throws(OffPolicyDataError) -> [Double] {
        let candidates = try allCandidates()
        return rounds.indices.map { i in
            let model = candidates[i]
            return model.expectedRewardPrediction
                + importanceWeights[i] * (rounds[i].reward - model.loggedRewardPrediction)
        }
    }

    /// Every round's candidates, or the error naming the first round without.
    private func allCandidates() throws(OffPolicyDataError) -> [CandidateActions] {
        var all: [CandidateActions] = []
        all.reserveCapacity(count)
        for (index, round) in rounds.enumerated() {
            guard let candidates = round.candidates else {
                throw OffPolicyDataError(
                    code: .missingRewardModel, round: index,
                    message: "the direct method and doubly robust need the target distribution and reward "
                        + "predictions over the candidates of every round, and this round has none")
            }
            all.append(candidates)
        }
        return all
    }
}
