import ArgumentParser
import CXStore
import Foundation
import Logging

/// Options every database-using command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "PostgreSQL URL (overrides DATABASE_URL); omit to use the embedded cluster.")
    var databaseURL: String?

    @Option(help: "Directory of the embedded cluster (overrides CXLOOP_HOME; default ./.cxloop).")
    var home: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (overrides LOG_LEVEL; default warning).")
    var logLevel: String?

    var environment: DatabaseEnvironment {
        DatabaseEnvironment(url: databaseURL, home: home)
    }

    /// A logger writing to stderr, so stdout stays clean for output.
    func logger(label: String = "cxloop", defaultLevel: Logger.Level = .warning) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        let level = logLevel ?? ProcessInfo.processInfo.environment["LOG_LEVEL"]
        logger.logLevel = level.flatMap(Logger.Level.init(rawValue:)) ?? defaultLevel
        return logger
    }
}

extension GlobalOptions {
    /// Runs `body` on the configured database (migrated) with `--tenant` resolved: the given
    /// tenant, or the only one. Each database operation may take `operationTimeout` (longer for
    /// analyses that aggregate millions of rows).
    func withTenant<T: Sendable>(
        _ tenant: String?, logger: Logger? = nil, operationTimeout: Duration = .seconds(10),
        _ body: @escaping @Sendable (Database, String) async throws -> T
    ) async throws -> T {
        try await environment.withDatabase(logger: logger ?? self.logger(), operationTimeout: operationTimeout) { database in
            try await body(database, try await resolveTenant(tenant, keys: PostgresAPIKeyRepository(database: database)))
        }
    }
}

/// Output format of listing commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// Resolves `--tenant`: the given one, or the only tenant when there is exactly one.
func resolveTenant(_ given: String?, keys: any APIKeyRepository) async throws -> String {
    if let given { return given }
    let tenants = try await keys.tenants()
    guard tenants.count == 1 else {
        throw ValidationError(
            tenants.isEmpty
                ? "no tenant exists yet; create one with: cxloop keys create --tenant NAME --scope admin"
                : "several tenants exist (\(tenants.joined(separator: ", "))); choose one with --tenant")
    }
    return tenants[0]
}
