import CXCore
import CXServer
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite("Tenant isolation")
struct TenantIsolationTests {
    @Test("tenant A's key can neither read nor write tenant B's data")
    func isolation() async throws {
        let app = try await TestApp.make()
        let alice = try await app.key("alpha", .admin)
        let bob = try await app.key("beta", .admin)
        try await app.test { client in
            try await client.defineSupportSurvey(key: bob)
            #expect(try await client.send(.post, "/v1/responses", key: bob, body: response("s-1")).status == .ok)

            // Reading B's survey by its key: not found for A; A's list is empty.
            #expect(try await client.send(.get, "/v1/surveys/support", key: alice).status == .notFound)
            #expect(try await client.send(.get, "/v1/surveys", key: alice).body == #"{"surveys":[]}"#)
            // Writing to B's survey: A has no such survey, so it is unknown to A.
            let write = try await client.send(.post, "/v1/responses", key: alice, body: response("s-1"))
            #expect(write.status == .unprocessableContent)
            #expect(write.body.contains("unknown survey 'support'"))
            // A's own survey with the same key and submission id is a separate row, not a duplicate.
            try await client.defineSupportSurvey(key: alice)
            let own = try await client.send(.post, "/v1/responses", key: alice, body: response("s-1"))
            #expect(own.body == #"{"accepted":1,"duplicates":0}"#)
            // Outcomes with the same event id in both tenants are both stored.
            let event = #"{"event_id":"e-1","unit":"u","type":"churn","occurred_at":"2026-11-03T11:00:00Z"}"#
            #expect(try await client.send(.post, "/v1/outcomes", key: alice, body: event).body == #"{"accepted":1,"duplicates":0}"#)
            #expect(try await client.send(.post, "/v1/outcomes", key: bob, body: event).body == #"{"accepted":1,"duplicates":0}"#)
            // A tenant field in the body is refused, never obeyed.
            let smuggled = #"{"event_id":"e-2","unit":"u","type":"churn","occurred_at":"2026-11-03T11:00:00Z","tenant":"beta"}"#
            #expect(try await client.send(.post, "/v1/outcomes", key: alice, body: smuggled).status == .unprocessableContent)
        }
        #expect(try await app.snapshot("SELECT tenant_id || '/' || survey_key || '/' || submission_id FROM submissions ORDER BY 1")
            == ["alpha/support/s-1", "beta/support/s-1"])
        #expect(try await app.snapshot("SELECT tenant_id || '/' || event_id FROM outcomes ORDER BY 1") == ["alpha/e-1", "beta/e-1"])
    }

    @Test("keys are stored only as SHA-256 hashes")
    func keysHashed() async throws {
        let app = try await TestApp.make()
        let key = try await app.key("alpha", .ingest)
        let stored = try await app.snapshot("SELECT encode(key_hash, 'hex') FROM api_keys")
        #expect(stored.count == 1)
        #expect(stored[0].count == 64)
        #expect(!stored[0].contains(key) && !key.contains(stored[0]))
        #expect(try await app.count("SELECT count(*) FROM api_keys WHERE key_hash = sha256(convert_to(\(key), 'UTF8'))") == 1)
    }
}
