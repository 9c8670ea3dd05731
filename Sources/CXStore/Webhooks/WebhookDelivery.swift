import CXCore
import Foundation

/// Where a delivery is in its life: waiting for an attempt, done, or given up.
public enum WebhookDeliveryState: String, Sendable, Codable, CaseIterable {
    case pending
    case delivered
    case dead
}

/// One event for one endpoint, as `webhooks deliveries` lists it.
public struct WebhookDelivery: Sendable, Codable, Equatable {
    public var deliveryID: Int
    public var tenant: String
    public var eventID: String
    public var endpointID: String
    public var eventType: String
    public var state: WebhookDeliveryState
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastStatus: Int?
    public var lastError: String?
    public var createdAt: Date
    public var deliveredAt: Date?
}

/// A delivery claimed by a worker for one attempt, with what sending it needs.
public struct ClaimedWebhookDelivery: Sendable {
    public var tenant: String
    public var deliveryID: Int
    /// The `webhook-id` header: the same on every attempt and replay.
    public var eventID: String
    public var eventType: String
    /// The event's `data`, as JSON text.
    public var data: String
    public var createdAt: Date
    /// This attempt's number, from 1.
    public var attempt: Int
    public var url: String
    public var secret: WebhookSecret

    /// The request body: `{"type":…,"timestamp":…,"data":…}` (the Standard Webhooks
    /// payload shape), the same bytes on every attempt.
    public var body: String {
        #"{"type":"\#(eventType)","timestamp":"\#(Timestamp.format(createdAt))","data":\#(data)}"#
    }
}

/// Which finished deliveries `webhooks replay` sends again.
public enum WebhookReplaySelection: Sendable {
    /// Every dead delivery.
    case dead
    /// Every delivered or dead delivery created at or after the time.
    case since(Date)
    /// One delivery.
    case id(Int)
}
