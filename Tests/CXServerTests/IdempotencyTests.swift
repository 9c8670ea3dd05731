import CXCore
import CXServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite("Ingestion: idempotency and durability")
struct IdempotencyTests {
    @Test("a batch is accepted, and its replay is all duplicates and changes no row")
    func replayChangesNothing() async throws {
        let app = try await TestApp.make()
        let key = try await app.key("acme", .admin)
        let batch = (0..<50).map { response("s-\($0)", nps: $0 % 11) }.joined(separator: "\n")
        let rows: PostgresQuery = "SELECT s::text FROM (SELECT * FROM submissions ORDER BY submission_id) s"
        var before: [String] = []
        try await app.test { client in
            try await client.defineSupportSurvey(key: key)
            let first = try await client.send(.post, "/v1/responses", key: key, body: batch, contentType: "application/x-ndjson")
            #expect(first.status == .ok)
            #expect(try json(first.body) as NSDictionary == ["accepted": 50, "duplicates": 0])
        }
        before = try await app.snapshot(rows)
        try await app.test { client in
            let replay = try await client.send(.post, "/v1/responses", key: key, body: batch, contentType: "application/x-ndjson")
            #expect(try json(replay.body) as NSDictionary == ["accepted": 0, "duplicates": 50])
        }
        #expect(try await app.snapshot(rows) == before)
        #expect(try await app.count("SELECT count(*) FROM answers") == 200)
    }

