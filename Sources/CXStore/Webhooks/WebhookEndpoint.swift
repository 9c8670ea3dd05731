import CXCore
import Foundation

/// A receiver of a tenant's outbound events. Its secret is never part of it: it is shown
/// once, when the endpoint is added.
public struct WebhookEndpoint: Sendable, Codable, Equatable {
    public var endpointID: String
    public var tenant: String
    public var url: String
    public var events: [WebhookEventType]
    public var enabled: Bool
    public var createdAt: Date
}

/// A newly added endpoint and its signing secret, shown once.
public struct AddedWebhookEndpoint: Sendable {
    public var endpoint: WebhookEndpoint
    public var secret: WebhookSecret
}
