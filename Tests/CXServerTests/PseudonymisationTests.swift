import CXCore
import CXServer
import CXStore
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite("Pseudonymised identifiers")
struct PseudonymisationTests {
    static let clearID = "clear-id-42"
    /// Every table that holds a person's id or a copy of their response.
    static let personTables = [
        "submissions", "answers", "outcomes", "experiment_assignments", "experiment_unit_sums", "webhook_deliveries", "decisions",
        "contact_ledger",
    ]

    static func send(_ client: some TestClientProtocol, key: String) async throws {
        try await client.defineSupportSurvey(key: key)
        let response = """
            {"survey":"support","submission_id":"s-1","respondent":"\(clearID)","submitted_at":"2026-11-03T10:15:00Z",\
            "answers":{"nps":9,"comment":"fine"},"attributes":{"segment":"smb"}}
            """
        #expect(try await client.send(.post, "/v1/responses", key: key, body: response).body == #"{"accepted":1,"duplicates":0}"#)
        let outcome = #"{"event_id":"e-1","unit":"\#(clearID)","type":"purchase","value":10,"occurred_at":"2026-11-03T11:00:00Z"}"#
        #expect(try await client.send(.post, "/v1/outcomes", key: key, body: outcome).body == #"{"accepted":1,"duplicates":0}"#)
        let experiment = #"{"key":"x","arms":[{"name":"control","share":50},{"name":"treatment","share":50}]}"#
        #expect(try await client.send(.post, "/v1/experiments", key: key, body: experiment).status == .created)
        let exposure = #"{"event_id":"x-1","experiment":"x","unit":"\#(clearID)","kind":"seen","occurred_at":"2026-11-03T10:00:00Z"}"#
        #expect(try await client.send(.post, "/v1/exposures", key: key, body: exposure).status == .ok)
    }

    /// The unit's assignment in experiment `x`, twice: the second is the stored (sticky) one.
    static func assignTwice(_ client: some TestClientProtocol, key: String) async throws -> (String, String) {
        let first = try await client.send(.get, "/v1/assign?experiment=x&unit=\(clearID)", key: key)
        let second = try await client.send(.get, "/v1/assign?experiment=x&unit=\(clearID)", key: key)
        #expect(first.status == .ok)
        return (first.body, second.body)
    }

    @Test("on: responses, outcomes, exposures and assignments store the tenant's pseudonym; erase by clear id works")
    func pseudonymised() async throws {
        let app = try await TestApp.make()
        let acme = try await app.key("acme", .admin)
        let beta = try await app.key("beta", .admin)
        let acmeKey = Pseudonymiser.generateKey()
        let betaKey = Pseudonymiser.generateKey()
        let enabled = try await app.database.withRunning { database in
            let secrets = PostgresPseudonymSecrets(database: database)
            return [try await secrets.enable(tenant: "acme", key: acmeKey), try await secrets.enable(tenant: "beta", key: betaKey),
                    try await secrets.enable(tenant: "acme", key: betaKey)]
        }
        #expect(enabled == [true, true, false])  // a secret is never replaced
        let acmePseudonym = Pseudonymiser(key: acmeKey).pseudonym(for: Self.clearID)
        let betaPseudonym = Pseudonymiser(key: betaKey).pseudonym(for: Self.clearID)
        #expect(acmePseudonym != betaPseudonym)
        try await DecideTests.production(app, tenant: "acme")
        try await app.test { client in
            for key in [acme, beta] {
                try await Self.send(client, key: key)
                let (first, second) = try await Self.assignTwice(client, key: key)
                #expect(first == second)
            }
            _ = try await client.send(.put, "/v1/actions/winback", key: acme, body: DecideTests.winback)
            let decided = try await client.send(.post, "/v1/decide", key: acme, body: #"{"unit":"\#(Self.clearID)","channels":["email"]}"#)
            #expect(decided.status == .ok, "\(decided.body)")
        }
        for table in Self.personTables {
            #expect(try await app.count(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table) t WHERE t::text LIKE '%clear-id%'")) == 0,
                    "\(table) holds the clear id")
        }
        // The same person under the same tenant's function in every table, so joins line up.
        #expect(try await app.snapshot("""
            SELECT tenant_id || ' ' || respondent || ' ' || (raw->>'respondent') FROM submissions ORDER BY 1
            """) == ["acme \(acmePseudonym) \(acmePseudonym)", "beta \(betaPseudonym) \(betaPseudonym)"])
        #expect(try await app.snapshot("SELECT tenant_id || ' ' || unit FROM outcomes WHERE tenant_id = 'acme' GROUP BY 1 ORDER BY 1")
            == ["acme \(acmePseudonym)"])
        #expect(try await app.snapshot("SELECT tenant_id || ' ' || unit FROM experiment_assignments ORDER BY 1")
            == ["acme \(acmePseudonym)", "beta \(betaPseudonym)"])
        #expect(try await app.snapshot("SELECT tenant_id || ' ' || unit FROM experiment_unit_sums ORDER BY 1")
            == ["acme \(acmePseudonym)", "beta \(betaPseudonym)"])
        #expect(try await app.snapshot("SELECT unit FROM decisions") == [acmePseudonym])

        let summary = try await app.database.withRunning { database in
            try await PostgresRespondentEraser(database: database).erase(tenant: "acme", respondent: Self.clearID)
        }
        #expect(summary == ErasureSummary(submissions: 1, answers: 2, outcomes: 2, assignments: 1, decisions: 1))
        #expect(try await app.count("SELECT count(*) FROM submissions WHERE tenant_id = 'acme'") == 0)
        #expect(try await app.count("SELECT count(*) FROM outcomes WHERE tenant_id = 'acme'") == 0)
        #expect(try await app.count("SELECT count(*) FROM submissions WHERE tenant_id = 'beta'") == 1)
    }

    @Test("off: identifiers are stored as sent")
    func off() async throws {
        let app = try await TestApp.make()
        let acme = try await app.key("acme", .admin)
        try await app.test { client in
            try await Self.send(client, key: acme)
            _ = try await Self.assignTwice(client, key: acme)
        }
        #expect(try await app.snapshot("SELECT respondent || ' ' || (raw->>'respondent') FROM submissions")
            == ["\(Self.clearID) \(Self.clearID)"])
        #expect(try await app.count("SELECT count(*) FROM outcomes WHERE unit = \(Self.clearID)") == 2)
        #expect(try await app.count("SELECT count(*) FROM experiment_assignments WHERE unit = \(Self.clearID)") == 1)
    }
}
