import CXCore
import CXDecide
import CXSim
import CXStats
import Foundation
import Testing

/// Scoring, the softmax + ε policy over the survivors, and the draw.
@Suite("Decision engine policy")
struct DecisionEnginePolicyTests {
    /// Three candidates whose scores are exactly 0, ln 4 and ln 2, so with β = 1 the softmax is
    /// (1, 4, 2)/7 by hand, and π = 0.9·(1, 4, 2)/7 + 0.1/3.
    /// A: value ln 4 + 1, cost 0.5 (sms), fatigue 0.25·2 → S = ln 4; B: value ln 2 + 0.5 → S = ln 2.
    static func handComputed() throws -> (engine: DecisionEngine, profile: CustomerProfile) {
        (try Fixture.engine([Fixture.action("a", channels: [.sms: 0.5], value: log(4) + 1),
                             Fixture.action("b", channels: [.email: 0], value: log(2) + 0.5)],
                            policy: Fixture.policy(beta: 1, epsilon: 0.1, kappa: 0.25)),
         CustomerProfile(unit: "u", contacts: [.init(channel: .sms, daysAgo: 1), .init(channel: .email, daysAgo: 3),
                                               .init(channel: .sms, daysAgo: 10)]))
    }

    static let handPropensities = [0.9 / 7 + 0.1 / 3, 0.9 * 4 / 7 + 0.1 / 3, 0.9 * 2 / 7 + 0.1 / 3]

