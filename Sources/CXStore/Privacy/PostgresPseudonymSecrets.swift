import CXCore
import Logging
import NIOCore
import PostgresNIO

/// The tenants' pseudonymisation secrets on PostgreSQL (`pseudonym_secrets`, one per tenant).
///
/// A tenant with a secret has its respondent and unit identifiers replaced by pseudonyms
/// (``Pseudonymiser``) before they are stored. The secret is stored usable — it is an HMAC
/// key, needed to pseudonymise every new identifier — and is never read back by any listing.
public struct PostgresPseudonymSecrets: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Turns pseudonymisation on for `tenant` with `key`.
    /// - Returns: false, and changes nothing, when the tenant already has a secret: replacing it
    ///   would give every person a new pseudonym and break the joins with what is stored.
    public func enable(tenant: String, key: [UInt8]) async throws(StoreError) -> Bool {
        guard key.count >= Pseudonymiser.keyBytes else {
            throw StoreError(.failed, "a pseudonymisation secret must have at least \(Pseudonymiser.keyBytes) bytes, not \(key.count)")
        }
        let inserted = try await database.rows(
            """
            INSERT INTO pseudonym_secrets (tenant_id, secret) VALUES (\(tenant), \(ByteBuffer(bytes: key)))
            ON CONFLICT (tenant_id) DO NOTHING RETURNING 1
            """
        ) { _ in true }
        return !inserted.isEmpty
    }

    /// The tenant's pseudonymiser, or nil when its identifiers are stored as sent.
    public func pseudonymiser(tenant: String) async throws(StoreError) -> Pseudonymiser? {
        let logger = database.logger
        return try await database.connection { connection in
            try await Self.pseudonymiser(tenant: tenant, on: connection, logger: logger)
        }
    }

    /// The tenant's pseudonymiser read on `connection` (e.g. inside a transaction that must not
    /// use a cached one).
    static func pseudonymiser(tenant: String, on connection: PostgresConnection, logger: Logger) async throws -> Pseudonymiser? {
        let rows = try await connection.query("SELECT secret FROM pseudonym_secrets WHERE tenant_id = \(tenant)", logger: logger)
        for try await secret in rows.decode(ByteBuffer.self) {
            return Pseudonymiser(key: Array(secret.readableBytesView))
        }
        return nil
    }
}
