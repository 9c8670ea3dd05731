/// A validated decision log for off-policy evaluation (OPE): n logged rounds, each with its
/// reward, logging propensity and the target policy's probability of the logged action (and,
/// for the direct method and doubly robust, the target distribution and reward predictions over
/// the round's candidates).
///
/// The estimators are in `OffPolicyData+ImportanceWeighting.swift` (IPS, SNIPS) and
/// `OffPolicyData+RewardModel.swift` (DM, DR); each returns an ``OffPolicyEstimate``.
/// They reproduce the Open Bandit Pipeline (obp 0.5.7, `obp/ope/estimators.py`) with no weight
/// clipping; the fixtures in `Tests/CXStatsTests/Fixtures/off-policy/` hold obp's numbers.
public struct OffPolicyData: Sendable, Hashable {
    /// The rounds, in input order.
    public let rounds: [LoggedRound]
    /// wᵢ = π(aᵢ|xᵢ)/π₀(aᵢ|xᵢ) for each round.
    public let importanceWeights: [Double]

    /// How far a probability may stray above 1 and a candidate distribution's sum from 1:
    /// 1e-8 + 1e-5, the default tolerance of `np.allclose(action_dist.sum(axis=1), 1)` in obp's
    /// `check_ope_inputs` (`obp/utils.py`). Logs that store probabilities rounded to 6 decimals
    /// pass; a distribution that is off by more is a bug upstream, not a rounding error.
    public static let probabilityTolerance = 1.001e-5

    /// Validates `rounds` and computes the importance weights.
    ///
    /// - Throws: ``OffPolicyDataError`` naming the first bad round: no rounds (`noRounds`), a
    ///   non-finite reward (`invalidReward`), a propensity outside (0, 1] (`invalidPropensity`),
    ///   a target probability outside [0, 1] (`invalidProbability`), or candidates that are
    ///   empty, of different lengths or don't contain the logged index (`invalidCandidates`),
    ///   whose probabilities don't sum to 1 (`probabilitiesDoNotSumToOne`) or whose predictions
    ///   aren't finite (`invalidRewardPrediction`).
    public init(rounds: [LoggedRound]) throws(OffPolicyDataError) {
        guard !rounds.isEmpty else {
            throw OffPolicyDataError(code: .noRounds, message: "there are no logged rounds to evaluate")
        }
        for (index, round) in rounds.enumerated() {
            try Self.validate(round, index: index)
        }
        self.rounds = rounds
        importanceWeights = rounds.map(\.importanceWeight)
    }

    /// The number of rounds n.
    public var count: Int { rounds.count }

    /// Whether every round carries candidates, as the direct method and doubly robust need.
    public var hasRewardModel: Bool { rounds.allSatisfy { $0.candidates != nil } }

    /// Kish's effective sample size (Σwᵢ)²/Σwᵢ² of the importance weights (Kish 1965, *Survey
    /// Sampling*, §11.7): n when every weight is equal (e.g. target = logging policy), near 1
    /// when one round dominates, and 0 when every weight is 0.
    public var effectiveSampleSize: Double {
        var sum = 0.0
        var sumOfSquares = 0.0
        for weight in importanceWeights {
            sum += weight
            sumOfSquares += weight * weight
        }
        return sumOfSquares > 0 ? sum * sum / sumOfSquares : 0
    }

    /// Checks one round (``init(rounds:)`` lists the rules); `index` names it in the error.
    static func validate(_ round: LoggedRound, index: Int) throws(OffPolicyDataError) {
        let upper = 1 + probabilityTolerance
        guard round.reward.isFinite else {
            throw OffPolicyDataError(code: .invalidReward, round: index,
                                     message: "reward \(round.reward) is not a finite number")
        }
        guard round.loggingPropensity > 0, round.loggingPropensity <= upper else {
            throw OffPolicyDataError(
                code: .invalidPropensity, round: index,
                message: "logging propensity \(round.loggingPropensity) is not in (0, 1]; a logged action "
                    + "must have been drawn with a positive probability, and that probability must be logged")
        }
        if let candidates = round.candidates {
            try validate(candidates, index: index)
        }
        guard round.targetProbability >= 0, round.targetProbability <= upper else {
            throw OffPolicyDataError(code: .invalidProbability, round: index,
                                     message: "target probability \(round.targetProbability) is not in [0, 1]")
        }
    }

    private static func validate(_ candidates: CandidateActions, index: Int) throws(OffPolicyDataError) {
        guard candidates.count > 0, candidates.rewardPredictions.count == candidates.count else {
            throw OffPolicyDataError(
                code: .invalidCandidates, round: index,
                message: "the candidate set has \(candidates.count) target probabilities and "
                    + "\(candidates.rewardPredictions.count) reward predictions; both must be the same, positive number")
        }
        guard candidates.targetProbabilities.indices.contains(candidates.loggedIndex) else {
            throw OffPolicyDataError(
                code: .invalidCandidates, round: index,
                message: "logged index \(candidates.loggedIndex) is outside the \(candidates.count) candidates")
        }
        let upper = 1 + probabilityTolerance
        var sum = 0.0
        for probability in candidates.targetProbabilities {
            guard probability >= 0, probability <= upper else {
                throw OffPolicyDataError(code: .invalidProbability, round: index,
                                         message: "target probability \(probability) is not in [0, 1]")
            }
            sum += probability
        }
        guard abs(sum - 1) <= probabilityTolerance else {
            throw OffPolicyDataError(
                code: .probabilitiesDoNotSumToOne, round: index,
                message: "the target probabilities over the candidates sum to \(sum), not 1")
        }
        guard candidates.rewardPredictions.allSatisfy(\.isFinite) else {
            throw OffPolicyDataError(code: .invalidRewardPrediction, round: index,
                                     message: "a reward prediction is not a finite number")
        }
    }
}
