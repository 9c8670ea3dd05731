import CXStore
import CXTestSupport
import Foundation
import PostgresNIO
import Testing

@Suite("Migrations")
struct MigrationRunnerTests {
    let logger = TestCluster.shared.logger

    @Test("applying twice applies nothing the second time; a changed applied migration is refused")
    func idempotentAndChecksumGuarded() async throws {
        // An empty database (not the migrated template) to watch a first migration happen.
        let configuration = try await TestCluster.shared.makeDatabase(migrated: false)
        let migrations = [
            Migration(version: 1, name: "one", sql: "CREATE TABLE t1 (id int PRIMARY KEY); -- a comment; with a semicolon\nINSERT INTO t1 VALUES (1);"),
            Migration(version: 2, name: "two", sql: "CREATE TABLE t2 (body text DEFAULT 'a;b'); CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;"),
        ]
        try await TestCluster.shared.database(configuration).withRunning { (database: Database) async throws in
            let runner = MigrationRunner(database: database, migrations: migrations)
            #expect(try await runner.migrate() == [1, 2])
            #expect(try await runner.migrate() == [])
            #expect(try await database.rows("SELECT version FROM schema_migrations ORDER BY 1") { try $0.decode(Int.self) } == [1, 2])
            #expect(try await database.rows("SELECT f()") { try $0.decode(Int.self) } == [1])

            var edited = migrations
            edited[0].sql += "\n-- edited"
            let error = await #expect(throws: StoreError.self) {
                try await MigrationRunner(database: database, migrations: edited).migrate()
            }
            #expect(error?.message.contains("was changed after it was applied") == true)
        }
    }

    @Test("a failing migration is rolled back whole and not recorded")
    func failingMigrationRollsBack() async throws {
        let configuration = try await TestCluster.shared.makeDatabase(migrated: false)
        let broken = Migration(version: 900, name: "broken", sql: "CREATE TABLE half (id int); SELECT no_such_function();")
        try await TestCluster.shared.database(configuration).withRunning { (database: Database) async throws in
            await #expect(throws: StoreError.self) {
                try await MigrationRunner(database: database, migrations: [broken]).migrate()
            }
            #expect(try await database.rows("SELECT count(*) FROM pg_tables WHERE tablename = 'half'") { try $0.decode(Int.self) } == [0])
            #expect(try await database.rows("SELECT count(*) FROM schema_migrations WHERE version = 900") { try $0.decode(Int.self) } == [0])
        }
    }

    @Test("concurrent runners apply each migration exactly once")
    func concurrentStarts() async throws {
        let configuration = try await TestCluster.shared.makeDatabase(migrated: false)
        let migrations = [Migration(version: 950, name: "slow", sql: "SELECT pg_sleep(0.3); CREATE TABLE once (id int);")]
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<3 {
                group.addTask {
                    try await TestCluster.shared.database(configuration).withRunning { (database: Database) async throws in
                        try await MigrationRunner(database: database, migrations: migrations).migrate()
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(applied == [950])
        let count = try await TestCluster.shared.database(configuration).withRunning { database in
            try await database.rows("SELECT count(*) FROM schema_migrations") { try $0.decode(Int.self) }
        }
        #expect(count == [1])
    }

    @Test("the project's migration files load in order with stable checksums")
    func projectMigrations() throws {
        let migrations = try Migration.load(from: try Migration.defaultDirectory())
        #expect(migrations.first?.version == 1)
        #expect(migrations.map(\.version) == migrations.map(\.version).sorted())
        #expect(migrations.allSatisfy { $0.checksum.count == 64 })
    }
}
