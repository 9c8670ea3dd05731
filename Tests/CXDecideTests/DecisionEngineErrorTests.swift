import CXCore
import CXDecide
import Testing

/// What the engine refuses, with a code and a message a caller can act on.
@Suite("Decision engine errors")
struct DecisionEngineErrorTests {
    struct PolicyCase: Sendable, CustomTestStringConvertible {
        var weights: PolicyWeights
        var message: String
        var testDescription: String { message }
    }

    @Test("Non-finite or out-of-range weights are refused when the engine is built", arguments: [
        PolicyCase(weights: PolicyWeights(theta: [.value: .nan], inverseTemperature: 1, exploration: 0.1),
                   message: "policy 'v1': weights.theta.value: must be a finite number, got nan"),
        PolicyCase(weights: PolicyWeights(theta: [.value: 1], lambda: [.cost: .infinity], inverseTemperature: 1, exploration: 0.1),
                   message: "policy 'v1': weights.lambda.cost: must be a finite number, got inf"),
        PolicyCase(weights: PolicyWeights(theta: [.value: 1], inverseTemperature: -1, exploration: 0.1),
                   message: "policy 'v1': weights.beta: must be a finite number ≥ 0, got -1.0"),
        PolicyCase(weights: PolicyWeights(theta: [.value: 1], inverseTemperature: .infinity, exploration: 0.1),
                   message: "policy 'v1': weights.beta: must be a finite number ≥ 0, got inf"),
        PolicyCase(weights: PolicyWeights(theta: [.value: 1], inverseTemperature: 1, exploration: 1),
                   message: "policy 'v1': weights.epsilon: must be at least 0 and below 1, got 1.0"),
        PolicyCase(weights: PolicyWeights(theta: [.value: 1], inverseTemperature: 1, exploration: 0.1, fatiguePrice: -0.5),
                   message: "policy 'v1': weights.kappa: must be a finite number ≥ 0, got -0.5"),
    ])
    func invalidPolicy(_ row: PolicyCase) {
        #expect(throws: DecideError(.invalidPolicy, row.message)) {
            try DecisionEngine(catalog: [], policy: PolicyVersion(version: "v1", weights: row.weights))
        }
    }

    @Test("Invalid actions, rules or caps, duplicate keys and a defined none are refused")
    func invalidConfiguration() {
        #expect(throws: DecideError(.invalidConfiguration, """
            actions[none].key: 'none' is the built-in "do nothing" action and cannot be defined; \
            actions[promo].channels.sms: must be a finite unit cost ≥ 0, got -1.0; \
            suppressions[r].within_days: must be a finite number of days > 0; \
            caps[0].max: must be an integer ≥ 0; \
            actions[promo]: defined twice
            """)) {
            try Fixture.engine([Fixture.action("none"), Fixture.action("promo"), Fixture.action("promo", channels: [.sms: -1])],
                               suppressions: [SuppressionRule(name: "r", afterEvent: "complaint", withinDays: 0)],
                               caps: [ContactCap(channel: .sms, maxContacts: -1, windowDays: 7)])
        }
        #expect(throws: DecideError(.invalidConfiguration, "suppressions[r]: defined twice")) {
            let rule = SuppressionRule(name: "r", afterEvent: "complaint", withinDays: 1)
            _ = try Fixture.engine([], suppressions: [rule, rule])
        }
    }

    @Test("Estimates of another effect model than the policy's are refused")
    func modelMismatch() throws {
        let engine = try Fixture.engine([Fixture.action("promo")], policy: Fixture.policy(modelVersion: "m2"))
        #expect(throws: DecideError(.modelMismatch, "policy 'v1' scores with effect model m2, got estimates of none (priors)")) {
            try engine.decide(DecisionRequest(profile: CustomerProfile(unit: "u")), estimates: EffectTable.priorsOnly, draw: 0.5)
        }
    }

    @Test("A non-finite estimate, or finite ones whose score overflows, are refused")
    func invalidEstimates() throws {
        let engine = try Fixture.engine([Fixture.action("promo", channels: [.sms: 0])], policy: Fixture.policy(modelVersion: "m1"))
        func decide(_ value: Double) throws -> Decision {
            let estimates = EffectTable(modelVersion: "m1", estimates: [.init(objective: .value, action: "promo", channel: .sms, segment: "default"): value])
            return try engine.decide(DecisionRequest(profile: CustomerProfile(unit: "u")), estimates: estimates, draw: 0.5)
        }
        #expect(throws: DecideError(.invalidEstimate, "ŝ_value of promo on sms in segment 'default' is nan")) { try decide(.nan) }
        let huge = try Fixture.engine([Fixture.action("promo", channels: [.sms: 0], value: 1e308)],
                                      policy: Fixture.policy(theta: [.value: 10]))
        #expect(throws: DecideError(.invalidEstimate, "the score of promo on sms overflows (inf)")) {
            try Fixture.decide(huge, CustomerProfile(unit: "u"))
        }
    }

    @Test("A draw outside [0, 1) and a profile with impossible ages are refused")
    func invalidInputs() throws {
        let engine = try Fixture.engine([Fixture.action("promo")])
        #expect(throws: DecideError(.invalidDraw, "the draw must be in [0, 1), got 1.0")) {
            try Fixture.decide(engine, CustomerProfile(unit: "u"), draw: 1)
        }
        let profile = CustomerProfile(unit: "u", segment: "", contacts: [.init(channel: .sms, daysAgo: -1)],
                                      events: [.init(type: "complaint", daysAgo: 1, value: .nan)])
        #expect(throws: DecideError(.invalidProfile, """
            profile of unit 'u': segment: must not be empty; contacts[0].days_ago: must be a finite number of days ≥ 0; \
            events[0].value: must be finite
            """)) {
            try Fixture.decide(engine, profile)
        }
    }
}
