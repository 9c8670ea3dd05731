import CXStore

extension TestCluster {
    /// Runs `body` on a fresh database that has the migrations before `version` only: a
    /// migration test writes rows in the old schema, calls `migrateRest`, and checks what the
    /// remaining migrations made of them.
    public func withDatabase(
        migratedBefore version: Int, _ body: @escaping @Sendable (Database, _ migrateRest: @Sendable () async throws -> Void) async throws -> Void
    ) async throws {
        let configuration = try await makeDatabase(migrated: false)
        let migrations = try Migration.load(from: try Migration.defaultDirectory())
        try await database(configuration).withRunning { database in
            _ = try await MigrationRunner(database: database, migrations: migrations.filter { $0.version < version }).migrate()
            try await body(database) { _ = try await MigrationRunner(database: database, migrations: migrations).migrate() }
        }
    }
}
