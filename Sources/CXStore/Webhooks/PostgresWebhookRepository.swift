import CXCore
import Foundation
import PostgresNIO

/// ``WebhookRepository`` on PostgreSQL (`webhook_inbound_secrets`, `webhook_endpoints`,
/// `webhook_deliveries`, migration 0009).
public struct PostgresWebhookRepository: WebhookRepository {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func rotateInboundSecret(tenant: String) async throws(StoreError) -> WebhookSecret {
        let secret = WebhookSecret.generate()
        try await requireTenant(tenant)
        try await database.execute(
            """
            INSERT INTO webhook_inbound_secrets (tenant_id, secret) VALUES (\(tenant), \(secret.encoded))
            ON CONFLICT (tenant_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now()
            """)
        return secret
    }

    public func inboundSecret(tenant: String) async throws(StoreError) -> WebhookSecret? {
        let rows = try await database.rows("SELECT secret FROM webhook_inbound_secrets WHERE tenant_id = \(tenant)") {
            try $0.decode(String.self)
        }
        guard let text = rows.first else { return nil }
        do {
            return try WebhookSecret(parsing: text)
        } catch {
            throw StoreError(.failed, "the stored inbound secret of tenant \(tenant) is not a whsec_ secret")
        }
    }

    public func addEndpoint(tenant: String, url: String, events: [WebhookEventType]) async throws(StoreError) -> AddedWebhookEndpoint {
        let secret = WebhookSecret.generate()
        let endpointID = WebhookIdentifiers.endpoint()
        let names = events.map(\.rawValue)
        try await requireTenant(tenant)
        let created = try await database.rows(
            """
            INSERT INTO webhook_endpoints (tenant_id, endpoint_id, url, secret, event_types)
            VALUES (\(tenant), \(endpointID), \(url), \(secret.encoded), \(names)::text[]) RETURNING created_at
            """) { try $0.decode(Date.self) }
        let endpoint = WebhookEndpoint(endpointID: endpointID, tenant: tenant, url: url, events: events, enabled: true,
                                       createdAt: created.first ?? Date())
        return AddedWebhookEndpoint(endpoint: endpoint, secret: secret)
    }

    public func endpoints(tenant: String) async throws(StoreError) -> [WebhookEndpoint] {
        try await database.rows(
            """
            SELECT endpoint_id, url, event_types, enabled, created_at FROM webhook_endpoints
            WHERE tenant_id = \(tenant) ORDER BY created_at, endpoint_id
            """
        ) { row in
            let (endpointID, url, events, enabled, createdAt) = try row.decode((String, String, [String], Bool, Date).self)
            return WebhookEndpoint(endpointID: endpointID, tenant: tenant, url: url, events: events.compactMap(WebhookEventType.init(rawValue:)),
                                   enabled: enabled, createdAt: createdAt)
        }
    }

    public func setEnabled(tenant: String, endpointID: String, enabled: Bool) async throws(StoreError) -> Bool {
        let rows = try await database.rows(
            """
            UPDATE webhook_endpoints SET enabled = \(enabled)
            WHERE tenant_id = \(tenant) AND endpoint_id = \(endpointID) RETURNING endpoint_id
            """) { try $0.decode(String.self) }
        return !rows.isEmpty
    }

    public func enqueue(tenant: String, event: WebhookEventType, data: String) async throws(StoreError) -> Int {
        let rows = try await database.rows(
            """
            INSERT INTO webhook_deliveries (tenant_id, event_id, endpoint_id, event_type, payload)
            SELECT tenant_id, \(WebhookIdentifiers.event()), endpoint_id, \(event.rawValue), \(data)::jsonb
            FROM webhook_endpoints
            WHERE tenant_id = \(tenant) AND enabled AND \(event.rawValue) = ANY(event_types)
            RETURNING delivery_id
            """) { try $0.decode(Int.self) }
        return rows.count
    }

    public func deliveries(tenant: String, state: WebhookDeliveryState?, limit: Int) async throws(StoreError) -> [WebhookDelivery] {
        try await database.rows(
            """
            SELECT delivery_id, event_id, endpoint_id, event_type, state, attempts, next_attempt_at,
                   last_status, last_error, created_at, delivered_at
            FROM webhook_deliveries
            WHERE tenant_id = \(tenant) AND (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue))
            ORDER BY created_at DESC, delivery_id DESC LIMIT \(limit)
            """
        ) { row in
            let (deliveryID, eventID, endpointID, eventType, state, attempts, nextAttemptAt, lastStatus, lastError, createdAt, deliveredAt) =
                try row.decode((Int, String, String, String, String, Int, Date, Int?, String?, Date, Date?).self)
            return WebhookDelivery(
                deliveryID: deliveryID, tenant: tenant, eventID: eventID, endpointID: endpointID, eventType: eventType,
                state: WebhookDeliveryState(rawValue: state) ?? .pending, attempts: attempts, nextAttemptAt: nextAttemptAt,
                lastStatus: lastStatus, lastError: lastError, createdAt: createdAt, deliveredAt: deliveredAt)
        }
    }

