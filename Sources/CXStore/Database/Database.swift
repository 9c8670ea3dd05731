import Logging
import PostgresNIO
import ServiceLifecycle

/// The PostgreSQL connection pool plus the policies every repository shares: a deadline
/// on each operation and one classification of errors (``StoreError``).
///
/// `run()` must be running (as a service, or via ``withRunning(_:)``) for queries to work.
public final class Database: Service, Sendable {
    public let client: PostgresClient
    public let logger: Logger
    /// How long one operation may wait, including waiting for a connection, before it
    /// fails as ``StoreError/Code/unavailable``.
    public let operationTimeout: Duration
    /// Refuses operations at once while the database is known to be down.
    let gate = AvailabilityGate()

    public init(configuration: PostgresClient.Configuration, logger: Logger, operationTimeout: Duration = .seconds(10)) {
        var configuration = configuration
        configuration.options.connectTimeout = .seconds(3)
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
        self.operationTimeout = operationTimeout
    }

    public func run() async {
        await client.run()
    }

    /// Runs `body` with the pool running, then shuts the pool down.
    public func withRunning<T: Sendable>(_ body: @Sendable (Database) async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.client.run() }
            defer { group.cancelAll() }
            return try await body(self)
        }
    }

    /// Runs `body` in a transaction, with the operation deadline and error classification.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await withDeadline { [client, logger] in
            try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    /// Runs `body` on a pooled connection, with the deadline and error classification.
    public func connection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await withDeadline { [client] in
            try await client.withConnection { connection in try await body(connection) }
        }
    }

    /// Runs one query and decodes every row with `decode`.
    public func rows<T: Sendable>(_ query: PostgresQuery, _ decode: @escaping @Sendable (PostgresRow) throws -> T) async throws(StoreError) -> [T] {
        try await connection { connection in
            var results: [T] = []
            for try await row in try await connection.query(query, logger: self.logger) {
                results.append(try decode(row))
            }
            return results
        }
    }

    /// Checks that the database answers (`SELECT 1`).
    public func ping() async throws(StoreError) {
        try await execute("SELECT 1")
    }

    /// Runs one statement, discarding any rows.
    public func execute(_ query: PostgresQuery) async throws(StoreError) {
        _ = try await rows(query) { _ in () }
    }

    /// Runs `operation` through the ``AvailabilityGate`` with the deadline, classifying errors.
    private func withDeadline<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws(StoreError) -> T {
        let admission = gate.admit()
        guard admission != .refuse else {
            throw StoreError(.unavailable, "database unavailable: it did not answer recently, and another request is checking whether it is back")
        }
        do {
            let result = try await withHardDeadline(operationTimeout, timeoutError: { [operationTimeout] in
                StoreError(.unavailable, "database did not answer within \(operationTimeout)")
            }, operation)
            gate.finished(admission, reachedServer: true)
            return result
        } catch {
            let classified = StoreError.classify(error)
            if Task.isCancelled || error is CancellationError {  // the caller gave up: nothing learnt
                gate.abandoned(admission)
            } else {
                gate.finished(admission, reachedServer: classified.code != .unavailable)
            }
            if classified.code == .unavailable {
                logger.warning("database unavailable", metadata: ["error": "\(error)"])
            } else {
                logger.error("database error", metadata: ["error": "\(error)"])
            }
            throw classified
        }
    }
}
