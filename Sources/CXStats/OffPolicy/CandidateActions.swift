/// The candidate set of one logged decision as the target policy and the reward model see it:
/// the target policy's distribution π(·|xᵢ) and the reward model's predictions q̂(xᵢ,·) over the
/// same candidates, in the same order, and which of them the logging policy chose.
///
/// Decisions may have different candidate sets (eligibility, channels), so each decision carries
/// its own arrays; nothing needs a dense n × K matrix. obp expresses such data by padding every
/// row to the largest set with probability 0, which gives the same estimates.
public struct CandidateActions: Sendable, Hashable {
    /// π(a|xᵢ) for each candidate a; validated by ``OffPolicyData`` to lie in [0, 1] and sum to 1.
    public let targetProbabilities: [Double]
    /// q̂(xᵢ, a) for each candidate a, the reward model's expected reward.
    public let rewardPredictions: [Double]
    /// The position of the logged action aᵢ in both arrays.
    public let loggedIndex: Int

    /// One decision's candidates; ``OffPolicyData`` checks that both arrays have the same,
    /// positive length and that `loggedIndex` lies within them.
    public init(targetProbabilities: [Double], rewardPredictions: [Double], loggedIndex: Int) {
        self.targetProbabilities = targetProbabilities
        self.rewardPredictions = rewardPredictions
        self.loggedIndex = loggedIndex
    }

    /// The number of candidates K of this decision.
    public var count: Int { targetProbabilities.count }

    /// π(aᵢ|xᵢ), or NaN when `loggedIndex` is out of range.
    public var loggedTargetProbability: Double {
        targetProbabilities.indices.contains(loggedIndex) ? targetProbabilities[loggedIndex] : .nan
    }

    /// q̂(xᵢ, aᵢ), or NaN when `loggedIndex` is out of range.
    public var loggedRewardPrediction: Double {
        rewardPredictions.indices.contains(loggedIndex) ? rewardPredictions[loggedIndex] : .nan
    }

    /// q̂(xᵢ, π) = Σₐ π(a|xᵢ)·q̂(xᵢ,a) / Σₐ π(a|xᵢ): the model's expected reward under the target
    /// policy. The division by Σπ (which is 1 within ``OffPolicyData/probabilityTolerance``)
    /// mirrors obp's `np.average(q_hat, weights=action_dist, axis=1)` in
    /// `DirectMethod._estimate_round_rewards`, so rounded logs give obp's numbers exactly.
    public var expectedRewardPrediction: Double {
        var weighted = 0.0
        var total = 0.0
        for (probability, prediction) in zip(targetProbabilities, rewardPredictions) {
            weighted += probability * prediction
            total += probability
        }
        return weighted / total
    }
}
