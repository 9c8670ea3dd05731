import CXCore
import CXServer
import CXStore
import CXTestSupport
import Foundation
import Logging
import PostgresNIO

/// The synthetic dataset of `Reference/` (made by `make_reference.py`, which also computed
/// the expected reports independently), imported once through the ingestion path
/// (validation, idempotency, group-commit writer, rollups) into a database of its own.
enum ReferenceDataset {
    static let tenant = "ref"
    static let directory = Bundle.module.url(forResource: "Reference", withExtension: nil)!

    /// The loaded database's configuration; the first caller pays for the import.
    static let loaded = Task<PostgresClient.Configuration, any Error> {
        let configuration = try await TestCluster.shared.makeDatabase()
        let logger = TestCluster.shared.logger
        try await TestCluster.shared.database(configuration).withRunning { database in
            _ = try await PostgresAPIKeyRepository(database: database).create(tenant: tenant, scope: .admin)
            let surveys = PostgresSurveyRepository(database: database)
            for key in ["support", "pulse"] {
                let json = try JSONParser.parse(try Data(contentsOf: file("surveys/\(key).json")))
                _ = try await surveys.put(tenant: tenant, key: key, definition: try SurveyDefinition.parse(json).get())
            }
            let writer = GroupCommitWriter(store: PostgresIngestStore(database: database), logger: logger)
            let ingestor = Ingestor(surveys: surveys, writer: writer)
            for (name, isResponses) in [("responses.ndjson", true), ("outcomes.ndjson", false)] {
                let items = try BatchParser.parse(try Data(contentsOf: file(name)), ndjson: true)
                // Chunks in file order, as `cxloop import` sends them.
                for start in stride(from: 0, to: items.count, by: 1000) {
                    let chunk = Array(items[start..<min(start + 1000, items.count)])
                    let report = isResponses
                        ? try await ingestor.ingestResponses(chunk, tenant: tenant)
                        : try await ingestor.ingestOutcomes(chunk, tenant: tenant)
                    precondition(report.rejected.isEmpty, "reference item rejected: \(report.rejected)")
                }
            }
        }
        return configuration
    }

    static func file(_ name: String) -> URL {
        directory.appendingPathComponent(name)
    }

    /// The expected JSON of one invocation.
    static func expected(_ name: String) throws -> JSONValue {
        try JSONParser.parse(try Data(contentsOf: file(name)))
    }
}
