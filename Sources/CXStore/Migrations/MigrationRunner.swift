import Logging
import PostgresNIO

/// Applies migrations in order, each in its own transaction, recording them in
/// `schema_migrations (version, name, checksum, applied_at)`.
///
/// A session advisory lock makes concurrent starts safe: the second process waits, then
/// finds everything applied. An applied migration whose file changed is an error.
public struct MigrationRunner: Sendable {
    /// Advisory lock key: "cxloop" in ASCII.
    static let lockKey: Int64 = 0x63_78_6c_6f_6f_70

    public let database: Database
    public let migrations: [Migration]

    public init(database: Database, migrations: [Migration]) {
        self.database = database
        self.migrations = migrations
    }

    /// Applies what is missing and returns the versions applied now.
    @discardableResult
    public func migrate() async throws -> [Int] {
        let logger = database.logger
        let migrations = self.migrations
        return try await database.connection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
            do {
                let applied = try await Self.migrate(migrations, on: connection, logger: logger)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                throw error
            }
        }
    }

    private static func migrate(_ migrations: [Migration], on connection: PostgresConnection, logger: Logger) async throws -> [Int] {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, logger: logger)
        var recorded: [Int: String] = [:]
        for try await (version, checksum) in try await connection.query(
            "SELECT version, checksum FROM schema_migrations", logger: logger
        ).decode((Int, String).self) {
            recorded[version] = checksum
        }
        var applied: [Int] = []
        for migration in migrations {
            if let checksum = recorded[migration.version] {
                guard checksum == migration.checksum else {
                    throw MigrationError(
                        "migration \(migration.version)_\(migration.name) was changed after it was applied "
                            + "(checksum \(checksum.prefix(12))… in the database, \(migration.checksum.prefix(12))… on disk); "
                            + "add a new migration instead of editing an applied one")
                }
                continue
            }
            logger.info("applying migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            do {
                try await connection.withTransaction(logger: logger) { connection in
                    for statement in SQLStatements.split(migration.sql) {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        "INSERT INTO schema_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))",
                        logger: logger)
                }
            } catch {
                throw MigrationError("migration \(migration.version)_\(migration.name) failed: \(String(reflecting: error))")
            }
            applied.append(migration.version)
        }
        return applied
    }
}
