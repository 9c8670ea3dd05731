import CXCore

/// One candidate of a decision as logged (DESIGN.md §7): an (action, channel) pair or `none`,
/// its uplift on every objective the policy knows, its score and its propensity. Logging the
/// uplifts ŝⱼ and the fatigue term separately lets off-policy evaluation rescore the decision
/// under any other θ′ (S′ = Σⱼ θ′ⱼ·ŝⱼ − fatigue).
public struct Candidate: Sendable, Hashable {
    public var action: String
    /// `nil` for `none`.
    public var channel: Channel?
    /// ŝⱼ for each of the policy's objectives, the channel's unit cost included in `cost`.
    public var uplifts: ObjectiveScores
    /// κ·n, the price of the unit's recent contacts; 0 for `none`.
    public var fatigue: Double
    /// S = Σⱼ θⱼ·ŝⱼ − fatigue; computed for filtered candidates too.
    public var score: Double
    /// π of the candidate under the policy; 0 when filtered.
    public var propensity: Double
    /// Why the candidate was filtered, or `nil` when it survived into the draw.
    public var filter: FilterReason?

    public init(action: String, channel: Channel?, uplifts: ObjectiveScores, fatigue: Double, score: Double, propensity: Double,
                filter: FilterReason?) {
        self.action = action
        self.channel = channel
        self.uplifts = uplifts
        self.fatigue = fatigue
        self.score = score
        self.propensity = propensity
        self.filter = filter
    }

    /// Whether the candidate survived the filters and took part in the draw.
    public var survived: Bool { filter == nil }
}
