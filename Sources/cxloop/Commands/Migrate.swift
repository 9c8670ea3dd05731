import ArgumentParser
import CXStore

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending schema migrations (sql/migrations).",
        discussion: """
            Every command migrates on start when needed; this runs it on its own, e.g. before \
            a deployment. Safe to run concurrently; an edited applied migration is an error.

            Example:
              DATABASE_URL=postgres://cx@db.internal/cx cxloop migrate
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.logger()
        let environment = global.environment
        let migrations = try Migration.load(from: try Migration.defaultDirectory())
        let database = Database(configuration: try environment.clientConfiguration(logger: logger), logger: logger)
        let applied = try await database.withRunning { database in
            try await MigrationRunner(database: database, migrations: migrations).migrate()
        }
        print(applied.isEmpty ? "schema up to date (\(migrations.count) migrations)" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
    }
}
