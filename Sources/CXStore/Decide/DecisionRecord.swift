import CXCore
import Foundation

/// A logged decision as stored (`decisions`, `decision_candidate_sets`, `contact_ledger`): what was
/// served with which propensity under which policy and arm, the shadow choice of a held-out
/// unit, and every candidate with its per-objective scores and why it was filtered.
public struct DecisionRecord: Sendable, Hashable {
    /// One candidate of the decision.
    public struct Candidate: Sendable, Hashable {
        public var action: String
        public var channel: String?
        /// Per-objective uplifts ŝⱼ, in the order of the decision's ``DecisionRecord/objectives``.
        public var scores: [Double]
        /// The fatigue price κ·(recent contacts) taken off the score (0 for `none`).
        public var fatigue: Double
        /// S_θ = Σ θⱼŝⱼ − fatigue (computed for filtered candidates too).
        public var score: Double
        public var propensity: Double
        /// Why it was filtered; nil when it survived.
        public var filtered: String?

        public init(action: String, channel: String?, scores: [Double], fatigue: Double, score: Double,
                    propensity: Double, filtered: String?) {
            self.action = action
            self.channel = channel
            self.scores = scores
            self.fatigue = fatigue
            self.score = score
            self.propensity = propensity
            self.filtered = filtered
        }
    }

    public var decisionID: String
    public var unit: String
    public var decidedAt: Date
    public var experiment: String?
    public var arm: String?
    public var policyVersion: String
    public var modelVersion: String?
    public var action: String
    public var channel: String?
    public var propensity: Double
    /// Served business as usual (`none`); `shadow` then says what the policy would have done.
    public var holdout: Bool
    public var shadow: JSONValue?
    public var context: JSONValue
    /// The objectives every candidate is scored on, by name.
    public var objectives: [String]
    public var candidates: [Candidate]

    public init(decisionID: String, unit: String, decidedAt: Date, experiment: String?, arm: String?, policyVersion: String,
                modelVersion: String?, action: String, channel: String?, propensity: Double, holdout: Bool, shadow: JSONValue?,
                context: JSONValue, objectives: [String], candidates: [Candidate]) {
        self.decisionID = decisionID
        self.unit = unit
        self.decidedAt = decidedAt
        self.experiment = experiment
        self.arm = arm
        self.policyVersion = policyVersion
        self.modelVersion = modelVersion
        self.action = action
        self.channel = channel
        self.propensity = propensity
        self.holdout = holdout
        self.shadow = shadow
        self.context = context
        self.objectives = objectives
        self.candidates = candidates
    }
}

/// What the store knows of a unit when it is decided for: its contacts (from the ledger) and
/// its recent outcomes, within the lookback the engine needs.
public struct UnitHistory: Sendable, Hashable {
    public struct Contact: Sendable, Hashable {
        public var channel: String
        public var at: Date
    }

    public struct Event: Sendable, Hashable {
        public var type: String
        public var at: Date
        public var value: Double?
    }

    public var contacts: [Contact]
    public var events: [Event]

    public init(contacts: [Contact], events: [Event]) {
        self.contacts = contacts
        self.events = events
    }
}
