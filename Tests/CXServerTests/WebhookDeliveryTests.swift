import CXCore
import CXServer
@testable import CXStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite("Webhooks: durable outbound delivery")
struct WebhookDeliveryTests {
    /// An app (worker on, fast backoff) whose tenant `acme` has the support survey and an
    /// endpoint at `url` subscribed to response.received; returns the app, key and endpoint.
    private func prepared(
        url: String, maxAttempts: Int = 5, requestTimeout: Duration = .seconds(2)
    ) async throws -> (TestApp, String, AddedWebhookEndpoint) {
        let app = try await TestApp.make {
            $0.webhooks = .fast(maxAttempts: maxAttempts)
            $0.webhooks.requestTimeout = requestTimeout
        }
        let key = try await app.key("acme", .admin)
        let endpoint = try await app.webhooks { try await $0.addEndpoint(tenant: "acme", url: url, events: [.responseReceived]) }
        return (app, key, endpoint)
    }

    private static func state(_ app: TestApp) async throws -> [String] {
        try await app.snapshot("SELECT state || ' ' || attempts || ' ' || coalesce(last_status::text, '-') FROM webhook_deliveries ORDER BY delivery_id")
    }

    @Test("a receiver that is down, then up, gets the event exactly once delivered, after backoff, with a valid signature")
    func downThenUp() async throws {
        let receiver = WebhookReceiver(failures: 2)
        try await receiver.listening { url in
            let (app, key, endpoint) = try await prepared(url: url)
            try await app.test { client in
                try await client.defineSupportSurvey(key: key)
                #expect(try await client.send(.post, "/v1/responses", key: key, body: response("s-1")).status == .ok)
                // The 200 means the event is queued (in the ingest transaction).
                #expect(try await app.count("SELECT count(*) FROM webhook_deliveries WHERE event_type = 'response.received'") == 1)
                try await app.eventually { try await Self.state(app) == ["delivered 3 200"] }
                try await Task.sleep(for: .milliseconds(300))
            }
            let received = await receiver.received
            #expect(received.map(\.answered) == [503, 503, 200])
            // The same message each time: one webhook-id, one body.
            #expect(Set(received.map(\.headers.id)).count == 1)
            #expect(Set(received.map(\.body)).count == 1)
            // Exponential backoff: 50 ms after the first failure, 100 ms after the second.
            #expect(received[1].at - received[0].at >= .milliseconds(50))
            #expect(received[2].at - received[1].at >= .milliseconds(100))
            let last = try #require(received.last)
            try WebhookSignature.verify(last.headers, body: last.body, secret: endpoint.secret)
            let event = try JSONSerialization.jsonObject(with: Data(last.body)) as? [String: Any] ?? [:]
            #expect(event["type"] as? String == "response.received")
            #expect((event["data"] as? [String: Any])?["submission_id"] as? String == "s-1")
            #expect(try await app.count("SELECT count(*) FROM webhook_deliveries WHERE delivered_at IS NOT NULL") == 1)
        }
    }

    @Test("after the last attempt a delivery is dead; replay redelivers it with the same webhook-id")
    func deadLetterAndReplay() async throws {
        let receiver = WebhookReceiver(failures: .max, downStatus: 500)
        try await receiver.listening { url in
            let (app, key, endpoint) = try await prepared(url: url, maxAttempts: 3)
            try await app.test { client in
                try await client.defineSupportSurvey(key: key)
                #expect(try await client.send(.post, "/v1/responses", key: key, body: response("s-1")).status == .ok)
                try await app.eventually { try await Self.state(app) == ["dead 3 500"] }
                #expect(try await app.snapshot("SELECT last_error FROM webhook_deliveries") == ["the receiver answered 500"])
                try await Task.sleep(for: .milliseconds(200))
                #expect(await receiver.received.count == 3)

                await receiver.comeUp()
                #expect(try await app.webhooks { try await $0.replay(tenant: "acme", .dead) } == 1)
                try await app.eventually { try await Self.state(app) == ["delivered 1 200"] }
                // A delivered one can be replayed too, by id or by time.
                let id = try await app.count("SELECT delivery_id FROM webhook_deliveries")
                #expect(try await app.webhooks { try await $0.replay(tenant: "acme", .id(id)) } == 1)
                try await app.eventually { await receiver.received.count == 5 }
                try await app.eventually { try await Self.state(app) == ["delivered 1 200"] }
                #expect(try await app.webhooks { try await $0.replay(tenant: "acme", .since(Date().addingTimeInterval(3600))) } == 0)
            }
            let received = await receiver.received
            #expect(received.map(\.answered) == [500, 500, 500, 200, 200])
            #expect(Set(received.map(\.headers.id)).count == 1)
            for request in received { try WebhookSignature.verify(request.headers, body: request.body, secret: endpoint.secret) }
        }
    }

