import CXCore

/// The engine's answer: what to do, with which propensity, under which policy and model, and
/// the full candidate log.
///
/// For a holdout unit ``served`` is `none` with propensity 1 (the business-as-usual policy is
/// deterministic) and ``shadow`` is what the NBX policy drew, with its propensity; otherwise
/// ``shadow`` is `nil` and ``served`` is the policy's draw. The candidates' propensities are
/// always the NBX policy's.
public struct Decision: Sendable, Hashable {
    /// One chosen candidate.
    public struct Choice: Sendable, Hashable {
        public var action: String
        /// `nil` for `none`.
        public var channel: Channel?
        public var propensity: Double

        public init(action: String, channel: Channel?, propensity: Double) {
            self.action = action
            self.channel = channel
            self.propensity = propensity
        }
    }

    public var unit: String
    /// The segment the unit was scored in (`default` at cold start).
    public var segment: String
    public var served: Choice
    /// The policy's decision for a holdout unit, not served.
    public var shadow: Choice?
    /// `none` first, then the catalog by key, each action's channels in ``Channel`` order.
    public var candidates: [Candidate]
    public var policyVersion: String
    public var modelVersion: String?

    public init(unit: String, segment: String, served: Choice, shadow: Choice?, candidates: [Candidate], policyVersion: String,
                modelVersion: String?) {
        self.unit = unit
        self.segment = segment
        self.served = served
        self.shadow = shadow
        self.candidates = candidates
        self.policyVersion = policyVersion
        self.modelVersion = modelVersion
    }

    /// Whether the unit was held out (served `none`, with the policy's choice as ``shadow``).
    public var isHoldout: Bool { shadow != nil }
}
