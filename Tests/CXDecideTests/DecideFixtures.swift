import CXCore
import CXDecide
import CXSim

/// Small builders of catalogs, policies and profiles for the engine's tests.
enum Fixture {
    static func policy(theta: [Objective: Double] = [.value: 1, .cost: -1], beta: Double = 1, epsilon: Double = 0.1,
                       kappa: Double = 0, modelVersion: String? = nil) -> PolicyVersion {
        PolicyVersion(version: "v1", modelVersion: modelVersion,
                      weights: PolicyWeights(theta: theta, inverseTemperature: beta, exploration: epsilon, fatiguePrice: kappa))
    }

    static func action(_ key: String, kind: ActionKind = .offer, channels: [Channel: Double] = [.sms: 0.05, .email: 0.01],
                       eligibility: EligibilityRules = EligibilityRules(), value: Double = 1) -> ActionDefinition {
        ActionDefinition(key: key, kind: kind, channelCosts: channels, eligibility: eligibility, priors: [.value: value])
    }

    static func engine(_ catalog: [ActionDefinition], suppressions: [SuppressionRule] = [], caps: [ContactCap] = [],
                       policy: PolicyVersion = policy()) throws -> DecisionEngine {
        try DecisionEngine(catalog: catalog, suppressions: suppressions, caps: caps, policy: policy)
    }

    static func decide(_ engine: DecisionEngine, _ profile: CustomerProfile, context: [String: JSONValue] = [:],
                       channels: Set<Channel> = [], draw: Double = 0.5) throws -> Decision {
        try engine.decide(DecisionRequest(profile: profile, context: context, channels: channels), estimates: EffectTable.priorsOnly,
                          draw: draw)
    }
}

extension Decision {
    /// The logged candidate for the action on the channel.
    func candidate(_ action: String, _ channel: Channel?) -> Candidate? {
        candidates.first { $0.action == action && $0.channel == channel }
    }

    /// The log's filter texts by `action/channel`, survivors as `ok`.
    var filters: [String: String] {
        Dictionary(uniqueKeysWithValues: candidates.map { ("\($0.action)/\($0.channel?.rawValue ?? "-")", $0.filter?.description ?? "ok") })
    }
}
