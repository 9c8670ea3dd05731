/// The contributions α + β·rᵢ of a group of rounds to an estimator whose per-round contribution
/// is affine in the observed reward: IPS (α = 0, β = w), SNIPS (α = 0, β = w/w̄), the direct
/// method (α = q̂(x,π), β = 0) and doubly robust (α = q̂(x,π) − w·q̂(x,a), β = w), and the paired
/// difference of two such contributions on the same rounds.
///
/// Their count, sum and sum of squares follow from the rewards' n, Σr and Σr² alone:
/// Σcᵢ = nα + βΣr and Σcᵢ² = nα² + 2αβΣr + β²Σr², so a decision log grouped by signature
/// (``LoggedRoundGroup``) gives every estimate without revisiting a single decision.
public struct RoundContributions: Sendable, Hashable {
    /// α, the part of each contribution that does not depend on the reward.
    public var intercept: Double
    /// β, the factor of the reward.
    public var slope: Double

    public init(intercept: Double, slope: Double) {
        self.intercept = intercept
        self.slope = slope
    }

    /// n, Σcᵢ and Σcᵢ² over rounds whose rewards have these statistics.
    public func statistics(over rewards: SufficientStatistics) -> SufficientStatistics {
        let n = Double(rewards.count)
        return SufficientStatistics(
            count: rewards.count, sum: n * intercept + slope * rewards.sum,
            sumOfSquares: n * intercept * intercept + 2 * intercept * slope * rewards.sum + slope * slope * rewards.sumOfSquares)
    }

    /// The contributions of the difference, round by round.
    public static func - (lhs: RoundContributions, rhs: RoundContributions) -> RoundContributions {
        RoundContributions(intercept: lhs.intercept - rhs.intercept, slope: lhs.slope - rhs.slope)
    }

    /// n, Σc and Σc² over every group: `contributions[g]` applied to `rewards[g]`.
    public static func total(_ contributions: [RoundContributions], over rewards: [SufficientStatistics]) -> SufficientStatistics {
        precondition(contributions.count == rewards.count, "one set of contributions per group")
        var total = SufficientStatistics(count: 0, sum: 0, sumOfSquares: 0)
        for (contribution, reward) in zip(contributions, rewards) {
            let part = contribution.statistics(over: reward)
            total.count += part.count
            total.sum += part.sum
            total.sumOfSquares += part.sumOfSquares
        }
        return total
    }
}