    @Test("a later partial replaces an earlier one; an older partial and changes to a completed submission are duplicates")
    func partialThenCompleted() async throws {
        let app = try await TestApp.make()
        let key = try await app.key("acme", .admin)
        try await app.test { client in
            try await client.defineSupportSurvey(key: key)
            let partial = #"{"survey":"support","submission_id":"s-9","submitted_at":"2026-11-03T10:00:00Z","status":"partial","answers":{"nps":3}}"#
            #expect(try json(try await client.send(.post, "/v1/responses", key: key, body: partial).body) as NSDictionary == ["accepted": 1, "duplicates": 0])
            let older = #"{"survey":"support","submission_id":"s-9","submitted_at":"2026-11-03T09:00:00Z","status":"partial","answers":{"nps":1}}"#
            #expect(try json(try await client.send(.post, "/v1/responses", key: key, body: older).body) as NSDictionary == ["accepted": 0, "duplicates": 1])
            let completed = response("s-9", nps: 10, at: "2026-11-03T10:30:00Z")
            #expect(try json(try await client.send(.post, "/v1/responses", key: key, body: completed).body) as NSDictionary == ["accepted": 1, "duplicates": 0])
            let afterCompletion = response("s-9", nps: 0, at: "2026-11-03T11:00:00Z")
            #expect(try json(try await client.send(.post, "/v1/responses", key: key, body: afterCompletion).body) as NSDictionary == ["accepted": 0, "duplicates": 1])
        }
        #expect(try await app.snapshot("SELECT status || ' ' || submitted_at::text FROM submissions") == ["completed 2026-11-03 10:30:00+00"])
        #expect(try await app.snapshot("SELECT field_id || '=' || coalesce(value_numeric::text, value_text) FROM answers ORDER BY field_id")
            == ["comment=quick", "effort=6", "nps=10", "sat=4"])
    }

    @Test("the same submission twice in one request counts once")
    func duplicateWithinRequest() async throws {
        let app = try await TestApp.make()
        let key = try await app.key("acme", .admin)
        try await app.test { client in
            try await client.defineSupportSurvey(key: key)
            let body = "[" + [response("s-1"), response("s-1"), response("s-2")].joined(separator: ",") + "]"
            let result = try await client.send(.post, "/v1/responses", key: key, body: body)
            #expect(try json(result.body) as NSDictionary == ["accepted": 2, "duplicates": 1])
            let outcome = #"{"event_id":"e-1","unit":"cust-42","type":"purchase","value":129.9,"occurred_at":"2026-11-03T11:00:00Z"}"#
            let outcomes = try await client.send(.post, "/v1/outcomes", key: key, body: "[\(outcome),\(outcome)]")
            #expect(try json(outcomes.body) as NSDictionary == ["accepted": 1, "duplicates": 1])
            let replay = try await client.send(.post, "/v1/outcomes", key: key, body: outcome)
            #expect(try json(replay.body) as NSDictionary == ["accepted": 0, "duplicates": 1])
        }
        #expect(try await app.count("SELECT count(*) FROM submissions") == 2)
        #expect(try await app.snapshot("SELECT unit || ' ' || type || ' ' || value::text FROM outcomes") == ["cust-42 purchase 129.9"])
    }

    @Test("concurrent requests with overlapping submissions end with exactly one row each")
    func concurrentOverlap() async throws {
        let app = try await TestApp.make()
        let key = try await app.key("acme", .admin)
        let requests = 24
        let unique = requests + 29
        try await app.test { client in
            try await client.defineSupportSurvey(key: key)
            let results = try await withThrowingTaskGroup(of: IngestSummary.self) { group in
                for request in 0..<requests {
                    // Request r sends submissions r…r+29: neighbours overlap in 29 of 30.
                    let body = (request..<request + 30).map { response("s-\($0)") }.joined(separator: "\n")
                    group.addTask {
                        let result = try await client.send(.post, "/v1/responses", key: key, body: body, contentType: "application/x-ndjson")
                        guard result.status == .ok else { throw TestFailure("status \(result.status): \(result.body)") }
                        return try JSONDecoder().decode(IngestSummary.self, from: Data(result.body.utf8))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.map(\.accepted).reduce(0, +) == unique)
            #expect(results.map(\.duplicates).reduce(0, +) == requests * 30 - unique)
        }
        #expect(try await app.count("SELECT count(*) FROM submissions") == unique)
        #expect(try await app.count("SELECT count(DISTINCT submission_id) FROM submissions") == unique)
        #expect(try await app.count("SELECT count(*) FROM answers") == unique * 4)
    }

    @Test("ids equal only up to Unicode normalization (é, e + U+0301) are distinct, as in the database: two stored partials update separately")
    func normalizationVariantsAreDistinct() async throws {
        // Swift's String equality is canonical equivalence; a batch holding both used to update
        // one row with the other's answers and fail on the answers' primary key: 500 (found by the fuzz suite).
        let (composed, decomposed) = ("s-caf\u{E9}", "s-cafe\u{301}")
        let app = try await TestApp.make()
        let key = try await app.key("acme", .admin)
        try await app.test { client in
            try await client.defineSupportSurvey(key: key)
            for id in [composed, decomposed] {
                let first = try await client.send(.post, "/v1/responses", key: key, body: response(id, nps: 3, status: "partial", at: "2026-11-02T10:00:00Z"))
                #expect(try json(first.body) as NSDictionary == ["accepted": 1, "duplicates": 0])
            }
            let later = [response(decomposed, nps: 9, status: "partial", at: "2026-11-03T10:00:00Z"),
                         response(composed, nps: 10, status: "partial", at: "2026-11-04T10:00:00Z")]
            let result = try await client.send(.post, "/v1/responses", key: key, body: "[\(later.joined(separator: ","))]")
            #expect(result.status == .ok, "\(result.body)")
            #expect(try json(result.body) as NSDictionary == ["accepted": 2, "duplicates": 0])
            let outcomes = [composed, decomposed].map { #"{"event_id":"\#($0)","unit":"u","type":"churn","occurred_at":"2026-11-03T11:00:00Z"}"# }
            let both = try await client.send(.post, "/v1/outcomes", key: key, body: "[\(outcomes.joined(separator: ","))]")
            #expect(try json(both.body) as NSDictionary == ["accepted": 2, "duplicates": 0])
        }
        #expect(try await app.snapshot("""
            SELECT encode(convert_to(submission_id, 'UTF8'), 'hex') || ' ' || value_numeric::text FROM answers WHERE field_id = 'nps' ORDER BY 1
            """) == ["732d63616665cc81 9", "732d636166c3a9 10"])
        #expect(try await app.count("SELECT count(*) FROM outcomes") == 2)
    }
}
