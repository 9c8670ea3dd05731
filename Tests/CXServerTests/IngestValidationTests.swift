import CXCore
import CXServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite("Ingestion: bad input")
struct IngestValidationTests {
    @Test("malformed JSON is 400 and writes nothing")
    func malformedJSON() async throws {
        let app = try await TestApp.make()
        let key = try await app.key("acme", .admin)
        try await app.test { client in
            try await client.defineSupportSurvey(key: key)
            let result = try await client.send(.post, "/v1/responses", key: key, body: "{\"survey\": \"support\", ")
            #expect(result.status == .badRequest)
            #expect(try json(result.body)["error"] as? String ?? "" != "")
            let ndjson = response("s-1") + "\n{not json}\n"
            let lines = try await client.send(.post, "/v1/responses", key: key, body: ndjson, contentType: "application/x-ndjson")
            #expect(lines.status == .badRequest)
            #expect(lines.body.contains("line 2"))
        }
        #expect(try await app.count("SELECT count(*) FROM submissions") == 0)
    }

    @Test("a body over the limit is 413")
    func bodyTooLarge() async throws {
        let app = try await TestApp.make { $0.maxBodyBytes = 2_000 }
        let key = try await app.key("acme", .admin)
        try await app.test { client in
            try await client.defineSupportSurvey(key: key)
            let body = "[" + (0..<20).map { response("s-\($0)") }.joined(separator: ",") + "]"
            let result = try await client.send(.post, "/v1/responses", key: key, body: body)
            #expect(result.status == .contentTooLarge)
        }
        #expect(try await app.count("SELECT count(*) FROM submissions") == 0)
    }

    @Test("a batch over the item limit is 413 naming the limit")
    func batchTooLarge() async throws {
        let app = try await TestApp.make { $0.maxBatchItems = 5 }
        let key = try await app.key("acme", .admin)
        try await app.test { client in
            try await client.defineSupportSurvey(key: key)
            let body = (0..<6).map { response("s-\($0)") }.joined(separator: "\n")
            let result = try await client.send(.post, "/v1/responses", key: key, body: body, contentType: "application/x-ndjson")
            #expect(result.status == .contentTooLarge)
            #expect(result.body.contains("6 items; the limit is 5"))
        }
        #expect(try await app.count("SELECT count(*) FROM submissions") == 0)
    }

    @Test("one invalid item fails the whole batch with every error listed and nothing written")
    func allErrorsListed() async throws {
        let app = try await TestApp.make()
        let key = try await app.key("acme", .admin)
        try await app.test { client in
            try await client.defineSupportSurvey(key: key)
            let items = [
                response("s-1"),
                response("s-2", nps: 11),
                #"{"survey":"support","submission_id":"s-3","submitted_at":"yesterday","answers":{"foo":1,"sat":"4"}}"#,
                #"{"survey":"nope","submission_id":"s-4","submitted_at":"2026-11-03T10:15:00Z","answers":{}}"#,
                #"["not", "an", "object"]"#,
            ]
            let result = try await client.send(.post, "/v1/responses", key: key, body: "[" + items.joined(separator: ",") + "]")
            #expect(result.status == .unprocessableContent)
            let errors = try #require(try json(result.body)["errors"] as? [[String: Any]])
            let found = Set(errors.map { "\($0["index"] as? Int ?? -1) \($0["field"] as? String ?? "")" })
            #expect(found == ["1 answers.nps", "2 submitted_at", "2 answers.foo", "2 answers.sat", "3 survey", "4 "])
            let nps = errors.first { $0["field"] as? String == "answers.nps" }
            #expect(nps?["message"] as? String == "must be an integer 0–10")
        }
        #expect(try await app.count("SELECT count(*) FROM submissions") == 0)
        #expect(try await app.count("SELECT count(*) FROM answers") == 0)
    }

