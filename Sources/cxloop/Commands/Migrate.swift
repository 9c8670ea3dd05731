import ArgumentParser
import CXStore

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending schema migrations (sql/migrations).",
        discussion: """
            Every command migrates on start when needed; this runs it on its own, e.g. before \
            a deployment, and gives it an hour instead of a command's 10 seconds: a migration that \
            builds derived data (0011, the experiments' per-unit sums) takes about a minute per \
            million assigned units. Safe to run concurrently; an edited applied migration is an error.

            Example:
              DATABASE_URL=postgres://cx@db.internal/cx cxloop migrate
            """)

    @OptionGroup var global: GlobalOptions

    /// How long one migration may run.
    static let operationTimeout = Duration.seconds(3_600)

    func run() async throws {
        let logger = global.logger()
        let environment = global.environment
        let migrations = try Migration.load(from: try Migration.defaultDirectory())
        let database = Database(configuration: try environment.clientConfiguration(logger: logger), logger: logger,
                                operationTimeout: Self.operationTimeout)
        let applied = try await database.withRunning { database in
            try await MigrationRunner(database: database, migrations: migrations).migrate()
        }
        print(applied.isEmpty ? "schema up to date (\(migrations.count) migrations)" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
    }
}
