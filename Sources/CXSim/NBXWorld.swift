import CXCore
import Foundation

/// The simulator's customers with hidden true effects of every action on every objective
/// (issue 6): three segments, a catalog of five actions on two channels each, survey
/// non-response that depends on the action, and a planted harm — `flash-sale` sells the most
/// but destroys satisfaction, so a revenue-only policy is poor.
///
/// The business value of a contact is λ·Δ = Δvalue − Δcost − channel cost − 4·Δeffort +
/// 30·Δsatisfaction (``lambda``), so for every segment the best action is computable; the
/// optimal policy for λ scores with θ = λ on the true effects (``LearningSimulation``).
public struct NBXWorld: Sendable {
    /// A segment's share of customers and its outcomes when nothing is done.
    public struct Segment: Sendable, Hashable {
        public var name: String
        public var share: Double
        public var value: Double
        public var cost: Double
        public var effort: Double
        public var satisfied: Double
        public var responseRate: Double
    }

    /// The true uplift of one action on one channel in one segment.
    public struct Effect: Sendable, Hashable {
        public var value = 0.0
        public var cost = 0.0
        public var effort = 0.0
        public var satisfied = 0.0
        /// Added to the segment's survey response rate.
        public var response = 0.0

        func scaled(_ factor: Double) -> Effect {
            Effect(value: value * factor, cost: cost * factor, effort: effort * factor, satisfied: satisfied * factor, response: response)
        }
    }

    /// λ: the business value of one unit of each objective.
    public static let lambda: [Objective: Double] = [.value: 1, .cost: -1, .effort: -4, .satisfaction: 30]

    public static let segments = [
        Segment(name: "bargain", share: 0.35, value: 30, cost: 2, effort: 0.3, satisfied: 0.65, responseRate: 0.55),
        Segment(name: "loyal", share: 0.40, value: 50, cost: 1.5, effort: 0.2, satisfied: 0.80, responseRate: 0.65),
        Segment(name: "struggling", share: 0.25, value: 20, cost: 5, effort: 1.0, satisfied: 0.45, responseRate: 0.60),
    ]

    /// The catalog, with rough value priors (what a marketer would guess before any data).
    public static let catalog: [ActionDefinition] = [
        ActionDefinition(key: "flash-sale", kind: .offer, channelCosts: [.sms: 0.05, .app: 0.02], priors: [.value: 10]),
        ActionDefinition(key: "loyalty-bonus", kind: .retention, channelCosts: [.email: 0.01, .app: 0.02], priors: [.value: 5]),
        ActionDefinition(key: "care-call", kind: .service, channelCosts: [.call: 4, .sms: 0.05], priors: [.value: 3]),
        ActionDefinition(key: "how-to", kind: .education, channelCosts: [.email: 0.01, .app: 0.02]),
        ActionDefinition(key: "upgrade", kind: .offer, channelCosts: [.email: 0.01, .call: 4], priors: [.value: 6]),
    ]

    /// Each action's effect on its best channel, per segment.
    static let baseEffects: [String: [String: Effect]] = [
        "flash-sale": ["bargain": Effect(value: 14, effort: 0.1, satisfied: -0.45, response: -0.05),
                       "loyal": Effect(value: 15, effort: 0.1, satisfied: -0.35, response: -0.05),
                       "struggling": Effect(value: 7, effort: 0.1, satisfied: -0.40, response: -0.05)],
        "loyalty-bonus": ["bargain": Effect(value: 3, satisfied: 0.05), "loyal": Effect(value: 9, satisfied: 0.10),
                          "struggling": Effect(value: 1)],
        "care-call": ["bargain": Effect(satisfied: 0.05, response: 0.1), "loyal": Effect(value: 2, effort: -0.05, satisfied: 0.05, response: 0.1),
                      "struggling": Effect(value: 6, cost: -3, effort: -0.5, satisfied: 0.30, response: 0.1)],
        "how-to": ["bargain": Effect(cost: -0.5, effort: -0.1, satisfied: 0.02), "loyal": Effect(cost: -0.2, effort: -0.05),
                   "struggling": Effect(cost: -1.5, effort: -0.3, satisfied: 0.05)],
        "upgrade": ["bargain": Effect(value: 2, satisfied: -0.05), "loyal": Effect(value: 12, satisfied: 0.02),
                    "struggling": Effect(value: -2, satisfied: -0.10)],
    ]

