import CXStats

/// Logged decisions that share their signature — segment, surviving candidates, fatigue price,
/// served candidate and its propensity — with the moment sums of their rewards. Off-policy
/// evaluation rescores a signature once, whatever the number of decisions behind it; the
/// grouping is done in SQL (``PostgresLearningStore/loggedDecisionGroups(_:)``) or, for a log
/// held in memory, by ``grouping(_:)``.
public struct LoggedDecisionGroup: Sendable, Hashable {
    /// The reward of satisfaction in ``rewardNames``: the answers' top-2-box share, 0 without an answer.
    public static let satisfaction = "satisfaction"

    public var segment: String
    /// The surviving candidates, in logged order, `none` first.
    public var candidates: [LoggedDecision.Candidate]
    /// The position of the served action in ``candidates``.
    public var servedIndex: Int
    public var propensity: Double
    /// κ·n of the decisions: the same for every candidate but `none`.
    public var fatigue: Double
    /// The components of ``rewards``: the outcome objectives' names, then ``satisfaction``.
    public var rewardNames: [String]
    /// n, Σy and Σyⱼyₖ of the decisions' reward vectors (absent rewards count 0).
    public var rewards: MomentSums

    public init(segment: String, candidates: [LoggedDecision.Candidate], servedIndex: Int, propensity: Double, fatigue: Double,
                rewardNames: [String], rewards: MomentSums) {
        self.segment = segment
        self.candidates = candidates
        self.servedIndex = servedIndex
        self.propensity = propensity
        self.fatigue = fatigue
        self.rewardNames = rewardNames
        self.rewards = rewards
    }

    /// The groups of `decisions` (rewards named by every reward they carry, in name order, then
    /// ``satisfaction``), in order of first appearance.
    public static func grouping(_ decisions: [LoggedDecision]) -> [LoggedDecisionGroup] {
        let names = Set(decisions.flatMap(\.rewards.keys)).subtracting([satisfaction]).sorted() + [satisfaction]
        var groups: [LoggedDecisionGroup] = []
        var positions: [Signature: Int] = [:]
        for decision in decisions {
            let observation = MomentSums(observation: names.map { name in
                name == satisfaction ? decision.satisfaction ?? 0 : decision.rewards[name] ?? 0
            })
            let signature = Signature(segment: decision.segment, candidates: decision.candidates, servedIndex: decision.servedIndex,
                                      propensity: decision.propensity, fatigue: decision.fatigue)
            if let position = positions[signature] {
                groups[position].rewards.add(observation)
            } else {
                positions[signature] = groups.count
                groups.append(LoggedDecisionGroup(segment: decision.segment, candidates: decision.candidates,
                                                  servedIndex: decision.servedIndex, propensity: decision.propensity,
                                                  fatigue: decision.fatigue, rewardNames: names, rewards: observation))
            }
        }
        return groups
    }

    /// What decisions of one group share.
    private struct Signature: Hashable {
        var segment: String
        var candidates: [LoggedDecision.Candidate]
        var servedIndex: Int
        var propensity: Double
        var fatigue: Double
    }
}
