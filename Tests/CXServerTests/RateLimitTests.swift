import CXCore
import CXServer
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Rate limiting")
struct RateLimitTests {
    @Test("a key over its rate gets 429 with Retry-After; other keys are unaffected")
    func perKey() async throws {
        // 0.1 per second: a burst of one, and ten seconds before the next token, so the test
        // does not depend on how fast a loaded machine sends the requests.
        let app = try await TestApp.make { $0.rateLimit = 0.1 }
        let first = try await app.key("acme", .read)
        let second = try await app.key("acme", .read)
        try await app.test { client in
            #expect(try await client.send(.get, "/v1/surveys", key: first).status == .ok)
            let limited = try await client.send(.get, "/v1/surveys", key: first)
            #expect(limited.status == .tooManyRequests)
            #expect(["10", "9"].contains(limited.headers[.retryAfter] ?? ""), "\(limited.headers)")
            #expect(limited.body.contains("rate limit of 0.1 requests per second"), "\(limited.body)")
            #expect(try await client.send(.get, "/v1/surveys", key: second).status == .ok)
            // Unauthenticated requests are refused by authentication, not counted.
            #expect(try await client.send(.get, "/v1/surveys", key: nil).status == .unauthorized)
        }
    }
}
