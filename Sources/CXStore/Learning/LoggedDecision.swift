import CXCore

/// One logged decision as off-policy evaluation sees it: the unit's segment, the candidates
/// that survived the filters (in logged order, `none` first), what was served with which
/// propensity, the fatigue price of the decision, and the rewards attributed to it. The
/// evaluation reads decisions by signature (``LoggedDecisionGroup``).
public struct LoggedDecision: Sendable, Hashable {
    /// A surviving candidate.
    public struct Candidate: Sendable, Hashable {
        public var action: String
        /// nil for `none`.
        public var channel: String?

        public init(action: String, channel: String?) {
            self.action = action
            self.channel = channel
        }
    }

    public var decisionID: String
    public var segment: String
    public var candidates: [Candidate]
    /// The position of the served action in ``candidates``.
    public var servedIndex: Int
    public var propensity: Double
    /// κ·n of the decision: the same for every candidate but `none`.
    public var fatigue: Double
    /// Attributed outcome rewards by objective (absent = 0).
    public var rewards: [String: Double]
    /// The mean top-2-box code of the answers attributed to it, nil when none.
    public var satisfaction: Double?

    public init(decisionID: String, segment: String, candidates: [Candidate], servedIndex: Int, propensity: Double, fatigue: Double,
                rewards: [String: Double], satisfaction: Double?) {
        self.decisionID = decisionID
        self.segment = segment
        self.candidates = candidates
        self.servedIndex = servedIndex
        self.propensity = propensity
        self.fatigue = fatigue
        self.rewards = rewards
        self.satisfaction = satisfaction
    }
}
