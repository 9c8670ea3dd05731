import CXCore
import CXServer
import CXStore
import HTTPTypes
import HummingbirdTesting
import Logging
import PostgresNIO
import Testing

@Suite("Row-level security as a second wall")
struct RowLevelSecurityTests {
    /// Runs `body` in a transaction as role cxloop_tenant with cxloop.tenant = `tenant` (nil: unset).
    static func asTenant<T: Sendable>(
        _ tenant: String?, on database: Database, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await database.transaction { connection in
            try await connection.query("SET LOCAL ROLE cxloop_tenant", logger: database.logger)
            if let tenant {
                try await connection.query("SELECT set_config('cxloop.tenant', \(tenant), true)", logger: database.logger)
            }
            return try await body(connection)
        }
    }

    static func count(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        var count = 0
        for try await value in try await connection.query(query, logger: logger).decode(Int.self) { count = value }
        return count
    }

    @Test("as cxloop_tenant a session sees and writes only its tenant's rows; the service's role is unchanged")
    func wall() async throws {
        let app = try await TestApp.make()
        let alpha = try await app.key("alpha", .admin)
        let beta = try await app.key("beta", .admin)
        try await app.test { client in
            for key in [alpha, beta] {
                try await client.defineSupportSurvey(key: key)
                #expect(try await client.send(.post, "/v1/responses", key: key, body: response("s-1")).status == .ok)
            }
            #expect(try await client.send(.post, "/v1/responses", key: alpha, body: response("s-2")).status == .ok)
        }
        #expect(try await app.count("SELECT count(*) FROM submissions") == 3)
        try await app.database.withRunning { database in
            let logger = database.logger
            let seen = try await Self.asTenant("alpha", on: database) { connection in
                try await Self.count("SELECT count(*) FROM submissions", on: connection, logger: logger)
            }
            #expect(seen == 2)
            let tenants = try await Self.asTenant("beta", on: database) { connection in
                try await Self.count("SELECT count(*) FROM tenants", on: connection, logger: logger)
            }
            #expect(tenants == 1)
            let unset = try await Self.asTenant(nil, on: database) { connection in
                try await Self.count("SELECT count(*) FROM submissions", on: connection, logger: logger)
            }
            #expect(unset == 0)
            // Writing another tenant's rows: an insert is refused (WITH CHECK), an update or delete finds nothing.
            await #expect(throws: StoreError.self) {
                try await Self.asTenant("alpha", on: database) { connection in
                    _ = try await connection.query("""
                        INSERT INTO outcomes (tenant_id, event_id, unit, type, occurred_at) VALUES ('beta', 'e-x', 'u', 'churn', now())
                        """, logger: logger)
                }
            }
            await #expect(throws: StoreError.self) {
                try await Self.asTenant("alpha", on: database) { connection in
                    _ = try await connection.query("UPDATE submissions SET tenant_id = 'beta' WHERE tenant_id = 'alpha'", logger: logger)
                }
            }
            let touched = try await Self.asTenant("alpha", on: database) { connection in
                try await Self.count("WITH d AS (DELETE FROM submissions WHERE tenant_id = 'beta' RETURNING 1) SELECT count(*) FROM d",
                                     on: connection, logger: logger)
            }
            #expect(touched == 0)
            // Its own tenant's rows it may write.
            let own = try await Self.asTenant("alpha", on: database) { connection in
                try await Self.count("""
                    WITH i AS (INSERT INTO outcomes (tenant_id, event_id, unit, type, occurred_at)
                               VALUES ('alpha', 'e-x', 'u', 'churn', now()) RETURNING 1) SELECT count(*) FROM i
                    """, on: connection, logger: logger)
            }
            #expect(own == 1)
        }
        #expect(try await app.count("SELECT count(*) FROM submissions WHERE tenant_id = 'beta'") == 1)
    }

    @Test("every table with a tenant_id has row-level security and the cxloop_tenant wall")
    func everyTenantTable() async throws {
        let app = try await TestApp.make()
        let uncovered = try await app.snapshot("""
            SELECT c.relname::text FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            WHERE c.relkind = 'r' AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')
              AND NOT (c.relrowsecurity AND EXISTS (
                  SELECT 1 FROM pg_policies p WHERE p.schemaname = n.nspname AND p.tablename = c.relname
                    AND p.policyname = 'cxloop_tenant_wall' AND p.permissive = 'RESTRICTIVE'))
            ORDER BY 1
            """)
        #expect(uncovered == [])
        #expect(try await app.count("SELECT count(*) FROM pg_policies WHERE policyname = 'cxloop_tenant_wall'") == 27)
    }
}
