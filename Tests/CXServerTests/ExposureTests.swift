import CXCore
import CXServer
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite("Exposures")
struct ExposureTests {
    static func exposure(_ id: String, unit: String = "cust-1", arm: String = "treatment", kind: String = "seen",
                         experiment: String = "offer-q4") -> String {
        #"{"event_id":"\#(id)","experiment":"\#(experiment)","unit":"\#(unit)","arm":"\#(arm)","kind":"\#(kind)","occurred_at":"2026-11-03T10:00:00Z","decision_id":"d-\#(id)"}"#
    }

    @Test("POST /v1/exposures: batch forms, idempotent on event_id, validated against the experiment, all or nothing")
    func exposures() async throws {
        let app = try await TestApp.make()
        let admin = try await app.key("acme", .admin)
        try await app.test { client in
            let experiment = #"{"key":"offer-q4","arms":[{"name":"control","share":50},{"name":"treatment","share":50}]}"#
            #expect(try await client.send(.post, "/v1/experiments", key: admin, body: experiment).status == .created)
            let batch = [Self.exposure("x-1"), Self.exposure("x-2", kind: "accepted"), Self.exposure("x-3", unit: "cust-2", arm: "control")]
            let first = try await client.send(.post, "/v1/exposures", key: admin, body: batch.joined(separator: "\n"),
                                              contentType: "application/x-ndjson")
            #expect(first.body == #"{"accepted":3,"duplicates":0}"#)
            // A replay (JSON array form) counts as duplicates, never twice.
            let replay = try await client.send(.post, "/v1/exposures", key: admin, body: "[\(batch.joined(separator: ","))]")
            #expect(replay.body == #"{"accepted":0,"duplicates":3}"#)
            // Unknown experiment, unknown arm, unknown kind: 422 naming each field, nothing written.
            let bad = [Self.exposure("x-9", experiment: "nope"), Self.exposure("x-10", arm: "blue"), Self.exposure("x-11", kind: "clicked"),
                       Self.exposure("x-12")]
            let refused = try await client.send(.post, "/v1/exposures", key: admin, body: "[\(bad.joined(separator: ","))]")
            #expect(refused.status == .unprocessableContent)
            for field in [#""field":"experiment","index":0"#, #""field":"arm","index":1"#, #""field":"kind","index":2"#] {
                #expect(refused.body.contains(field), "\(refused.body)")
            }
        }
        #expect(try await app.snapshot("""
            SELECT event_id || ' ' || unit || ' ' || type || ' ' || (attributes->>'experiment') || ' ' || (attributes->>'arm')
                   || ' ' || (attributes->>'decision_id')
            FROM outcomes ORDER BY event_id
            """) == [
                "x-1 cust-1 exposure_seen offer-q4 treatment d-x-1",
                "x-2 cust-1 exposure_accepted offer-q4 treatment d-x-2",
                "x-3 cust-2 exposure_seen offer-q4 control d-x-3",
            ])
    }

    @Test("an experiment key or arm in an equivalent Unicode spelling (Kelvin sign for K) is stored as the experiment spells it")
    func definitionSpelling() async throws {
        let app = try await TestApp.make()
        let admin = try await app.key("acme", .admin)
        try await app.test { client in
            let experiment = #"{"key":"Kelvin-q4","arms":[{"name":"Kontrol","share":50},{"name":"treatment","share":50}]}"#
            let created = try await client.send(.post, "/v1/experiments", key: admin, body: experiment)
            #expect(created.status == .created)
            let exposure = Self.exposure("x-1", arm: "\u{212A}ontrol", experiment: "\u{212A}elvin-q4")
            let result = try await client.send(.post, "/v1/exposures", key: admin, body: exposure)
            #expect(result.body == #"{"accepted":1,"duplicates":0}"#)
        }
        // `=` on text compares bytes: these match only the defined spellings.
        #expect(try await app.count("""
            SELECT count(*) FROM outcomes WHERE attributes->>'experiment' = 'Kelvin-q4' AND attributes->>'arm' = 'Kontrol'
            """) == 1)
    }
}
