import CXCore
import Foundation
import Testing

/// Suppression rules, contact caps and policy weights: the data that steers the NBX engine.
@Suite("Suppression rules, contact caps and policy weights parse and validate")
struct PolicyRulesParsingTests {
    static func json(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    static func fields<T>(_ result: Result<T, ValidationFailure>) -> [String] {
        if case .failure(let failure) = result { return failure.issues.map(\.field) }
        return []
    }

    @Test("The issue's suppression examples parse")
    func suppressionExamples() throws {
        let complaint = try SuppressionRule.parse(try Self.json(
            #"{"name":"no-promo-after-complaint","kinds":["offer"],"after_event":"complaint","within_days":14}"#)).get()
        #expect(complaint == SuppressionRule(name: "no-promo-after-complaint", kinds: [.offer], afterEvent: "complaint", withinDays: 14))
        let wait = try SuppressionRule.parse(try Self.json(
            #"{"name":"calm-after-wait","after_event":"service_wait","min_value":20,"within_days":2,"channels":["call","sms"]}"#)).get()
        #expect(wait == SuppressionRule(name: "calm-after-wait", channels: [.call, .sms], afterEvent: "service_wait", withinDays: 2, minValue: 20))
        #expect(wait.covers(kind: .service, channel: .sms))
        #expect(!wait.covers(kind: .service, channel: .email))
        #expect(complaint.covers(kind: .offer, channel: .web))
        #expect(!complaint.covers(kind: .service, channel: .web))
    }

    @Test("Suppression problems name their fields", arguments: [
        (#"{"after_event":"complaint","within_days":14}"#, ["name"]),
        (#"{"name":"r","within_days":14}"#, ["after_event"]),
        (#"{"name":"r","after_event":"complaint"}"#, ["within_days"]),
        (#"{"name":"r","after_event":"complaint","within_days":0}"#, ["within_days"]),
        (#"{"name":"r","after_event":"complaint","within_days":-3}"#, ["within_days"]),
        (#"{"name":"r","after_event":"Complaint!","within_days":1}"#, ["after_event"]),
        (#"{"name":"r","after_event":"complaint","within_days":1,"kinds":["promo"]}"#, ["kinds[0]"]),
        (#"{"name":"r","after_event":"complaint","within_days":1,"kinds":["offer","offer"]}"#, ["kinds[1]"]),
        (#"{"name":"r","after_event":"complaint","within_days":1,"channels":["sms","fax"]}"#, ["channels[1]"]),
        (#"{"name":"r","after_event":"complaint","within_days":1,"min_value":"high"}"#, ["min_value"]),
        (#"{"name":"r","after_event":"complaint","within_days":1,"days":3}"#, ["days"]),
    ])
    func suppressionInvalid(_ body: String, _ fields: [String]) throws {
        #expect(Self.fields(SuppressionRule.parse(try Self.json(body))) == fields)
    }

    @Test("A cap parses; its problems name their fields")
    func caps() throws {
        let cap = try ContactCap.parse(try Self.json(#"{"channel":"sms","max":2,"window_days":7}"#)).get()
        #expect(cap == ContactCap(channel: .sms, maxContacts: 2, windowDays: 7))
        #expect(cap.description == "sms:2/7d")
        #expect(ContactCap(channel: .email, maxContacts: 0, windowDays: 1.5).description == "email:0/1.5d")
        #expect(Self.fields(ContactCap.parse(try Self.json(#"{"channel":"fax","max":2,"window_days":7}"#))) == ["channel"])
        #expect(Self.fields(ContactCap.parse(try Self.json(#"{"channel":"sms","max":1.5,"window_days":7}"#))) == ["max"])
        #expect(Self.fields(ContactCap.parse(try Self.json(#"{"channel":"sms","max":-1,"window_days":7}"#))) == ["max"])
        #expect(Self.fields(ContactCap.parse(try Self.json(#"{"channel":"sms","max":1,"window_days":0}"#))) == ["window_days"])
        #expect(Self.fields(ContactCap.parse(try Self.json(#"{"max":1}"#))) == ["channel", "window_days"])
    }

    @Test("Weights parse with defaults for λ, κ and the fatigue window")
    func weights() throws {
        let weights = try PolicyWeights.parse(try Self.json(#"{"theta":{"value":1,"cost":-1,"satisfaction":40},"beta":2,"epsilon":0.05}"#)).get()
        #expect(weights == PolicyWeights(theta: [.value: 1, .cost: -1, .satisfaction: 40], inverseTemperature: 2, exploration: 0.05))
        #expect(weights.fatiguePrice == 0)
        #expect(weights.fatigueWindowDays == 7)
        let full = try PolicyWeights.parse(try Self.json(#"""
            {"theta":{"value":1,"social":0.5},"lambda":{"value":1,"effort":-2},"beta":0,"epsilon":0,"kappa":0.3,"fatigue_window_days":14}
            """#)).get()
        #expect(full.objectives == [.effort, Objective("social"), .value])
        #expect(full.fatiguePrice == 0.3 && full.fatigueWindowDays == 14)
    }

    @Test("Weight problems name their fields", arguments: [
        (#"{"beta":1,"epsilon":0.1}"#, ["theta"]),
        (#"{"theta":{},"beta":1,"epsilon":0.1}"#, ["theta"]),
        (#"{"theta":{"value":1},"epsilon":0.1}"#, ["beta"]),
        (#"{"theta":{"value":1},"beta":-1,"epsilon":0.1}"#, ["beta"]),
        (#"{"theta":{"value":1},"beta":1,"epsilon":1}"#, ["epsilon"]),
        (#"{"theta":{"value":1},"beta":1,"epsilon":-0.1}"#, ["epsilon"]),
        (#"{"theta":{"value":1},"beta":1,"epsilon":0.1,"kappa":-0.5}"#, ["kappa"]),
        (#"{"theta":{"value":1},"beta":1,"epsilon":0.1,"fatigue_window_days":0}"#, ["fatigue_window_days"]),
        (#"{"theta":{"value":"1"},"beta":1,"epsilon":0.1,"lambda":{"a b":1}}"#, ["theta.value", "lambda.a b"]),
        (#"{"theta":{"value":1},"beta":1,"epsilon":0.1,"gamma":1}"#, ["gamma"]),
    ])
    func weightsInvalid(_ body: String, _ fields: [String]) throws {
        #expect(Self.fields(PolicyWeights.parse(try Self.json(body))) == fields)
    }

    @Test("Non-finite weights built in code are refused, each by name")
    func nonFiniteWeights() {
        let weights = PolicyWeights(theta: [.value: .nan], lambda: [.cost: -.infinity], inverseTemperature: .infinity, exploration: .nan,
                                    fatiguePrice: .infinity, fatigueWindowDays: .infinity)
        #expect(weights.issues.map(\.field) == ["theta.value", "lambda.cost", "beta", "epsilon", "kappa", "fatigue_window_days"])
    }

    @Test("A policy version nests the weights' fields under weights.")
    func policyVersion() throws {
        let policy = try PolicyVersion.parse(try Self.json(#"""
            {"version":"v3","model_version":"effects-2026-11","weights":{"theta":{"value":1},"beta":1,"epsilon":0.1}}
            """#)).get()
        #expect(policy == PolicyVersion(version: "v3", modelVersion: "effects-2026-11",
                                        weights: PolicyWeights(theta: [.value: 1], inverseTemperature: 1, exploration: 0.1)))
        #expect(Self.fields(PolicyVersion.parse(try Self.json(#"{"version":"v 3","weights":{"theta":{"value":1},"beta":1,"epsilon":1}}"#)))
                == ["weights.epsilon", "version"])
        #expect(Self.fields(PolicyVersion.parse(try Self.json(#"{"version":"v3","weights":[]}"#))) == ["weights"])
        #expect(Self.fields(PolicyVersion.parse(try Self.json(#"{"version":"v3"}"#))) == ["weights"])
    }
}
