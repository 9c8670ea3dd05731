import CXCore
import CXServer
import CXStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite("Next best experience: catalog and decide")
struct DecideTests {
    static let winback = #"{"kind":"retention","channels":{"email":0.01,"sms":0.05},"priors":{"value":4.0,"satisfaction":0.02}}"#
    static let upsell = #"{"kind":"offer","channels":{"app":0.0},"eligibility":{"segments":["smb"]},"priors":{"value":9.0}}"#

    /// Stores v1 (θ value 1, satisfaction 10, β 0.5, ε 0.1) and v2 (another θ) and makes v1
    /// production, as `cxloop weights put/apply` do.
    static func production(_ app: TestApp, tenant: String, rules: Bool = false) async throws {
        try await app.database.withRunning { database in
            let repository = PostgresDecideRepository(database: database)
            for (version, theta) in [("v1", #"{"value":1,"satisfaction":10}"#), ("v2", #"{"value":0.5,"satisfaction":40}"#)] {
                let policy = try PolicyVersion.parse(try JSONParser.parse(Array(
                    #"{"version":"\#(version)","weights":{"theta":\#(theta),"beta":0.5,"epsilon":0.1}}"#.utf8))).get()
                _ = try await repository.putPolicy(tenant: tenant, policy: policy, note: "test")
            }
            try await repository.apply(tenant: tenant, version: "v1", reason: "test", evidence: nil)
            if rules {
                try await repository.putRules(
                    tenant: tenant,
                    suppressions: [try SuppressionRule.parse(try JSONParser.parse(Array(
                        #"{"name":"no-offer-after-complaint","kinds":["offer","retention"],"after_event":"complaint","within_days":14}"#.utf8))).get()],
                    caps: [ContactCap(channel: .sms, maxContacts: 1, windowDays: 7)])
            }
        }
    }

    @Test("PUT /v1/actions stores the catalog (201, then 200), refuses bad actions naming the field")
    func catalog() async throws {
        let app = try await TestApp.make()
        let admin = try await app.key("acme", .admin)
        let reader = try await app.key("acme", .read)
        try await app.test { client in
            #expect(try await client.send(.put, "/v1/actions/winback", key: admin, body: Self.winback).status == .created)
            #expect(try await client.send(.put, "/v1/actions/winback", key: admin, body: Self.winback).status == .ok)
            let bad = try await client.send(.put, "/v1/actions/blast", key: admin, body: #"{"kind":"offer","channels":{"fax":1}}"#)
            #expect(bad.status == .unprocessableContent && bad.body.contains(#""field":"channels.fax""#), "\(bad.body)")
            let reserved = try await client.send(.put, "/v1/actions/none", key: admin, body: Self.winback)
            #expect(reserved.status == .unprocessableContent, "\(reserved.body)")
            #expect(try await client.send(.put, "/v1/actions/upsell", key: reader, body: Self.upsell).status == .forbidden)
            let list = try await client.send(.get, "/v1/actions", key: reader)
            #expect(list.status == .ok && list.body.contains(#""key":"winback""#) && !list.body.contains("blast"))
        }
    }

    @Test("POST /v1/decide: logged with every candidate, propensities sum to 1, caps hold, suppression, none-only, errors")
    func decide() async throws {
        let app = try await TestApp.make()
        let admin = try await app.key("acme", .admin)
        let decider = try await app.key("acme", .decide)
        try await app.test { client in
            _ = try await client.send(.put, "/v1/actions/winback", key: admin, body: Self.winback)
            _ = try await client.send(.put, "/v1/actions/upsell", key: admin, body: Self.upsell)
            let early = try await client.send(.post, "/v1/decide", key: decider, body: #"{"unit":"cust-1"}"#)
            #expect(early.status == .conflict && early.body.contains("no production policy"), "\(early.body)")
        }
        try await Self.production(app, tenant: "acme", rules: true)
        try await app.test { client in
            // 30 decides for one smb customer on sms + app: the sms cap (1 per 7 days) holds.
            for _ in 0..<30 {
                let answer = try await client.send(.post, "/v1/decide", key: decider,
                                                   body: #"{"unit":"cust-1","context":{"segment":"smb"},"channels":["sms","app"]}"#)
                #expect(answer.status == .ok, "\(answer.body)")
                let body = try json(answer.body)
                #expect(body["policy_version"] as? String == "v1" && (body["propensity"] as? Double ?? 0) > 0)
            }
            // A cold-start unit (no segment) is not eligible for the smb upsell.
            let cold = try json(try await client.send(.post, "/v1/decide", key: decider, body: #"{"unit":"new-9","channels":["app"]}"#).body)
            #expect(cold["action"] as? String == "none" && cold["propensity"] as? Double == 1)
            let unknown = try await client.send(.post, "/v1/decide", key: decider, body: #"{"unit":"cust-1","channels":["fax"]}"#)
            #expect(unknown.status == .unprocessableContent && unknown.body.contains(#""field":"channels""#), "\(unknown.body)")
            let wrapped = try await client.send(.post, "/v1/decide", key: decider, body: #"[{"unit":"cust-1"}]"#)
            #expect(wrapped.status == .unprocessableContent, "\(wrapped.body)")
            let noUnit = try await client.send(.post, "/v1/decide", key: decider, body: #"{"context":{}}"#)
            #expect(noUnit.status == .unprocessableContent && noUnit.body.contains(#""field":"unit""#))
            let experiment = try await client.send(.post, "/v1/decide", key: decider, body: #"{"unit":"cust-1","experiment":"nope"}"#)
            #expect(experiment.status == .unprocessableContent && experiment.body.contains(#""field":"experiment""#))
        }
        // Every decision: propensities of its candidates sum to 1, the served one's matches.
        #expect(try await app.snapshot("""
            SELECT d.decision_id FROM decisions d JOIN decision_candidates c USING (tenant_id, decision_id)
            GROUP BY d.decision_id, d.propensity, d.action_key, d.channel
            HAVING abs(sum(c.propensity) - 1) > 1e-9
                OR NOT bool_or(c.action_key = d.action_key AND c.channel IS NOT DISTINCT FROM d.channel AND c.propensity = d.propensity)
            """) == [])
        #expect(try await app.count("SELECT count(*)::int FROM decisions WHERE unit = 'cust-1'") == 30)
        // At most one sms in 7 days; after it, every decision's sms candidate is capped.
        #expect(try await app.count("SELECT count(*)::int FROM contact_ledger WHERE unit = 'cust-1' AND channel = 'sms'") <= 1)
        #expect(try await app.count("""
            SELECT count(*)::int FROM decision_candidates c JOIN decisions d USING (tenant_id, decision_id)
            WHERE d.unit = 'cust-1' AND c.channel = 'sms' AND c.filtered IS DISTINCT FROM 'capped:sms:1/7d'
              AND d.decided_at > (SELECT min(contacted_at) FROM contact_ledger WHERE unit = 'cust-1' AND channel = 'sms')
            """) == 0)
        // Every contact is in the ledger, and only contacts.
        #expect(try await app.count("SELECT count(*)::int FROM decisions WHERE unit = 'cust-1' AND channel IS NOT NULL")
                == app.count("SELECT count(*)::int FROM contact_ledger WHERE unit = 'cust-1'"))
        // After a complaint the offer and retention actions are suppressed: only none is left.
        try await app.database.withRunning { database in
            try await database.execute("""
                INSERT INTO outcomes (tenant_id, event_id, unit, type, occurred_at) VALUES ('acme', 'c-1', 'cust-2', 'complaint', now())
                """)
        }
        try await app.test { client in
            let answer = try json(try await client.send(.post, "/v1/decide", key: decider,
                                                        body: #"{"unit":"cust-2","context":{"segment":"smb"}}"#).body)
            #expect(answer["action"] as? String == "none" && answer["propensity"] as? Double == 1)
        }
        #expect(try await app.snapshot("""
            SELECT DISTINCT c.filtered FROM decision_candidates c JOIN decisions d USING (tenant_id, decision_id)
            WHERE d.unit = 'cust-2' AND c.action_key <> 'none'
            """) == ["suppressed:no-offer-after-complaint"])
    }

    @Test("concurrent decides for one customer never exceed its cap")
    func concurrentCaps() async throws {
        let app = try await TestApp.make()
        let admin = try await app.key("acme", .admin)
        let decider = try await app.key("acme", .decide)
        try await app.test { client in
            _ = try await client.send(.put, "/v1/actions/winback", key: admin, body: Self.winback)
        }
        try await Self.production(app, tenant: "acme", rules: true)
        try await app.test { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<24 {
                    group.addTask {
                        let answer = try await client.send(.post, "/v1/decide", key: decider, body: #"{"unit":"cust-7","channels":["sms"]}"#)
                        #expect(answer.status == .ok, "\(answer.body)")
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(try await app.count("SELECT count(*)::int FROM decisions WHERE unit = 'cust-7'") == 24)
        #expect(try await app.count("SELECT count(*)::int FROM contact_ledger WHERE unit = 'cust-7'") <= 1)
    }

    @Test("a policy experiment serves each arm's version; held-out units get none with a logged shadow decision")
    func holdout() async throws {
        let app = try await TestApp.make()
        let admin = try await app.key("acme", .admin)
        let decider = try await app.key("acme", .decide)
        try await app.test { client in
            _ = try await client.send(.put, "/v1/actions/winback", key: admin, body: Self.winback)
            let experiment = #"{"key":"policies","arms":[{"name":"v1","share":50},{"name":"v2","share":50}],"holdout":30}"#
            #expect(try await client.send(.post, "/v1/experiments", key: admin, body: experiment).status == .created)
        }
        try await Self.production(app, tenant: "acme")
        try await app.test { client in
            for unit in 0..<60 {
                let answer = try await client.send(.post, "/v1/decide", key: decider,
                                                   body: #"{"unit":"u-\#(unit)","experiment":"policies"}"#)
                #expect(answer.status == .ok, "\(answer.body)")
            }
        }
        let rows = try await app.snapshot("""
            SELECT coalesce(arm, '-') || ' ' || holdout || ' ' || action_key || ' ' || (shadow IS NOT NULL) FROM decisions
            """)
        for arm in ["holdout true none true", "v1 false", "v2 false"] {
            #expect(rows.contains { $0.hasPrefix(arm) }, "\(arm): \(rows)")
        }
        #expect(rows.allSatisfy { ["holdout true none true", "v1 false", "v2 false"].contains(where: $0.hasPrefix) }, "\(rows)")
        // Each arm decides under its own version; the holdout's shadow under production.
        #expect(try await app.snapshot("""
            SELECT DISTINCT coalesce(arm, '-') || ' ' || policy_version FROM decisions ORDER BY 1
            """) == ["holdout v1", "v1 v1", "v2 v2"])
        // The holdout is never contacted.
        #expect(try await app.count("""
            SELECT count(*)::int FROM contact_ledger l JOIN decisions d USING (tenant_id, decision_id) WHERE d.holdout
            """) == 0)
    }
}