    public func replay(tenant: String, _ selection: WebhookReplaySelection) async throws(StoreError) -> Int {
        var dead = false
        var since: Date?
        var id: Int?
        switch selection {
        case .dead: dead = true
        case .since(let date): since = date
        case .id(let deliveryID): id = deliveryID
        }
        let rows = try await database.rows(
            """
            UPDATE webhook_deliveries
            SET state = 'pending', attempts = 0, next_attempt_at = now(), last_error = NULL, delivered_at = NULL
            WHERE tenant_id = \(tenant) AND state <> 'pending'
              AND (NOT \(dead) OR state = 'dead')
              AND (\(since)::timestamptz IS NULL OR created_at >= \(since))
              AND (\(id)::int8 IS NULL OR delivery_id = \(id))
            RETURNING delivery_id
            """) { try $0.decode(Int.self) }
        return rows.count
    }

    public func claimDue(limit: Int, leaseSeconds: Double) async throws(StoreError) -> [ClaimedWebhookDelivery] {
        let rows = try await database.rows(
            """
            UPDATE webhook_deliveries d
            SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => \(leaseSeconds))
            FROM (SELECT q.tenant_id, q.delivery_id
                  FROM webhook_deliveries q
                  JOIN webhook_endpoints e ON e.tenant_id = q.tenant_id AND e.endpoint_id = q.endpoint_id AND e.enabled
                  WHERE q.state = 'pending' AND q.next_attempt_at <= now()
                  ORDER BY q.next_attempt_at LIMIT \(limit)
                  FOR UPDATE OF q SKIP LOCKED) due, webhook_endpoints e
            WHERE d.tenant_id = due.tenant_id AND d.delivery_id = due.delivery_id
              AND e.tenant_id = d.tenant_id AND e.endpoint_id = d.endpoint_id
            RETURNING d.tenant_id, d.delivery_id, d.event_id, d.event_type, d.payload::text, d.created_at, d.attempts, e.url, e.secret
            """
        ) { row in try row.decode((String, Int, String, String, String, Date, Int, String, String).self) }
        var claimed: [ClaimedWebhookDelivery] = []
        for (tenant, deliveryID, eventID, eventType, data, createdAt, attempt, url, secret) in rows {
            guard let secret = try? WebhookSecret(parsing: secret) else {
                throw StoreError(.failed, "the stored secret of a webhook endpoint of tenant \(tenant) is not a whsec_ secret")
            }
            claimed.append(ClaimedWebhookDelivery(
                tenant: tenant, deliveryID: deliveryID, eventID: eventID, eventType: eventType, data: data,
                createdAt: createdAt, attempt: attempt, url: url, secret: secret))
        }
        return claimed
    }

    public func markDelivered(_ delivery: ClaimedWebhookDelivery, status: Int) async throws(StoreError) {
        try await database.execute(
            """
            UPDATE webhook_deliveries
            SET state = 'delivered', delivered_at = now(), last_status = \(status), last_error = NULL
            WHERE tenant_id = \(delivery.tenant) AND delivery_id = \(delivery.deliveryID)
              AND attempts = \(delivery.attempt) AND state = 'pending'
            """)
    }

    public func markFailed(_ delivery: ClaimedWebhookDelivery, status: Int?, error: String, retryAfterSeconds: Double?) async throws(StoreError) {
        let state: WebhookDeliveryState = retryAfterSeconds == nil ? .dead : .pending
        try await database.execute(
            """
            UPDATE webhook_deliveries
            SET state = \(state.rawValue), last_status = \(status), last_error = \(String(error.prefix(500))),
                next_attempt_at = now() + make_interval(secs => \(retryAfterSeconds ?? 0))
            WHERE tenant_id = \(delivery.tenant) AND delivery_id = \(delivery.deliveryID)
              AND attempts = \(delivery.attempt) AND state = 'pending'
            """)
    }

    /// Refuses a tenant that does not exist, naming it (rather than a foreign-key error).
    private func requireTenant(_ tenant: String) async throws(StoreError) {
        let rows = try await database.rows("SELECT 1 FROM tenants WHERE tenant_id = \(tenant)") { try $0.decode(Int.self) }
        guard !rows.isEmpty else {
            throw StoreError(.notFound, "no tenant \(tenant); create it with: cxloop keys create --tenant \(tenant) --scope admin")
        }
    }
}