    @Test("an unreachable receiver ends dead with the connection error recorded")
    func unreachable() async throws {
        // A port that was free a moment ago: nothing listens there.
        let port = try FreePort.find()
        // The HTTP client keeps trying to connect until the request timeout, so each attempt lasts that long.
        let (app, key, _) = try await prepared(url: "http://127.0.0.1:\(port)/hook", maxAttempts: 2, requestTimeout: .milliseconds(500))
        try await app.test { client in
            try await client.defineSupportSurvey(key: key)
            #expect(try await client.send(.post, "/v1/responses", key: key, body: response("s-1")).status == .ok)
            try await app.eventually(within: 15) { try await Self.state(app) == ["dead 2 -"] }
        }
        #expect(try await app.count("SELECT count(*) FROM webhook_deliveries WHERE last_error <> ''") == 1)
    }

    @Test("events are queued for subscribed, enabled endpoints of their own tenant only")
    func queueingAndTenantIsolation() async throws {
        let app = try await TestApp.make { $0.webhooks.enabled = false }
        let key = try await app.key("acme", .admin)
        _ = try await app.key("beta", .admin)
        let (responses, reports, beta, disabled) = try await app.webhooks { repository in
            (try await repository.addEndpoint(tenant: "acme", url: "http://127.0.0.1:9/a", events: [.responseReceived]),
             try await repository.addEndpoint(tenant: "acme", url: "http://127.0.0.1:9/b", events: [.weeklyReportReady, .experimentVerdict]),
             try await repository.addEndpoint(tenant: "beta", url: "http://127.0.0.1:9/c", events: WebhookEventType.allCases),
             try await repository.addEndpoint(tenant: "acme", url: "http://127.0.0.1:9/d", events: WebhookEventType.allCases))
        }
        #expect(try await app.webhooks { try await $0.setEnabled(tenant: "acme", endpointID: disabled.endpoint.endpointID, enabled: false) })
        try await app.test { client in
            try await client.defineSupportSurvey(key: key)
            let first = try await client.send(.post, "/v1/responses", key: key, body: [response("s-1"), response("s-2")].joined(separator: "\n"),
                                              contentType: "application/x-ndjson")
            #expect(first.body == #"{"accepted":2,"duplicates":0}"#)
            // Duplicates are no new events; a refused request queues nothing.
            #expect(try await client.send(.post, "/v1/responses", key: key, body: response("s-1")).body == #"{"accepted":0,"duplicates":1}"#)
            #expect(try await client.send(.post, "/v1/responses", key: key, body: response("s-3", nps: 11)).status == .unprocessableContent)
        }
        let queued = try await app.webhooks { repository in
            try await repository.enqueue(tenant: "acme", event: .weeklyReportReady, data: #"{"week":"2026-W45"}"#)
        }
        #expect(queued == 1)
        #expect(try await app.snapshot(
            "SELECT tenant_id || ' ' || endpoint_id || ' ' || event_type FROM webhook_deliveries ORDER BY delivery_id")
            == ["acme \(responses.endpoint.endpointID) response.received", "acme \(responses.endpoint.endpointID) response.received",
                "acme \(reports.endpoint.endpointID) report.weekly_ready"])

        // Every read and change is scoped to its tenant.
        try await app.webhooks { repository in
            #expect(try await repository.deliveries(tenant: "beta", state: nil, limit: 10).isEmpty)
            #expect(try await repository.deliveries(tenant: "acme", state: .pending, limit: 10).count == 3)
            #expect(try await repository.endpoints(tenant: "beta").map(\.endpointID) == [beta.endpoint.endpointID])
            #expect(try await !repository.setEnabled(tenant: "beta", endpointID: responses.endpoint.endpointID, enabled: false))
            #expect(try await repository.inboundSecret(tenant: "acme") == nil)
            _ = try await repository.rotateInboundSecret(tenant: "beta")
            #expect(try await repository.inboundSecret(tenant: "acme") == nil)
        }
        try await app.database.withRunning { database in
            try await database.execute("UPDATE webhook_deliveries SET state = 'dead'")
        }
        let replayed = try await app.webhooks { repository in
            (try await repository.replay(tenant: "beta", .dead), try await repository.replay(tenant: "acme", .dead))
        }
        #expect(replayed == (0, 3))
        // Secrets are stored usable (whsec_) but never listed.
        let listed = try await app.webhooks { try await $0.endpoints(tenant: "acme") }
        #expect(listed.count == 3)
        #expect(try await app.count("SELECT count(*) FROM webhook_endpoints WHERE secret LIKE 'whsec_%'") == 4)
    }
    @Test("erasing a respondent removes their response.received deliveries, and only theirs")
    func erasure() async throws {
        let app = try await TestApp.make { $0.webhooks.enabled = false }
        let key = try await app.key("acme", .admin)
        _ = try await app.webhooks { try await $0.addEndpoint(tenant: "acme", url: "http://127.0.0.1:9/a", events: [.responseReceived]) }
        let other = response("s-2").replacingOccurrences(of: "cust-42", with: "cust-7")
        try await app.test { client in
            try await client.defineSupportSurvey(key: key)
            let sent = try await client.send(.post, "/v1/responses", key: key, body: "[\(response("s-1")),\(other)]")
            #expect(sent.body == #"{"accepted":2,"duplicates":0}"#)
        }
        _ = try await app.database.withRunning { database in
            try await PostgresRespondentEraser(database: database).erase(tenant: "acme", respondent: "cust-42")
        }
        #expect(try await app.snapshot("SELECT payload->>'respondent' FROM webhook_deliveries") == ["cust-7"])
    }
}
