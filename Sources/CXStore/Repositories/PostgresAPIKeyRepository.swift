import CXCore
import Foundation
import NIOCore
import PostgresNIO

/// ``APIKeyRepository`` on PostgreSQL (`tenants`, `api_keys`).
public struct PostgresAPIKeyRepository: APIKeyRepository {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func create(tenant: String, scope: Scope) async throws(StoreError) -> IssuedKey {
        let (key, keyID) = APIKeyFormat.generate()
        let hash = ByteBuffer(bytes: APIKeyFormat.hash(key))
        let logger = database.logger
        try await database.transaction { connection in
            try await connection.query(
                "INSERT INTO tenants (tenant_id) VALUES (\(tenant)) ON CONFLICT DO NOTHING", logger: logger)
            try await connection.query(
                "INSERT INTO api_keys (tenant_id, key_id, key_hash, scope) VALUES (\(tenant), \(keyID), \(hash), \(scope.rawValue))",
                logger: logger)
        }
        return IssuedKey(key: key, keyID: keyID, tenant: tenant, scope: scope)
    }

    public func authenticate(key: String) async throws(StoreError) -> Principal? {
        let hash = ByteBuffer(bytes: APIKeyFormat.hash(key))
        let rows = try await database.rows(
            "SELECT tenant_id, scope, key_id FROM api_keys WHERE key_hash = \(hash) AND revoked_at IS NULL"
        ) { row in try row.decode((String, String, String).self) }
        guard let (tenant, scope, keyID) = rows.first, let parsed = Scope(rawValue: scope) else { return nil }
        return Principal(tenant: tenant, scope: parsed, keyID: keyID)
    }

    public func list(tenant: String?) async throws(StoreError) -> [APIKeyInfo] {
        try await database.rows(
            """
            SELECT key_id, tenant_id, scope, created_at, revoked_at FROM api_keys
            WHERE \(tenant)::text IS NULL OR tenant_id = \(tenant) ORDER BY tenant_id, created_at
            """
        ) { row in
            let (keyID, tenant, scope, createdAt, revokedAt) = try row.decode((String, String, String, Date, Date?).self)
            return APIKeyInfo(keyID: keyID, tenant: tenant, scope: Scope(rawValue: scope) ?? .read, createdAt: createdAt, revokedAt: revokedAt)
        }
    }

    public func revoke(tenant: String, keyID: String) async throws(StoreError) -> Bool {
        let rows = try await database.rows(
            """
            UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
            WHERE tenant_id = \(tenant) AND key_id = \(keyID) RETURNING key_id
            """
        ) { row in try row.decode(String.self) }
        return !rows.isEmpty
    }

    public func tenants() async throws(StoreError) -> [String] {
        try await database.rows("SELECT tenant_id FROM tenants ORDER BY tenant_id") { row in try row.decode(String.self) }
    }
}
