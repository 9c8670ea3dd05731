import ArgumentParser
import CXServer
import CXStore
import Foundation
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP ingestion service.",
        discussion: """
            Migrates the database, then serves /v1/surveys, /v1/responses, /v1/outcomes, /health and \
            /metrics. SIGTERM or Ctrl-C stops accepting connections and finishes in-flight requests.

            Example:
              cxloop serve --host 0.0.0.0 --port 8080
              curl -s localhost:8080/health
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Address to bind (CXLOOP_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to bind (CXLOOP_PORT; default 8080; 0 picks a free port).")
    var port: Int?

    @Option(help: "Largest request body in bytes (CXLOOP_MAX_BODY_BYTES; default 16777216).")
    var maxBodyBytes: Int?

    @Option(help: "Most items per request (CXLOOP_MAX_BATCH_ITEMS; default 10000).")
    var maxBatchItems: Int?

    @Option(help: "Requests per second per API key before 429 (CXLOOP_RATE_LIMIT; default 5000; 0 = off).")
    var rateLimit: Double?

    @Option(help: "Seconds a connection may stay silent, e.g. a stalled sender, before it is closed (CXLOOP_IDLE_TIMEOUT; default 30).")
    var idleTimeout: Int?

    @Option(help: "Seconds a client may take to send a request body after its head (CXLOOP_BODY_TIMEOUT; default 60).")
    var bodyTimeout: Int?

    func validate() throws {
        if let idleTimeout, idleTimeout < 1 { throw ValidationError("--idle-timeout must be at least 1 second") }
        if let bodyTimeout, bodyTimeout < 1 { throw ValidationError("--body-timeout must be at least 1 second") }
        if let rateLimit, !(rateLimit >= 0 && rateLimit.isFinite) { throw ValidationError("--rate-limit must be 0 (off) or positive") }
    }

    func run() async throws {
        var configuration = ServerConfiguration.fromEnvironment(ProcessInfo.processInfo.environment)
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if let maxBodyBytes { configuration.maxBodyBytes = maxBodyBytes }
        if let maxBatchItems { configuration.maxBatchItems = maxBatchItems }
        if let rateLimit { configuration.rateLimit = rateLimit }
        if let idleTimeout { configuration.idleTimeoutSeconds = idleTimeout }
        if let bodyTimeout { configuration.bodyTimeoutSeconds = bodyTimeout }
        let logger = global.logger(defaultLevel: .info)
        let environment = global.environment
        let database = Database(configuration: try environment.clientConfiguration(logger: logger), logger: logger)
        let migrations = try Migration.load(from: try Migration.defaultDirectory())
        let host = configuration.host
        let app = buildApplication(configuration: configuration, database: database, migrations: migrations, logger: logger) { port in
            logger.notice("cxloop listening", metadata: ["address": "http://\(host):\(port)"])
        }
        try await app.runService()
    }
}
