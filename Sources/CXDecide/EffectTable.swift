import CXCore

/// Effect estimates as a lookup table, e.g. loaded from the effect model's stored rows; the
/// empty ``priorsOnly`` table makes the engine score with the catalog's priors (cold start).
public struct EffectTable: EffectEstimates, Hashable {
    /// Where one estimate applies.
    public struct Key: Sendable, Hashable {
        public var objective: Objective
        public var action: String
        public var channel: Channel
        public var segment: String

        public init(objective: Objective, action: String, channel: Channel, segment: String) {
            self.objective = objective
            self.action = action
            self.channel = channel
            self.segment = segment
        }
    }

    /// No model: every uplift is the action's prior.
    public static let priorsOnly = EffectTable(modelVersion: nil, estimates: [:])

    public let modelVersion: String?
    public var estimates: [Key: Double]

    public init(modelVersion: String?, estimates: [Key: Double]) {
        self.modelVersion = modelVersion
        self.estimates = estimates
    }

    public func uplift(of objective: Objective, action: String, channel: Channel, segment: String) -> Double? {
        estimates[Key(objective: objective, action: action, channel: channel, segment: segment)]
    }
}
