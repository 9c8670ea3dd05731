/// One logged decision i, as off-policy evaluation reads it from the decision log: the observed
/// reward rᵢ, the logging propensity pᵢ = π₀(aᵢ|xᵢ) the action was drawn with, and the
/// probability π(aᵢ|xᵢ) that the target policy under evaluation gives the same action.
///
/// The importance-weighting estimators (IPS, SNIPS) need only these three numbers. The direct
/// method and doubly robust also need the target policy's whole distribution and the reward
/// model's predictions over the decision's candidates (``CandidateActions``); a round built with
/// them takes π(aᵢ|xᵢ) from the candidates, so the two can't disagree.
///
/// Nothing is checked here; ``OffPolicyData/init(rounds:)`` validates every round and names the
/// first bad one.
public struct LoggedRound: Sendable, Hashable {
    /// The observed reward rᵢ.
    public let reward: Double
    /// The logging propensity pᵢ = π₀(aᵢ|xᵢ), which must be in (0, 1].
    public let loggingPropensity: Double
    /// The target policy's probability π(aᵢ|xᵢ) of the logged action, in [0, 1].
    public let targetProbability: Double
    /// π(·|xᵢ), q̂(xᵢ,·) and aᵢ over the decision's candidates, when a reward model is available.
    public let candidates: CandidateActions?

    /// A round for the importance-weighting estimators only (no reward model).
    public init(reward: Double, loggingPropensity: Double, targetProbability: Double) {
        self.reward = reward
        self.loggingPropensity = loggingPropensity
        self.targetProbability = targetProbability
        candidates = nil
    }

    /// A round for every estimator; π(aᵢ|xᵢ) is `candidates.loggedTargetProbability`.
    public init(reward: Double, loggingPropensity: Double, candidates: CandidateActions) {
        self.reward = reward
        self.loggingPropensity = loggingPropensity
        targetProbability = candidates.loggedTargetProbability
        self.candidates = candidates
    }

    /// The importance weight wᵢ = π(aᵢ|xᵢ)/π₀(aᵢ|xᵢ).
    public var importanceWeight: Double { targetProbability / loggingPropensity }
}