    /// How much of an action's effect each channel carries.
    static let channelStrength: [Channel: Double] = [.call: 1.0, .app: 1.0, .email: 0.9, .sms: 0.5]

    public init() {}

    /// The true uplift of `action` on `channel` for a customer of `segment` (zero for `none`).
    public static func effect(_ action: String, _ channel: Channel?, segment: String) -> Effect {
        guard let channel, let base = baseEffects[action]?[segment] else { return Effect() }
        return base.scaled(channelStrength[channel] ?? 1)
    }

    /// λ·Δ of a contact, including its channel cost.
    public static func value(_ action: String, _ channel: Channel?, segment: String) -> Double {
        guard let channel else { return 0 }
        let effect = effect(action, channel, segment: segment)
        let channelCost = catalog.first { $0.key == action }?.channelCosts[channel] ?? 0
        return effect.value * lambda[.value]! + (effect.cost + channelCost) * lambda[.cost]! + effect.effort * lambda[.effort]!
            + effect.satisfied * lambda[.satisfaction]!
    }

    /// The true uplifts as effect estimates, so the optimal policy can be scored exactly.

    /// The greedy oracle: every customer gets the contact with the highest λ·Δ (or nothing).
    public static var oracleValue: Double {
        segments.reduce(0) { total, segment in
            let best = catalog.flatMap { action in action.channels.map { value(action.key, $0, segment: segment.name) } }.max() ?? 0
            return total + segment.share * max(0, best)
        }
    }

    /// Draws a segment by its share.
    public static func segment(using generator: inout some RandomNumberGenerator) -> Segment {
        var draw = Double.random(in: 0..<1, using: &generator)
        for segment in segments {
            draw -= segment.share
            if draw < 0 { return segment }
        }
        return segments[segments.count - 1]
    }

    /// What a customer does after being served `action` on `channel`: the outcome events and,
    /// when the customer answers, a CSAT answer on a 1–5 scale.
    public static func respond(segment: Segment, action: String, channel: Channel?,
                               using generator: inout some RandomNumberGenerator) -> (outcomes: [(type: String, value: Double?)], csat: Int?) {
        let effect = effect(action, channel, segment: segment.name)
        var outcomes: [(type: String, value: Double?)] = []
        let value = segment.value + effect.value
        if value > 0, Double.random(in: 0..<1, using: &generator) < 0.9 {
            outcomes.append(("purchase", (value / 0.9 * Double.random(in: 0.75..<1.25, using: &generator) * 100).rounded() / 100))
        }
        let cost = segment.cost + effect.cost
        if cost > 0, Double.random(in: 0..<1, using: &generator) < 0.5 {
            outcomes.append(("cost", (cost / 0.5 * Double.random(in: 0.5..<1.5, using: &generator) * 100).rounded() / 100))
        }
        for _ in 0..<poisson(mean: max(0, segment.effort + effect.effort), using: &generator) { outcomes.append(("contact", nil)) }
        guard Double.random(in: 0..<1, using: &generator) < min(1, max(0, segment.responseRate + effect.response)) else { return (outcomes, nil) }
        let satisfied = Double.random(in: 0..<1, using: &generator) < min(1, max(0, segment.satisfied + effect.satisfied))
        return (outcomes, satisfied ? Int.random(in: 4...5, using: &generator) : Int.random(in: 1...3, using: &generator))
    }

    /// A Poisson draw by Knuth's multiplication method (small means only).
    static func poisson(mean: Double, using generator: inout some RandomNumberGenerator) -> Int {
        let limit = exp(-mean)
        var product = Double.random(in: 0..<1, using: &generator)
        var count = 0
        while product > limit {
            product *= Double.random(in: 0..<1, using: &generator)
            count += 1
        }
        return count
    }
}
