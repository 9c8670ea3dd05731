import CXCore
import CXStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `POST /v1/webhooks/{tenant}/responses`: survey tools push responses signed with the
/// tenant's inbound secret (Standard Webhooks: `webhook-id`, `webhook-timestamp`,
/// `webhook-signature`) instead of sending a bearer key. A verified body then takes exactly
/// the path of `POST /v1/responses` (same parsing, limits, validation and writer).
///
/// A missing or bad signature, an unknown tenant or one without an inbound secret, and a
/// timestamp more than 5 minutes off (a replay) are all 401, with a message naming the
/// header and the rule.
struct InboundWebhookController {
    typealias Context = AppRequestContext
    let ingest: IngestController
    let secrets: any WebhookRepository
    let tolerance: TimeInterval

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("webhooks/:tenant/responses", use: responses)
    }

    @Sendable func responses(request: Request, context: Context) async throws -> IngestSummary {
        let tenant = try context.parameters.require("tenant")
        let body = try await request.body.collectWithinLimit(ingest.maxBodyBytes)
        guard let secret = try await secrets.inboundSecret(tenant: tenant) else {
            throw APIError(.unauthorized, "tenant '\(tenant)' accepts no signed webhooks; create its secret with: cxloop webhooks inbound-secret --tenant \(tenant)")
        }
        let headers = WebhookSignature.Headers(
            id: request.headers[values: HTTPField.Name(WebhookSignature.idHeader)!].first,
            timestamp: request.headers[values: HTTPField.Name(WebhookSignature.timestampHeader)!].first,
            signature: request.headers[values: HTTPField.Name(WebhookSignature.signatureHeader)!].first)
        do {
            try WebhookSignature.verify(headers, body: body.readableBytesView, secret: secret, tolerance: tolerance)
        } catch {
            throw APIError(.unauthorized, error.message)
        }
        return try await ingest.ingestor.ingestResponses(try ingest.items(in: body, of: request), tenant: tenant).summary
    }
}
