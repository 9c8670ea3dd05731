import AsyncHTTPClient
import CXCore
import CXStore
import Foundation
import NIOCore
import NIOHTTP1

/// Sends one delivery attempt: `POST` of the event body to the endpoint's URL, signed with
/// the endpoint's secret (Standard Webhooks headers, timestamped now). Redirects are not
/// followed: a receiver answers 2xx itself or the attempt failed.
struct WebhookSender: Sendable {
    /// What an attempt came to: the receiver's status, or why there was none.
    enum Outcome: Sendable, Equatable {
        case answered(status: Int)
        case failed(String)
    }

    let client: HTTPClient
    let timeout: Duration

    func send(_ delivery: ClaimedWebhookDelivery, now: Date = Date()) async -> Outcome {
        let body = Array(delivery.body.utf8)
        var request = HTTPClientRequest(url: delivery.url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "cxloop-webhooks")
        for (name, value) in WebhookSignature.headers(
            id: delivery.eventID, timestamp: Int(now.timeIntervalSince1970), body: body, secret: delivery.secret)
        {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout / .nanoseconds(1))))
            for try await _ in response.body {}
            return .answered(status: Int(response.status.code))
        } catch {
            return .failed(String(describing: error))
        }
    }
}