    @Test("a wrong JSON type inside valid JSON is 422, not 400")
    func wrongTypeIs422() async throws {
        let app = try await TestApp.make()
        let key = try await app.key("acme", .admin)
        try await app.test { client in
            let result = try await client.send(.post, "/v1/outcomes", key: key, body: #"{"event_id":7,"unit":"c","type":"purchase","value":"12","occurred_at":"2026-11-03T11:00:00Z"}"#)
            #expect(result.status == .unprocessableContent)
            let fields = Set((try json(result.body)["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["event_id", "value"])
        }
        #expect(try await app.count("SELECT count(*) FROM outcomes") == 0)
    }
}

@Suite("Ingestion: NUL characters")
struct NULCharacterTests {
    @Test("a NUL anywhere in an item is 422 naming the field, and the batch is not written", arguments: [
        (#"{"survey":"support","submission_id":"s-1","submitted_at":"2026-11-03T10:15:00Z","answers":{"comment":"a\u0000b"}}"#, "answers.comment"),
        (#"{"survey":"support","submission_id":"s-1","submitted_at":"2026-11-03T10:15:00Z","answers":{},"attributes":{"x\u0000":"y"}}"#, "attributes.x\u{0}"),
    ])
    func nul(body: String, field: String) async throws {
        let app = try await TestApp.make()
        let key = try await app.key("acme", .admin)
        try await app.test { client in
            try await client.defineSupportSurvey(key: key)
            let result = try await client.send(.post, "/v1/responses", key: key, body: body)
            #expect(result.status == .unprocessableContent)
            let errors = try json(result.body)["errors"] as? [[String: Any]] ?? []
            #expect(errors.first?["field"] as? String == field)
        }
        #expect(try await app.count("SELECT count(*) FROM submissions") == 0)
    }
}

@Suite("Ingestion: strings short in characters, long in bytes")
struct ManyBytesTests {
    /// One letter with 1,500 combining marks: one `Character`, about 3,000 bytes that do not
    /// compress, more than a PostgreSQL B-tree row holds (2,704 bytes). It used to pass the
    /// 200-character check and fail the index insert: 500 (found by the fuzz suite).
    static let heavy = HostileInput.heavyGraphemes(1, marks: 1_500)

    @Test("an id, unit or attribute of few characters but thousands of bytes is 422 naming the field, not a 500", arguments: [
        ("/v1/responses", #"{"survey":"support","submission_id":"HEAVY","submitted_at":"2026-11-03T10:15:00Z","answers":{}}"#, "submission_id"),
        ("/v1/responses", #"{"survey":"support","submission_id":"s-1","respondent":"HEAVY","submitted_at":"2026-11-03T10:15:00Z","answers":{}}"#, "respondent"),
        ("/v1/responses", #"{"survey":"support","submission_id":"s-1","submitted_at":"2026-11-03T10:15:00Z","answers":{"nps":9},"attributes":{"segment":"HEAVY"}}"#, "attributes.segment"),
        ("/v1/outcomes", #"{"event_id":"e-1","unit":"HEAVY","type":"churn","occurred_at":"2026-11-03T11:00:00Z"}"#, "unit"),
        ("/v1/outcomes", #"{"event_id":"HEAVY","unit":"u","type":"churn","occurred_at":"2026-11-03T11:00:00Z"}"#, "event_id"),
    ])
    func manyBytes(uri: String, template: String, field: String) async throws {
        let app = try await TestApp.make()
        let key = try await app.key("acme", .admin)
        try await app.test { client in
            try await client.defineSupportSurvey(key: key)
            let result = try await client.send(.post, uri, key: key, body: template.replacingOccurrences(of: "HEAVY", with: Self.heavy))
            #expect(result.status == .unprocessableContent, "\(result.body.prefix(200))")
            let errors = try json(result.body)["errors"] as? [[String: Any]] ?? []
            #expect(errors.map { $0["field"] as? String } == [field])
            #expect(errors.first?["message"] as? String == "must be at most 200 characters")
        }
        #expect(try await app.count("SELECT count(*) FROM submissions") == 0)
        #expect(try await app.count("SELECT count(*) FROM outcomes") == 0)
    }
}
