import CXCore
import CXServer
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite("Authentication and scopes")
struct AuthTests {
    @Test("a missing, malformed or unknown key gets 401 and a revoked-looking guess is not accepted")
    func unauthenticated() async throws {
        let app = try await TestApp.make()
        _ = try await app.key("acme", .ingest)
        try await app.test { client in
            for key in [nil, "", "cx_000000000000_not-a-real-key"] as [String?] {
                let result = try await client.send(.post, "/v1/responses", key: key, body: response("s-1"))
                #expect(result.status == .unauthorized)
                #expect(result.body.contains("Authorization: Bearer"))
            }
        }
        #expect(try await app.count("SELECT count(*) FROM submissions") == 0)
    }

    @Test("a key without the needed scope gets 403", arguments: [
        (Scope.read, "POST", "/v1/responses"),
        (Scope.decide, "POST", "/v1/outcomes"),
        (Scope.ingest, "PUT", "/v1/surveys/support"),
        (Scope.ingest, "GET", "/v1/surveys"),
    ])
    func wrongScope(scope: Scope, method: String, path: String) async throws {
        let app = try await TestApp.make()
        let key = try await app.key("acme", scope)
        try await app.test { client in
            let result = try await client.send(.init(method)!, path, key: key, body: supportSurvey)
            #expect(result.status == .forbidden)
            #expect(result.body.contains("this key has scope '\(scope.rawValue)'"))
        }
    }

    @Test("admin includes every other scope")
    func adminIncludesAll() async throws {
        let app = try await TestApp.make()
        let admin = try await app.key("acme", .admin)
        try await app.test { client in
            try await client.defineSupportSurvey(key: admin)
            #expect(try await client.send(.post, "/v1/responses", key: admin, body: response("s-1")).status == .ok)
            #expect(try await client.send(.get, "/v1/surveys", key: admin).status == .ok)
        }
    }
}
