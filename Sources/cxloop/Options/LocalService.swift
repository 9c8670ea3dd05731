import CXDecide
import CXServer
import CXStore
import Foundation
import Logging
import ServiceLifecycle

/// cxloop's HTTP service run inside this process on a free port of 127.0.0.1, for commands
/// that drive the real API end to end (`demo`, `sim run`).
enum LocalService {
    /// Migrates, serves, runs `body` with the port, then shuts the service down. Simulations
    /// pass seeded `draws`, so that a run repeats.
    static func run(database: Database, logger: Logger, draws: DecisionDraws = .random,
                    _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let migrations = try Migration.load(from: try Migration.defaultDirectory())
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.rateLimit = 0
        configuration.decisionDraws = draws
        let app = buildApplication(configuration: configuration, database: database, migrations: migrations, logger: logger) { port in
            portContinuation.yield(port)
        }
        let services = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { portContinuation.finish() }
                try await services.run()
            }
            defer { Task { await services.triggerGracefulShutdown() } }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.waitForAll()  // the server stopped before listening: surface why
                return
            }
            try await body(port)
        }
    }
}
