import CXCore
import CXServer
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Rate limiting")
struct RateLimitTests {
    @Test("a key over its rate gets 429 with Retry-After; other keys are unaffected")
    func perKey() async throws {
        let app = try await TestApp.make { $0.rateLimit = 3 }
        let first = try await app.key("acme", .read)
        let second = try await app.key("acme", .read)
        try await app.test { client in
            for _ in 0..<3 {
                #expect(try await client.send(.get, "/v1/surveys", key: first).status == .ok)
            }
            let limited = try await client.send(.get, "/v1/surveys", key: first)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] == "1")
            #expect(limited.body.contains("rate limit of 3 requests per second"))
            #expect(try await client.send(.get, "/v1/surveys", key: second).status == .ok)
            // Unauthenticated requests are refused by authentication, not counted.
            #expect(try await client.send(.get, "/v1/surveys", key: nil).status == .unauthorized)
        }
    }
}
