import CXCore
import CXServer
import CXStore
import CXTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite("Database outage")
struct DatabaseOutageTests {
    @Test("database stopped mid-test: 503 with Retry-After and nothing written, then recovery without a restart")
    func outageAndRecovery() async throws {
        // A private cluster: stopping the shared one would break the other suites.
        let cluster = try TestCluster.shared.makePrivateCluster()
        let endpoint = try cluster.start(durable: false)
        let configuration = TestCluster.configuration(endpoint, database: endpoint.database)
        let logger = TestCluster.shared.logger
        let migrations = try Migration.load(from: try Migration.defaultDirectory())
        let key = try await TestCluster.shared.database(configuration).withRunning { database in
            try await MigrationRunner(database: database, migrations: migrations).migrate()
            return try await PostgresAPIKeyRepository(database: database).create(tenant: "acme", scope: .admin).key
        }
        let app = buildApplication(
            configuration: ServerConfiguration(), database: Database(configuration: configuration, logger: logger),
            migrations: migrations, logger: logger)
        try await app.test(.router) { client in
            try await client.defineSupportSurvey(key: key)
            #expect(try await client.send(.post, "/v1/responses", key: key, body: response("s-1")).status == .ok)

            try cluster.stop()
            let refused = try await client.send(.post, "/v1/responses", key: key, body: response("s-2"))
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "5")
            #expect(refused.body.contains("nothing was written"))
            #expect(try await client.send(.get, "/health", key: nil).status == .serviceUnavailable)

            _ = try cluster.start(durable: false)
            var recovered: HTTPResponse.Status = .serviceUnavailable
            for _ in 0..<40 where recovered != .ok {
                recovered = try await client.send(.post, "/v1/responses", key: key, body: response("s-2")).status
                if recovered != .ok { try await Task.sleep(for: .milliseconds(250)) }
            }
            #expect(recovered == .ok)
            #expect(try await client.send(.get, "/health", key: nil).status == .ok)
        }
        let stored = try await TestCluster.shared.database(configuration).withRunning { database in
            try await database.rows("SELECT submission_id FROM submissions ORDER BY 1") { try $0.decode(String.self) }
        }
        #expect(stored == ["s-1", "s-2"])
        try cluster.stop()
    }
}
