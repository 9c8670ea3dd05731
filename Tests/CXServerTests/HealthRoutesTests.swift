import CXCore
import CXServer
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite("Health and metrics")
struct HealthRoutesTests {
    @Test("/health checks the database; /metrics counts requests and items")
    func healthAndMetrics() async throws {
        let app = try await TestApp.make()
        let key = try await app.key("acme", .admin)
        try await app.test { client in
            let health = try await client.send(.get, "/health", key: nil)
            #expect(health.status == .ok)
            #expect(health.body == #"{"database":"ok","status":"ok"}"#)
            try await client.defineSupportSurvey(key: key)
            _ = try await client.send(.post, "/v1/responses", key: key, body: "[" + response("s-1") + "," + response("s-1") + "]")
            _ = try await client.send(.post, "/v1/responses", key: nil, body: response("s-2"))
            let metrics = try await client.send(.get, "/metrics", key: nil)
            #expect(metrics.status == .ok)
            #expect(metrics.body.contains(#"cxloop_ingest_items_total{kind="responses",result="accepted"} 1"#))
            #expect(metrics.body.contains(#"cxloop_ingest_items_total{kind="responses",result="duplicate"} 1"#))
            #expect(metrics.body.contains(#"cxloop_http_requests_total{method="POST",route="/v1/responses",status="401"} 1"#))
            #expect(metrics.body.contains("cxloop_http_request_duration_seconds_bucket"))
            #expect(metrics.body.contains("cxloop_writer_flush_items_count 1"))
        }
    }
}
