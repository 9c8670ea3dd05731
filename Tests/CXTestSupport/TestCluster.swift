import CXStore
import Foundation
import Logging
import PostgresNIO

/// The one throwaway PostgreSQL cluster of a test process, started through the same
/// ``EmbeddedCluster`` code the product uses, under /tmp (the server user must reach it).
///
/// Each suite gets its own database cloned from a migrated template, so suites run in
/// parallel without seeing each other's rows. The cluster is stopped and its directory
/// removed when the process exits.
public actor TestCluster {
    public static let shared = TestCluster()

    /// The one start-up, shared by every caller: the actor is re-entrant across `await`s,
    /// so suites asking at the same time must wait for the same task, not start their own.
    private var startup: Task<ClusterEndpoint, any Error>?
    private var databaseCount = 0
    public nonisolated let logger: Logger = {
        var logger = Logger(label: "cxloop-tests")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }()

    /// A fresh, migrated database of its own. A `PostgresClient` runs once, so callers make
    /// a ``Database`` from this configuration for each use.
    /// - Parameter migrated: `false` gives an empty database (for migration tests).
    public func makeDatabase(migrated: Bool = true) async throws -> PostgresClient.Configuration {
        let endpoint = try await start()
        databaseCount += 1
        let name = "t\(databaseCount)_\(UInt32.random(in: 0...UInt32.max))"
        try await admin(endpoint).withRunning { admin in
            try await admin.execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(migrated ? "cxloop_template" : "template0")"))
        }
        return Self.configuration(endpoint, database: name)
    }

    private func start() async throws -> ClusterEndpoint {
        if let startup { return try await startup.value }
        let task = Task { try await Self.startCluster(logger: logger) }
        startup = task
        return try await task.value
    }

    private static func startCluster(logger: Logger) async throws -> ClusterEndpoint {
        let home = "/tmp/cxloop-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let cluster = try EmbeddedCluster(home: home, logger: logger)
        let endpoint = try cluster.start(durable: false)
        TestClusterCleanup.register(cluster)
        let migrations = try Migration.load(from: try Migration.defaultDirectory())
        try await Database(configuration: configuration(endpoint, database: endpoint.database), logger: logger,
                             operationTimeout: operationTimeout).withRunning { admin in
            try await admin.execute("CREATE DATABASE cxloop_template")
        }
        _ = try await Database(configuration: configuration(endpoint, database: "cxloop_template"), logger: logger,
                               operationTimeout: operationTimeout).withRunning { template in
            try await MigrationRunner(database: template, migrations: migrations).migrate()
        }
        return endpoint
    }

    private func admin(_ endpoint: ClusterEndpoint) -> Database {
        database(Self.configuration(endpoint, database: endpoint.database))
    }

    /// How long a test's database operation may take. Longer than the service's 10 s: suites
    /// run in parallel on a small machine, and a loaded CI box must not turn slowness into
    /// `unavailable` errors. Tests of the deadline itself build their own pools.
    public static let operationTimeout = Duration.seconds(60)

    /// A new pool (a pool runs only once) on `configuration`, with the tests' operation timeout.
    public nonisolated func database(_ configuration: PostgresClient.Configuration) -> Database {
        Database(configuration: configuration, logger: logger, operationTimeout: Self.operationTimeout)
    }

    public static func configuration(_ endpoint: ClusterEndpoint, database: String) -> PostgresClient.Configuration {
        PostgresClient.Configuration(unixSocketPath: endpoint.unixSocketPath, username: endpoint.user, password: nil, database: database)
    }
}

/// Stops the test cluster at process exit (`atexit` takes no context, hence a global).
public enum TestClusterCleanup {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var clusters: [EmbeddedCluster] = []

    static func register(_ cluster: EmbeddedCluster) {
        lock.lock()
        defer { lock.unlock() }
        if clusters.isEmpty {
            atexit {
                for cluster in TestClusterCleanup.clusters {
                    try? cluster.stop(immediate: true)
                    try? FileManager.default.removeItem(atPath: cluster.home)
                }
            }
        }
        clusters.append(cluster)
    }

    /// Registers a cluster a test started itself, so it is cleaned up even if the test fails.
    public static func track(_ cluster: EmbeddedCluster) {
        register(cluster)
    }
}

extension TestCluster {
    /// A separate cluster for a test that stops or kills its server, so the shared one
    /// keeps serving the other suites. Cleaned up at process exit.
    public nonisolated func makePrivateCluster() throws -> EmbeddedCluster {
        let cluster = try EmbeddedCluster(home: "/tmp/cxloop-tests-\(getpid())-private-\(UInt32.random(in: 0...UInt32.max))", logger: logger)
        TestClusterCleanup.track(cluster)
        return cluster
    }
}
