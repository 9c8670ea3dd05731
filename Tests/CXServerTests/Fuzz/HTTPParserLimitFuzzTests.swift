import CXCore
import CXServer
import CXTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// Limits enforced by the HTTP parser (SwiftNIO's, 80 KiB of header fields), before any
/// route or middleware of cxloop runs; only a live socket reaches them.
@Suite("Fuzz: HTTP parser limits")
struct HTTPParserLimitFuzzTests {
    @Test("a header over the parser's 80 KiB limit is refused with 400 before any route runs, writes nothing, and the server keeps serving")
    func headerOverParserLimit() async throws {
        let app = try await TestApp.make { $0.port = 0 }
        let key = try await app.key(FuzzSession.tenant, .admin)
        let before = try await app.count("SELECT count(*) FROM outcomes")
        let application = buildApplication(configuration: app.configuration, database: app.database, migrations: [], logger: TestCluster.shared.logger)
        try await application.test(.live) { client in
            let port = try #require(client.port)
            let outcome = IngestFuzzTests.validItem(.outcomes)
            var headers: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(key)"]
            headers[HTTPField.Name("x-fuzz")!] = String(repeating: "A", count: 81 * 1024)
            let refused = try await client.execute(uri: "/v1/outcomes", method: .post, headers: headers, body: ByteBuffer(string: outcome))
            // SwiftNIO's `HTTPServerProtocolErrorHandler` answers before cxloop sees the request:
            // 400, no body (so not the JSON error body of the API), connection closed.
            #expect(refused.status == .badRequest)
            #expect(refused.headers[.connection] == "close")
            #expect(refused.body.readableBytes == 0)
            // A new connection is served as usual.
            let accepted = try await TestClient.withClient(host: "localhost", port: port) { fresh in
                try await fresh.post(
                    "/v1/outcomes", headers: [.contentType: "application/json", .authorization: "Bearer \(key)"],
                    body: ByteBuffer(string: IngestFuzzTests.validItem(.outcomes)))
            }
            #expect(accepted.status == .ok)
        }
        #expect(try await app.count("SELECT count(*) FROM outcomes") == before + 1)
    }
}
