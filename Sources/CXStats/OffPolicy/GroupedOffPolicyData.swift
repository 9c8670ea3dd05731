/// A decision log for off-policy evaluation given as ``LoggedRoundGroup``s: the estimators of
/// ``OffPolicyData`` (same sources, same conventions: no clipping, SE = s/√n of the per-round
/// contributions with the n − 1 denominator) computed from each group's reward statistics
/// (``RoundContributions``), so their cost grows with the number of groups, not of rounds.
public struct GroupedOffPolicyData: Sendable, Hashable {
    /// The groups, in input order.
    public let groups: [LoggedRoundGroup]
    /// The total number of rounds n.
    public let count: Int

    /// Validates `groups` as ``OffPolicyData/init(rounds:)`` validates rounds (the error's
    /// `round` is the group's index), and that each group has at least one round with finite
    /// reward statistics.
    ///
    /// - Throws: ``OffPolicyDataError`` naming the first bad group, or `noRounds` when there
    ///   are none.
    public init(groups: [LoggedRoundGroup]) throws(OffPolicyDataError) {
        guard !groups.isEmpty else {
            throw OffPolicyDataError(code: .noRounds, message: "there are no logged rounds to evaluate")
        }
        for (index, group) in groups.enumerated() {
            guard group.rewards.count > 0, group.rewards.sumOfSquares.isFinite else {
                throw OffPolicyDataError(code: .invalidReward, round: index,
                                         message: "a group needs at least one round and finite reward sums")
            }
            try OffPolicyData.validate(LoggedRound(reward: group.rewards.sum, loggingPropensity: group.loggingPropensity,
                                                   candidates: group.candidates), index: index)
        }
        self.groups = groups
        count = groups.reduce(0) { $0 + $1.rewards.count }
    }

    /// Kish's effective sample size (Σwᵢ)²/Σwᵢ² over the rounds (``OffPolicyData/effectiveSampleSize``).
    public var effectiveSampleSize: Double {
        var sum = 0.0
        var sumOfSquares = 0.0
        for group in groups {
            let weight = group.importanceWeight
            sum += Double(group.rewards.count) * weight
            sumOfSquares += Double(group.rewards.count) * weight * weight
        }
        return sumOfSquares > 0 ? sum * sum / sumOfSquares : 0
    }

    /// The doubly robust contributions of each group (``LoggedRoundGroup/doublyRobust``).
    public var doublyRobustContributions: [RoundContributions] { groups.map(\.doublyRobust) }

    /// Doubly robust (``OffPolicyData/doublyRobust()``).
    public func doublyRobust() -> OffPolicyEstimate {
        estimate(.doublyRobust, contributions: doublyRobustContributions)
    }

    /// SNIPS (``OffPolicyData/selfNormalizedInversePropensityScoring()``): contributions wᵢrᵢ/w̄.
    ///
    /// - Throws: ``OffPolicyDataError`` with code `noOverlap` when every weight is 0.
    public func selfNormalizedInversePropensityScoring() throws(OffPolicyDataError) -> OffPolicyEstimate {
        let meanWeight = groups.reduce(0.0) { $0 + Double($1.rewards.count) * $1.importanceWeight } / Double(count)
        guard meanWeight > 0 else {
            throw OffPolicyDataError(
                code: .noOverlap,
                message: "the target policy gives probability 0 to every logged action, so no logged "
                    + "round says anything about it (SNIPS would be 0/0)")
        }
        return estimate(.selfNormalizedInversePropensityScoring,
                        contributions: groups.map { RoundContributions(intercept: 0, slope: $0.importanceWeight / meanWeight) })
    }

    /// The estimate whose per-round contributions are `contributions` (one per group): their
    /// mean and s/√n, with this log's ESS (nil for the direct method).
    public func estimate(_ estimator: OffPolicyEstimator, contributions: [RoundContributions]) -> OffPolicyEstimate {
        OffPolicyEstimate(estimator: estimator, contributions: RoundContributions.total(contributions, over: groups.map(\.rewards)),
                          effectiveSampleSize: estimator == .directMethod ? nil : effectiveSampleSize)
    }
}
