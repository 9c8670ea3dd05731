import Foundation
import Logging
import PostgresNIO

/// Where cxloop's data lives (DESIGN.md §4): the server in `DATABASE_URL` when given,
/// otherwise the embedded cluster under `CXLOOP_HOME` (default `./.cxloop`), started on
/// demand and shared by every cxloop process using the same home.
public struct DatabaseEnvironment: Sendable {
    /// A `postgres://` URL of an existing server, or `nil` for the embedded cluster.
    public var url: String?
    /// The embedded cluster's directory.
    public var home: String

    /// Resolves flag > environment > default for the URL and the home.
    public init(url: String? = nil, home: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.url = url ?? environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        self.home = home ?? environment["CXLOOP_HOME"] ?? FileManager.default.currentDirectoryPath + "/.cxloop"
    }

    /// Whether this environment uses the embedded cluster.
    public var isEmbedded: Bool { url == nil }

    /// The embedded cluster of this environment.
    public func cluster(logger: Logger) throws -> EmbeddedCluster {
        try EmbeddedCluster(home: home, logger: logger)
    }

    /// The client configuration, starting the embedded cluster first when it is used.
    public func clientConfiguration(logger: Logger) throws -> PostgresClient.Configuration {
        if let url { return try DatabaseURL.configuration(from: url) }
        let endpoint = try cluster(logger: logger).start()
        return PostgresClient.Configuration(
            unixSocketPath: endpoint.unixSocketPath, username: endpoint.user, password: nil, database: endpoint.database)
    }

    /// Opens the database, runs `body` with the pool running and the schema migrated.
    public func withDatabase<T: Sendable>(logger: Logger, operationTimeout: Duration = .seconds(10),
                                          _ body: @Sendable (Database) async throws -> T) async throws -> T {
        let database = Database(configuration: try clientConfiguration(logger: logger), logger: logger,
                                operationTimeout: operationTimeout)
        let migrations = try Migration.load(from: try Migration.defaultDirectory())
        return try await database.withRunning { database in
            try await MigrationRunner(database: database, migrations: migrations).migrate()
            return try await body(database)
        }
    }
}
