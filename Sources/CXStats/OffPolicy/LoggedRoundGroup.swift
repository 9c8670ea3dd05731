/// Logged rounds that share everything but their reward — the candidates with the target
/// distribution and the reward predictions, the logged action and its logging propensity —
/// summarised by their rewards' ``SufficientStatistics``.
///
/// A decision log grouped by its signature (segment, surviving candidates, served action,
/// propensity) is a few thousand groups however many decisions it holds, so evaluating a
/// target policy costs one pass over the groups (``GroupedOffPolicyData``). Expanded back into
/// rounds, the groups give ``OffPolicyData`` exactly the same estimates.
public struct LoggedRoundGroup: Sendable, Hashable {
    /// n, Σr and Σr² of the group's rewards.
    public let rewards: SufficientStatistics
    /// π₀(a|x), the same for every round of the group.
    public let loggingPropensity: Double
    /// π(·|x), q̂(x,·) and a, the same for every round of the group.
    public let candidates: CandidateActions

    /// A group; ``GroupedOffPolicyData`` validates it.
    public init(rewards: SufficientStatistics, loggingPropensity: Double, candidates: CandidateActions) {
        self.rewards = rewards
        self.loggingPropensity = loggingPropensity
        self.candidates = candidates
    }

    /// w = π(a|x)/π₀(a|x) of every round of the group.
    public var importanceWeight: Double { candidates.loggedTargetProbability / loggingPropensity }

    /// Doubly robust's contribution q̂(x,π) + w·(r − q̂(x,a)) of each round, as α + β·r
    /// (``OffPolicyData/doublyRobust()`` for the estimator and its source).
    public var doublyRobust: RoundContributions {
        let weight = importanceWeight
        return RoundContributions(intercept: candidates.expectedRewardPrediction - weight * candidates.loggedRewardPrediction,
                                  slope: weight)
    }
}
