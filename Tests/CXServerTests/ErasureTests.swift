import CXCore
import CXServer
import CXStore
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite("Erasing a respondent")
struct ErasureTests {
    static func item(_ id: String, _ respondent: String, nps: Int, q03: Int, status: String = "completed",
                     at: String = "2026-11-03T10:15:00Z", segment: String = "smb") -> String {
        """
        {"survey":"support","submission_id":"\(id)","respondent":"\(respondent)","submitted_at":"\(at)","status":"\(status)",\
        "answers":{"nps":\(nps),"sat":4,"q03":\(q03)},"attributes":{"segment":"\(segment)"}}
        """
    }

    @Test("removes the person's submissions, answers, index scores, outcomes and assignments; rollups equal a rebuild without them")
    func erase() async throws {
        let app = try await TestApp.make()
        let acme = try await app.key("acme", .admin)
        let other = try await app.key("beta", .admin)
        try await app.test { client in
            for key in [acme, other] {
                try await client.defineSupportSurvey(key: key)
                let items = [
                    Self.item("s-1", "cust-1", nps: 10, q03: 2),
                    Self.item("s-2", "cust-1", nps: 3, q03: 5, status: "partial", at: "2026-11-06T08:00:00Z"),
                    // s-2 completed in the next week and another segment: the rollups moved once already.
                    Self.item("s-2", "cust-1", nps: 4, q03: 4, at: "2026-11-10T08:00:00Z", segment: "mid"),
                    Self.item("s-3", "cust-2", nps: 9, q03: 1),
                    Self.item("s-4", "cust-2", nps: 6, q03: 3, at: "2026-11-11T08:00:00Z"),
                ]
                let sent = try await client.send(.post, "/v1/responses", key: key, body: items.joined(separator: "\n"),
                                                 contentType: "application/x-ndjson")
                #expect(sent.body == #"{"accepted":5,"duplicates":0}"#)
                let outcomes = [
                    #"{"event_id":"e-1","unit":"cust-1","type":"purchase","value":10,"occurred_at":"2026-11-03T11:00:00Z"}"#,
                    #"{"event_id":"e-2","unit":"cust-2","type":"purchase","value":20,"occurred_at":"2026-11-03T11:00:00Z"}"#,
                ]
                #expect(try await client.send(.post, "/v1/outcomes", key: key, body: outcomes.joined(separator: "\n"),
                                              contentType: "application/x-ndjson").status == .ok)
            }
            let experiment = #"{"key":"x","arms":[{"name":"control","share":50},{"name":"treatment","share":50}]}"#
            #expect(try await client.send(.post, "/v1/experiments", key: acme, body: experiment).status == .created)
            for unit in ["cust-1", "cust-2"] {
                #expect(try await client.send(.get, "/v1/assign?experiment=x&unit=\(unit)", key: acme).status == .ok)
            }
        }
        let summary = try await app.database.withRunning { database in
            try await PostgresRespondentEraser(database: database).erase(tenant: "acme", respondent: "cust-1")
        }
        #expect(summary == ErasureSummary(submissions: 2, answers: 6, outcomes: 1, assignments: 1, decisions: 0))
        // The experiment's per-unit outcome sums lose cust-1 and equal a rebuild.
        let sums: PostgresQuery = """
            SELECT unit || '|' || value_post || '|' || value_pre || '|' || contacts_post || '|' || cost_post
            FROM experiment_unit_sums WHERE tenant_id = 'acme' ORDER BY unit
            """
        let sumsAfterErase = try await app.snapshot(sums)
        #expect(sumsAfterErase.map { $0.prefix { $0 != "|" } } == ["cust-2"])
        _ = try await app.database.withRunning { database in
            try await ExperimentUnitSums(database: database).rebuild(tenant: "acme", experiment: "x")
        }
        #expect(try await app.snapshot(sums) == sumsAfterErase)

        let rollups: PostgresQuery = """
            SELECT tenant_id || '|' || field_id || '|' || week || '|' || segment_key || '=' || segment_value || '|' || value
                   || '|' || count
            FROM answer_rollups WHERE count <> 0 ORDER BY 1
            """
        let afterErase = try await app.snapshot(rollups)
        #expect(afterErase.contains("acme|index:engagement|2026-11-02|=|100|1"))  // cust-2's q03 = 1 reversed
        #expect(!afterErase.contains { $0.hasPrefix("acme|nps|2026-11-02|=|10|") })  // cust-1's 10 is gone
        let rebuilt = try await app.database.withRunning { database in
            try await PostgresIngestStore(database: database).rebuildRollups(tenant: "acme")
        }
        #expect(try await app.snapshot(rollups) == afterErase)
        #expect(rebuilt == afterErase.filter { $0.hasPrefix("acme|") }.count)
        for table in ["submissions", "answers", "index_scores"] {
            #expect(try await app.count(PostgresQuery(unsafeSQL: """
                SELECT count(*) FROM \(table) WHERE tenant_id = 'acme' AND submission_id IN ('s-1', 's-2')
                """)) == 0)
        }
        #expect(try await app.count("SELECT count(*) FROM outcomes WHERE tenant_id = 'acme' AND unit = 'cust-1'") == 0)
        #expect(try await app.count("SELECT count(*) FROM experiment_assignments WHERE unit = 'cust-1'") == 0)
        // Nobody else is touched: cust-2 in acme, and cust-1 in another tenant.
        #expect(try await app.count("SELECT count(*) FROM submissions WHERE tenant_id = 'acme'") == 2)
        #expect(try await app.count("SELECT count(*) FROM submissions WHERE tenant_id = 'beta'") == 4)
        #expect(try await app.count("SELECT count(*) FROM outcomes WHERE tenant_id = 'beta' AND unit = 'cust-1'") == 1)
    }
}
