import CXCore
import Logging
import PostgresNIO

/// Queues `response.received` for the responses an ingest transaction stored, inside that
/// transaction: a committed response always has its events queued, and a refused batch none.
/// The event's `data` is the response as accepted. One statement whatever the batch size;
/// with no subscribed endpoint it inserts nothing.
enum ResponseReceivedEvents {
    static func enqueue(tenants: [String], responses: [String], on connection: PostgresConnection, logger: Logger) async throws {
        let eventIDs = tenants.map { _ in WebhookIdentifiers.event() }
        try await connection.query(
            """
            INSERT INTO webhook_deliveries (tenant_id, event_id, endpoint_id, event_type, payload)
            SELECT u.t, u.e, w.endpoint_id, \(WebhookEventType.responseReceived.rawValue), u.r::jsonb
            FROM unnest(\(tenants)::text[], \(eventIDs)::text[], \(responses)::text[]) AS u(t, e, r)
            JOIN webhook_endpoints w
              ON w.tenant_id = u.t AND w.enabled AND \(WebhookEventType.responseReceived.rawValue) = ANY(w.event_types)
            """, logger: logger)
    }
}
