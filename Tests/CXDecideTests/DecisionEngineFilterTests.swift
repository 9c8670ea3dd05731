import CXCore
import CXDecide
import Testing

/// Eligibility → context suppression → contact caps, and what the log says about each.
@Suite("Decision engine filters")
struct DecisionEngineFilterTests {
    @Test("Each eligibility rule filters with its own reason; the first failing rule is named")
    func eligibility() throws {
        let engine = try Fixture.engine([
            Fixture.action("smb-only", channels: [.sms: 0], eligibility: EligibilityRules(segments: ["smb"])),
            Fixture.action("active-only", channels: [.sms: 0], eligibility: EligibilityRules(lifecycle: ["active"])),
            Fixture.action("gold-only", channels: [.sms: 0], eligibility: EligibilityRules(attributes: ["plan": [.string("gold")]])),
            Fixture.action("gold-or-silver", channels: [.sms: 0],
                           eligibility: EligibilityRules(attributes: ["plan": [.string("gold"), .string("silver")]])),
            Fixture.action("on-cart", channels: [.sms: 0], eligibility: EligibilityRules(context: ["trigger": [.string("cart")]])),
            Fixture.action("rested", channels: [.sms: 0], eligibility: EligibilityRules(minDaysSinceContact: 7)),
            Fixture.action("both", channels: [.sms: 0], eligibility: EligibilityRules(segments: ["smb"], minDaysSinceContact: 7)),
        ])
        let profile = CustomerProfile(unit: "u1", segment: "enterprise", lifecycle: "churning", attributes: ["plan": .string("silver")],
                                      contacts: [.init(channel: .email, daysAgo: 3)])
        let decision = try Fixture.decide(engine, profile, context: ["trigger": .string("browse")])
        #expect(decision.filters == [
            "none/-": "ok",
            "smb-only/sms": "ineligible:segment",
            "active-only/sms": "ineligible:lifecycle",
            "gold-only/sms": "ineligible:attribute.plan",
            "gold-or-silver/sms": "ok",
            "on-cart/sms": "ineligible:context.trigger",
            "rested/sms": "ineligible:min_days_since_contact",
            "both/sms": "ineligible:segment",
        ])
        for candidate in decision.candidates where !candidate.survived { #expect(candidate.propensity == 0) }

        let eligible = CustomerProfile(unit: "u2", segment: "smb", lifecycle: "active", attributes: ["plan": .string("gold")],
                                       contacts: [.init(channel: .email, daysAgo: 7)])
        let all = try Fixture.decide(engine, eligible, context: ["trigger": .string("cart")])
        #expect(all.candidates.allSatisfy { $0.survived }, "a contact exactly 7 days ago meets min_days_since_contact 7")
    }

    @Test("A missing attribute or lifecycle fails its rule")
    func missingValues() throws {
        let engine = try Fixture.engine([
            Fixture.action("gold-only", channels: [.sms: 0], eligibility: EligibilityRules(attributes: ["plan": [.string("gold")]])),
            Fixture.action("active-only", channels: [.sms: 0], eligibility: EligibilityRules(lifecycle: ["active"])),
        ])
        let decision = try Fixture.decide(engine, CustomerProfile(unit: "u"))
        #expect(decision.filters == ["none/-": "ok", "active-only/sms": "ineligible:lifecycle", "gold-only/sms": "ineligible:attribute.plan"])
    }

    static let complaint = SuppressionRule(name: "no-promo-after-complaint", kinds: [.offer], afterEvent: "complaint", withinDays: 14)

    @Test("No offer within 14 days of a complaint (the 14th day included), other kinds unaffected", arguments: [
        (10.0, true), (14.0, true), (14.5, false), (30.0, false),
    ])
    func afterComplaint(_ daysAgo: Double, _ suppressed: Bool) throws {
        let engine = try Fixture.engine([Fixture.action("promo"), Fixture.action("fix-it", kind: .service)], suppressions: [Self.complaint])
        let profile = CustomerProfile(unit: "u", events: [.init(type: "complaint", daysAgo: daysAgo)])
        let decision = try Fixture.decide(engine, profile)
        let offer = suppressed ? "suppressed:no-promo-after-complaint" : "ok"
        #expect(decision.filters == ["none/-": "ok", "promo/sms": offer, "promo/email": offer, "fix-it/sms": "ok", "fix-it/email": "ok"])
    }

    @Test("A long service wait suppresses through min_value; a failed delivery only its channel")
    func waitAndDelivery() throws {
        let wait = SuppressionRule(name: "calm-after-wait", afterEvent: "service_wait", withinDays: 2, minValue: 20)
        let delivery = SuppressionRule(name: "sms-bounced", channels: [.sms], afterEvent: "delivery_failed", withinDays: 30)
        let engine = try Fixture.engine([Fixture.action("promo")], suppressions: [wait, delivery])
        func filters(_ events: [CustomerProfile.Event]) throws -> [String: String] {
            try Fixture.decide(engine, CustomerProfile(unit: "u", events: events)).filters
        }
        #expect(try filters([.init(type: "service_wait", daysAgo: 1, value: 25)])
                == ["none/-": "ok", "promo/sms": "suppressed:calm-after-wait", "promo/email": "suppressed:calm-after-wait"])
        #expect(try filters([.init(type: "service_wait", daysAgo: 1, value: 19.9), .init(type: "service_wait", daysAgo: 1)])
                == ["none/-": "ok", "promo/sms": "ok", "promo/email": "ok"])
        #expect(try filters([.init(type: "delivery_failed", daysAgo: 3)])
                == ["none/-": "ok", "promo/sms": "suppressed:sms-bounced", "promo/email": "ok"])
    }

    @Test("A reached cap closes its channel only; contacts outside the window do not count")
    func caps() throws {
        let engine = try Fixture.engine([Fixture.action("promo")], caps: [ContactCap(channel: .sms, maxContacts: 2, windowDays: 7)])
        let twoRecent = CustomerProfile(unit: "u", contacts: [.init(channel: .sms, daysAgo: 1), .init(channel: .sms, daysAgo: 7)])
        #expect(try Fixture.decide(engine, twoRecent).filters == ["none/-": "ok", "promo/sms": "capped:sms:2/7d", "promo/email": "ok"])
        let oneRecent = CustomerProfile(unit: "u", contacts: [.init(channel: .sms, daysAgo: 1), .init(channel: .sms, daysAgo: 7.5),
                                                              .init(channel: .email, daysAgo: 0)])
        #expect(try Fixture.decide(engine, oneRecent).filters == ["none/-": "ok", "promo/sms": "ok", "promo/email": "ok"])
    }

    @Test("The first refusing stage names the reason: eligibility, then suppression, then caps")
    func stageOrder() throws {
        let engine = try Fixture.engine(
            [Fixture.action("smb-promo", channels: [.sms: 0], eligibility: EligibilityRules(segments: ["smb"])),
             Fixture.action("promo", channels: [.sms: 0])],
            suppressions: [Self.complaint], caps: [ContactCap(channel: .sms, maxContacts: 0, windowDays: 1)])
        let profile = CustomerProfile(unit: "u", events: [.init(type: "complaint", daysAgo: 1)])
        #expect(try Fixture.decide(engine, profile).filters
                == ["none/-": "ok", "smb-promo/sms": "ineligible:segment", "promo/sms": "suppressed:no-promo-after-complaint"])
        #expect(try Fixture.decide(engine, CustomerProfile(unit: "u", segment: "smb")).filters
                == ["none/-": "ok", "smb-promo/sms": "capped:sms:0/1d", "promo/sms": "capped:sms:0/1d"])
    }

    @Test("Only the requested channels become candidates; an unknown channel name is an error")
    func requestedChannels() throws {
        let engine = try Fixture.engine([Fixture.action("promo", channels: [.sms: 0, .email: 0, .app: 0])])
        let decision = try Fixture.decide(engine, CustomerProfile(unit: "u"), channels: [.app, .web])
        #expect(decision.candidates.map(\.channel) == [nil, .app])
        let request = try DecisionRequest(profile: CustomerProfile(unit: "u"), channelNames: ["email", "sms"])
        #expect(request.channels == [.email, .sms])
        #expect(throws: DecideError(.unknownChannel, "unknown channel 'fax'; channels are sms, email, app, web, call")) {
            try DecisionRequest(profile: CustomerProfile(unit: "u"), channelNames: ["sms", "fax"])
        }
    }

    @Test("The lookback covers every window the filters and fatigue read")
    func lookback() throws {
        let engine = try Fixture.engine(
            [Fixture.action("rested", eligibility: EligibilityRules(minDaysSinceContact: 21))],
            suppressions: [Self.complaint], caps: [ContactCap(channel: .sms, maxContacts: 2, windowDays: 7)])
        #expect(engine.lookbackDays == 21)
        #expect(try Fixture.engine([]).lookbackDays == PolicyWeights.defaultFatigueWindowDays)
    }
}