    @Test("A hand-computed three-candidate decision: scores, uplifts, fatigue and exact propensities")
    func handComputedExample() throws {
        let (engine, profile) = try Self.handComputed()
        let decision = try Fixture.decide(engine, profile)
        #expect(decision.candidates.map(\.action) == ["none", "a", "b"])
        #expect(decision.candidates.map(\.channel) == [nil, .sms, .email])
        for (candidate, score) in zip(decision.candidates, [0, log(4.0), log(2.0)]) { #expect(abs(candidate.score - score) <= 1e-15) }
        for (candidate, propensity) in zip(decision.candidates, Self.handPropensities) { #expect(abs(candidate.propensity - propensity) <= 1e-12) }
        #expect(decision.candidates.map(\.fatigue) == [0, 0.5, 0.5])
        #expect(decision.candidates[0].uplifts == [.value: 0, .cost: 0])
        #expect(decision.candidates[1].uplifts == [.value: log(4) + 1, .cost: 0.5])
        #expect(decision.policyVersion == "v1" && decision.modelVersion == nil)
    }

    @Test("The draw picks by cumulative propensity: none, then a, then b", arguments: [
        (0.0, "none"), (0.16, "none"), (0.17, "a"), (0.70, "a"), (0.71, "b"), (0.999_999, "b"),
    ])
    func drawPicksByCumulativePropensity(_ draw: Double, _ action: String) throws {
        let (engine, profile) = try Self.handComputed()
        let decision = try Fixture.decide(engine, profile, draw: draw)
        #expect(decision.served.action == action)
        #expect(decision.served.propensity == decision.candidate(action, decision.served.channel)?.propensity)
        #expect(!decision.isHoldout)
    }

    @Test("20,000 draws land on each candidate within 4 standard errors of its propensity")
    func samplingFrequency() throws {
        let (engine, profile) = try Self.handComputed()
        var generator = SplitMix64(seed: 20_261_103)
        let request = DecisionRequest(profile: profile)
        var counts: [String: Int] = [:]
        let draws = 20_000
        for _ in 0..<draws {
            counts[try engine.decide(request, estimates: EffectTable.priorsOnly, using: &generator).served.action, default: 0] += 1
        }
        for (action, propensity) in zip(["none", "a", "b"], Self.handPropensities) {
            let standardError = (propensity * (1 - propensity) / Double(draws)).squareRoot()
            let frequency = Double(counts[action] ?? 0) / Double(draws)
            #expect(abs(frequency - propensity) <= 4 * standardError, "\(action): \(frequency) vs π \(propensity)")
        }
    }

    @Test("β = 0 gives every survivor exactly 1/K whatever the scores")
    func zeroBetaIsUniform() throws {
        let engine = try Fixture.engine([Fixture.action("big", value: 100), Fixture.action("small", channels: [.app: 0], value: -3)],
                                        policy: Fixture.policy(beta: 0, epsilon: 0.3))
        let decision = try Fixture.decide(engine, CustomerProfile(unit: "u"))
        #expect(decision.candidates.count == 4)
        #expect(decision.candidates.allSatisfy { $0.propensity == 0.25 })
    }

    @Test("With nothing but none left, the answer is none with propensity 1")
    func noneOnly() throws {
        for engine in [try Fixture.engine([]),
                       try Fixture.engine([Fixture.action("smb", eligibility: EligibilityRules(segments: ["smb"]))])] {
            let decision = try Fixture.decide(engine, CustomerProfile(unit: "u"), draw: 0.999)
            #expect(decision.served == Decision.Choice(action: "none", channel: nil, propensity: 1))
            #expect(decision.candidates[0].propensity == 1)
            #expect(decision.candidates.dropFirst().allSatisfy { $0.propensity == 0 && !$0.survived })
        }
    }

    @Test("A holdout unit is served none; the shadow is what the policy would have done")
    func holdoutShadow() throws {
        let (engine, profile) = try Self.handComputed()
        let request = DecisionRequest(profile: profile)
        let live = try engine.decide(request, estimates: EffectTable.priorsOnly, draw: 0.5)
        let held = try engine.decide(request, estimates: EffectTable.priorsOnly, holdout: true, draw: 0.5)
        #expect(held.isHoldout)
        #expect(held.served == Decision.Choice(action: "none", channel: nil, propensity: 1))
        #expect(held.shadow == live.served)
        #expect(held.shadow?.action == "a")
        #expect(held.candidates == live.candidates)
    }

    @Test("An unknown unit is decided at cold start in segment default, with that segment's estimates")
    func coldStart() throws {
        let engine = try Fixture.engine([Fixture.action("promo", channels: [.sms: 0.5], value: 1),
                                         Fixture.action("smb", eligibility: EligibilityRules(segments: ["smb"]))],
                                        policy: Fixture.policy(modelVersion: "m1"))
        let estimates = EffectTable(modelVersion: "m1", estimates: [
            .init(objective: .value, action: "promo", channel: .sms, segment: "default"): 2,
            .init(objective: .value, action: "promo", channel: .sms, segment: "smb"): 9,
            .init(objective: .cost, action: "promo", channel: .sms, segment: "default"): -0.25,
        ])
        let decision = try engine.decide(DecisionRequest(profile: CustomerProfile(unit: "never-seen")), estimates: estimates, draw: 0.5)
        #expect(decision.segment == "default" && decision.unit == "never-seen")
        #expect(decision.modelVersion == "m1")
        #expect(decision.candidate("promo", .sms)?.uplifts == [.value: 2, .cost: 0.25], "the estimate, plus the sms unit cost")
        #expect(decision.candidate("promo", .sms)?.score == 1.75)
        #expect(decision.candidate("smb", .sms)?.filter == .ineligible(.segment))
    }

    @Test("Seeded random catalogs and profiles: survivors sum to 1, keep ε/K, and a capped channel is never chosen")
    func randomCatalogs() throws {
        var random = SplitMix64(seed: 6)
        for _ in 0..<400 {
            let (engine, request) = try Self.randomCase(&random)
            let decision = try engine.decide(request, estimates: EffectTable.priorsOnly, using: &random)
            let survivors = decision.candidates.filter(\.survived)
            let floor = engine.policy.weights.exploration / Double(survivors.count)
            #expect(abs(survivors.map(\.propensity).reduce(0, +) - 1) <= 1e-12)
            #expect(survivors.allSatisfy { $0.propensity >= floor })
            #expect(decision.candidates.filter { !$0.survived }.allSatisfy { $0.propensity == 0 })
            #expect(decision.candidates[0].action == "none" && decision.candidates[0].survived)
            let usable = request.channels.isEmpty ? Set(Channel.allCases) : request.channels
            #expect(decision.candidates.compactMap(\.channel).allSatisfy { usable.contains($0) })
            let served = try #require(decision.candidate(decision.served.action, decision.served.channel))
            #expect(served.survived && served.propensity == decision.served.propensity)
            if let channel = decision.served.channel {
                for cap in engine.caps where cap.channel == channel {
                    #expect(request.profile.contactCount(on: channel, withinDays: cap.windowDays) < cap.maxContacts, "\(cap) exceeded")
                }
            }
        }
    }

    /// A random catalog, rules, caps, policy and request.
    static func randomCase(_ random: inout SplitMix64) throws -> (DecisionEngine, DecisionRequest) {
        func subset<T>(_ items: [T]) -> [T] { items.filter { _ in Bool.random(using: &random) } }
        let catalog = (0..<Int.random(in: 0...6, using: &random)).map { index in
            let channels = subset(Channel.allCases)
            return ActionDefinition(
                key: "a\(index)", kind: ActionKind.allCases.randomElement(using: &random)!,
                channelCosts: Dictionary(uniqueKeysWithValues: (channels.isEmpty ? [.sms] : channels).map { ($0, Double.random(in: 0..<1, using: &random)) }),
                eligibility: EligibilityRules(segments: subset(["s0", "s1"]),
                                              minDaysSinceContact: Bool.random(using: &random) ? Double.random(in: 0...10, using: &random) : nil),
                priors: [.value: Double.random(in: -5...5, using: &random), .satisfaction: Double.random(in: -0.1...0.1, using: &random)])
        }
        let suppressions = subset([SuppressionRule(name: "complaint", kinds: subset(ActionKind.allCases), afterEvent: "complaint", withinDays: 14)])
        let caps = subset(Channel.allCases).map {
            ContactCap(channel: $0, maxContacts: Int.random(in: 0...3, using: &random), windowDays: Double.random(in: 1...14, using: &random))
        }
        let policy = Fixture.policy(
            theta: [.value: Double.random(in: -2...2, using: &random), .cost: Double.random(in: -2...0, using: &random),
                    .satisfaction: Double.random(in: 0...50, using: &random)],
            beta: Double.random(in: 0...10, using: &random), epsilon: Double.random(in: 0..<0.99, using: &random),
            kappa: Double.random(in: 0..<1, using: &random))
        let profile = CustomerProfile(
            unit: "u", segment: ["s0", "s1", "default"].randomElement(using: &random)!,
            contacts: (0..<Int.random(in: 0...6, using: &random)).map { _ in
                .init(channel: Channel.allCases.randomElement(using: &random)!, daysAgo: Double.random(in: 0...20, using: &random))
            },
            events: subset([CustomerProfile.Event(type: "complaint", daysAgo: Double.random(in: 0...30, using: &random))]))
        let engine = try DecisionEngine(catalog: catalog, suppressions: suppressions, caps: caps, policy: policy)
        return (engine, DecisionRequest(profile: profile, channels: Set(subset(Channel.allCases))))
    }
}
