import CXCore
import CXServer
import CXStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

extension TestApp {
    /// Runs `body` with the webhook repository of the app's database.
    func webhooks<T: Sendable>(_ body: @escaping @Sendable (PostgresWebhookRepository) async throws -> T) async throws -> T {
        try await database.withRunning { database in try await body(PostgresWebhookRepository(database: database)) }
    }

    /// Waits until `condition` holds, checking every 20 ms for at most `seconds`.
    func eventually(within seconds: Double = 5, _ condition: @Sendable () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("condition not met within \(seconds) s")
    }
}

extension TestClientProtocol {
    /// Posts `body` to a tenant's inbound webhook route with the given Standard Webhooks headers.
    func sendSigned(
        tenant: String, body: String, headers signed: [(String, String)], contentType: String = "application/json"
    ) async throws -> (status: HTTPResponse.Status, body: String) {
        var headers: HTTPFields = [.contentType: contentType]
        for (name, value) in signed { headers[HTTPField.Name(name)!] = value }
        return try await execute(uri: "/v1/webhooks/\(tenant)/responses", method: .post, headers: headers, body: ByteBuffer(string: body)) {
            ($0.status, String(buffer: $0.body))
        }
    }
}

/// Headers signing `body` with `secret` now (or `secondsAgo` in the past).
func signedHeaders(_ body: String, secret: WebhookSecret, id: String = "msg_test", secondsAgo: Int = 0) -> [(String, String)] {
    WebhookSignature.headers(id: id, timestamp: Int(Date().timeIntervalSince1970) - secondsAgo, body: Array(body.utf8), secret: secret)
}

/// One request a ``WebhookReceiver`` got.
struct ReceivedWebhook: Sendable {
    var headers: WebhookSignature.Headers
    var body: [UInt8]
    var at: ContinuousClock.Instant
    var answered: Int
}

/// A local receiver (127.0.0.1, a free port) of webhook POSTs at `/hook` that answers `down`
/// (e.g. 503) while it is down and 200 once up, and records every request.
actor WebhookReceiver {
    private(set) var received: [ReceivedWebhook] = []
    private var failuresLeft: Int
    private let downStatus: Int

    /// Down for the first `failures` requests (`Int.max`: until ``comeUp()``).
    init(failures: Int, downStatus: Int = 503) {
        self.failuresLeft = failures
        self.downStatus = downStatus
    }

    func comeUp() { failuresLeft = 0 }

    fileprivate func record(_ headers: WebhookSignature.Headers, _ body: [UInt8]) -> Int {
        let status = failuresLeft > 0 ? downStatus : 200
        if failuresLeft > 0 && failuresLeft != .max { failuresLeft -= 1 }
        received.append(ReceivedWebhook(headers: headers, body: body, at: .now, answered: status))
        return status
    }

    /// Runs `body` with the receiver listening; passes its URL.
    nonisolated func listening(_ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let field = { (name: String) in request.headers[HTTPField.Name(name)!] }
            let headers = WebhookSignature.Headers(
                id: field(WebhookSignature.idHeader), timestamp: field(WebhookSignature.timestampHeader),
                signature: field(WebhookSignature.signatureHeader))
            let status = await self.record(headers, Array(bytes.readableBytesView))
            return Response(status: HTTPResponse.Status(code: status))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            guard let port = client.port else { throw TestFailure("the receiver has no port") }
            try await body("http://127.0.0.1:\(port)/hook")
        }
    }
}

extension WebhookDeliveryConfiguration {
    /// Delivery fast enough for tests: 50 ms backoff doubling to 200 ms, no jitter.
    static func fast(maxAttempts: Int = 5) -> WebhookDeliveryConfiguration {
        var configuration = WebhookDeliveryConfiguration()
        configuration.retry = WebhookRetryPolicy(baseSeconds: 0.05, capSeconds: 0.2, jitter: 0, maxAttempts: maxAttempts)
        configuration.pollInterval = .milliseconds(20)
        configuration.requestTimeout = .seconds(2)
        return configuration
    }
}
