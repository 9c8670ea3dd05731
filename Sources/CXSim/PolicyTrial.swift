import CXCore
import CXStats
import Foundation

/// A holdout comparison of two NBX-like policies on the synthetic customers, with planted
/// true effects: `production` (today's offers), `candidate` (offers re-weighted toward the
/// customer's value) and the experiment's holdout (no action). The demo assigns customers
/// through `GET /v1/assign`, logs what each policy sent (`POST /v1/exposures`), then sends what
/// the customers did next (purchases, service contacts, a CSAT answer) and analyses the result.
public struct PolicyTrial: Sendable {
    /// What a policy truly does to a customer — the ground truth the analysis should recover.
    public struct Effect: Sendable, Hashable {
        /// Chance of a purchase after the decision, and its mean amount.
        public var purchaseChance: Double
        public var meanPurchase: Double
        /// Chance of a service contact after the decision.
        public var contactChance: Double
        /// Chance that a CSAT answer is in the top two boxes.
        public var satisfiedChance: Double

        /// The true value per customer: purchase chance × mean amount.
        public var valuePerCustomer: Double { purchaseChance * meanPurchase }
    }

    /// The experiment: production and candidate 50/50 of the covered customers, 10% held out,
    /// judged on value with contacts and CSAT as guardrails.
    public static let experiment = ExperimentDefinition(
        key: "nbx-policies", arms: [.init(name: "production", share: 50), .init(name: "candidate", share: 50)],
        holdoutPercent: 10, primaryMetric: "value", guardrails: ["contacts", "csat"])

    /// The planted effects by arm: the candidate sells more and larger without more contacts
    /// or less satisfaction; doing nothing sells least.
    public static let effects: [String: Effect] = [
        "holdout": Effect(purchaseChance: 0.30, meanPurchase: 80, contactChance: 0.25, satisfiedChance: 0.70),
        "production": Effect(purchaseChance: 0.38, meanPurchase: 80, contactChance: 0.25, satisfiedChance: 0.70),
        "candidate": Effect(purchaseChance: 0.50, meanPurchase: 90, contactChance: 0.25, satisfiedChance: 0.72),
    ]

    public var seed: UInt64

    public init(seed: UInt64 = 7) {
        self.seed = seed
    }

    /// The exposure log of the treated customers (`POST /v1/exposures`): one `sent` each.
    public func exposures(_ assignments: [(unit: String, arm: String)], at time: Date) -> [JSONValue] {
        assignments.filter { $0.arm != "holdout" }.map { unit, arm in
            .object(["event_id": .string("trial-x-\(unit)"), "experiment": .string(Self.experiment.key),
                     "unit": .string(unit), "arm": .string(arm), "kind": .string("sent"),
                     "occurred_at": .string(Timestamp.format(time)), "decision_id": .string("trial-d-\(unit)")])
        }
    }

    /// What each customer did after the decision (`POST /v1/outcomes`), drawn from its arm's effect.
    public func outcomes(_ assignments: [(unit: String, arm: String)], at time: Date) -> [JSONValue] {
        var generator = SplitMix64(seed: seed)
        return assignments.flatMap { unit, arm -> [JSONValue] in
            guard let effect = Self.effects[arm] else { return [] }
            var items: [JSONValue] = []
            if Double.random(in: 0..<1, using: &generator) < effect.purchaseChance {
                let amount = (effect.meanPurchase * -log(1 - Double.random(in: 0..<1, using: &generator)) * 100).rounded() / 100
                items.append(Self.outcome("trial-p-\(unit)", unit, "purchase", amount, time))
            }
            if Double.random(in: 0..<1, using: &generator) < effect.contactChance {
                items.append(Self.outcome("trial-c-\(unit)", unit, "contact", nil, time))
            }
            return items
        }
    }

    /// A CSAT answer (`support` survey) from 40% of the customers (`POST /v1/responses`).
    public func responses(_ assignments: [(unit: String, arm: String)], at time: Date) -> [JSONValue] {
        var generator = SplitMix64(seed: seed &+ 1)
        return assignments.compactMap { unit, arm -> JSONValue? in
            guard let effect = Self.effects[arm], Double.random(in: 0..<1, using: &generator) < 0.4 else { return nil }
            let satisfied = Double.random(in: 0..<1, using: &generator) < effect.satisfiedChance
            let sat = satisfied ? Int.random(in: 4...5, using: &generator) : Int.random(in: 1...3, using: &generator)
            return .object(["survey": .string("support"), "submission_id": .string("trial-s-\(unit)"),
                            "respondent": .string(unit), "submitted_at": .string(Timestamp.format(time)),
                            "status": .string("completed"), "answers": .object(["sat": .number(Double(sat))])])
        }
    }

    private static func outcome(_ id: String, _ unit: String, _ type: String, _ value: Double?, _ time: Date) -> JSONValue {
        var members: [String: JSONValue] = ["event_id": .string(id), "unit": .string(unit), "type": .string(type),
                                            "occurred_at": .string(Timestamp.format(time))]
        if let value { members["value"] = .number(value) }
        return .object(members)
    }
}
