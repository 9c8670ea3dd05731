import CXCore
import Foundation

/// Storage of webhook secrets, endpoints and the durable delivery queue. Every method but
/// the worker's (``claimDue(limit:leaseSeconds:)`` and the two that record its attempts,
/// which are keyed by the claimed row's tenant) reads and writes one tenant only.
public protocol WebhookRepository: Sendable {
    /// Creates or replaces `tenant`'s inbound secret; returns it (to be shown once).
    func rotateInboundSecret(tenant: String) async throws(StoreError) -> WebhookSecret
    /// `tenant`'s inbound secret, nil when it has none (or does not exist).
    func inboundSecret(tenant: String) async throws(StoreError) -> WebhookSecret?

    /// Adds an endpoint receiving `events` at `url`, with a new secret.
    func addEndpoint(tenant: String, url: String, events: [WebhookEventType]) async throws(StoreError) -> AddedWebhookEndpoint
    func endpoints(tenant: String) async throws(StoreError) -> [WebhookEndpoint]
    /// Enables or disables an endpoint (a disabled one gets no new events, and its pending
    /// deliveries wait); `false` when the tenant has no such endpoint.
    func setEnabled(tenant: String, endpointID: String, enabled: Bool) async throws(StoreError) -> Bool

    /// Queues `event` with `data` (JSON text) for each enabled endpoint of `tenant` subscribed
    /// to it; returns the number of deliveries queued.
    func enqueue(tenant: String, event: WebhookEventType, data: String) async throws(StoreError) -> Int
    /// `tenant`'s deliveries, newest first, optionally in one state.
    func deliveries(tenant: String, state: WebhookDeliveryState?, limit: Int) async throws(StoreError) -> [WebhookDelivery]
    /// Makes the selected delivered or dead deliveries pending again, due now, with their
    /// attempts reset; returns how many.
    func replay(tenant: String, _ selection: WebhookReplaySelection) async throws(StoreError) -> Int

    /// Claims up to `limit` due pending deliveries of enabled endpoints (every tenant), counting
    /// the attempt and leasing each for `leaseSeconds`, after which an unfinished attempt is due again.
    func claimDue(limit: Int, leaseSeconds: Double) async throws(StoreError) -> [ClaimedWebhookDelivery]
    /// Records a successful attempt.
    func markDelivered(_ delivery: ClaimedWebhookDelivery, status: Int) async throws(StoreError)
    /// Records a failed attempt: retried after `retryAfterSeconds`, or dead when that is nil.
    func markFailed(_ delivery: ClaimedWebhookDelivery, status: Int?, error: String, retryAfterSeconds: Double?) async throws(StoreError)
}
