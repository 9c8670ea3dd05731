import CXCore
import Testing

@Suite("Webhook retry policy and events")
struct WebhookRetryPolicyTests {
    @Test("delays double from the base up to the cap; the last attempt has none")
    func backoff() {
        let policy = WebhookRetryPolicy(baseSeconds: 30, capSeconds: 300, jitter: 0, maxAttempts: 6)
        #expect((1...6).map { policy.delay(afterAttempt: $0) } == [30, 60, 120, 240, 300, nil])
    }

    @Test("jitter takes up to its share off the delay")
    func jitter() {
        let policy = WebhookRetryPolicy(baseSeconds: 10, capSeconds: 1000, jitter: 0.2, maxAttempts: 5)
        #expect(policy.delay(afterAttempt: 2, random: 0) == 20)
        #expect(policy.delay(afterAttempt: 2, random: 0.5) == 18)
        for _ in 0..<100 {
            let delay = policy.delay(afterAttempt: 3) ?? 0
            #expect(delay > 32 && delay <= 40)
        }
    }

    @Test("the standard policy retries for more than a day, capped at 6 h, and huge attempt numbers stay at the cap")
    func standard() {
        let policy = WebhookRetryPolicy(baseSeconds: 30, capSeconds: 6 * 3600, jitter: 0, maxAttempts: 100)
        #expect(policy.delay(afterAttempt: 99) == 21_600.0)
        let total = (1..<WebhookRetryPolicy.standard.maxAttempts).compactMap { WebhookRetryPolicy.standard.delay(afterAttempt: $0, random: 0) }.reduce(0, +)
        #expect(total > 24 * 3600)
    }

    @Test("event lists parse, drop duplicates and name unknown events")
    func events() throws {
        #expect(try WebhookEventType.parseList("response.received, experiment.verdict,response.received") == [.responseReceived, .experimentVerdict])
        let failure = try #require(throws: ValidationFailure.self) { try WebhookEventType.parseList("response.received,report.daily") }
        #expect(failure.issues.map(\.message) == ["unknown event 'report.daily'; events are response.received, report.weekly_ready, experiment.verdict"])
        #expect(throws: ValidationFailure.self) { try WebhookEventType.parseList(" , ") }
    }
}
