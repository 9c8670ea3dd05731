import CXStore
import Logging
import PostgresNIO

/// The run's submission ids as PostgreSQL holds them: how many rows each valid id `prefix-n`
/// has, and how many invalid ids `prefix-x…` were stored (there must be none).
struct StoredSubmissions: Sendable {
    var rowsPerItem: [Int: Int] = [:]
    var invalidRows = 0

    /// Reads the tenant's submissions of `prefix` from the embedded cluster under `home`.
    static func read(home: String, tenant: String, prefix: String, logger: Logger) async throws -> StoredSubmissions {
        let cluster = try EmbeddedCluster(home: home, logger: logger)
        guard case .running(_, let endpoint) = cluster.status() else {
            throw StoreError(.unavailable, "the embedded cluster under \(home) is not running")
        }
        let configuration = PostgresClient.Configuration(
            unixSocketPath: endpoint.unixSocketPath, username: endpoint.user, password: nil, database: endpoint.database)
        let database = Database(configuration: configuration, logger: logger, operationTimeout: .seconds(120))
        let ids = try await database.withRunning { database in
            try await database.rows(
                "SELECT submission_id FROM submissions WHERE tenant_id = \(tenant) AND starts_with(submission_id, \(prefix + "-"))"
            ) { row in try row.decode(String.self) }
        }
        var stored = StoredSubmissions()
        let invalidPrefix = prefix + "-x"
        for id in ids {
            if id.hasPrefix(invalidPrefix) {
                stored.invalidRows += 1
            } else if let number = Int(id.dropFirst(prefix.count + 1)) {
                stored.rowsPerItem[number, default: 0] += 1
            }
        }
        return stored
    }
}
