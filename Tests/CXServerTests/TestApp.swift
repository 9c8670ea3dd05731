import CXCore
import CXServer
import CXStore
import CXTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO

/// A cxloop application on a fresh database of the shared test cluster, with helpers to
/// make keys, send requests and read rows.
struct TestApp {
    let databaseConfiguration: PostgresClient.Configuration
    var configuration = ServerConfiguration()

    /// A new pool on the app's database (a pool runs only once), with the tests' operation
    /// timeout (the outage tests build their own pools).
    var database: Database {
        TestCluster.shared.database(databaseConfiguration)
    }

    static func make(configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> TestApp {
        var app = TestApp(databaseConfiguration: try await TestCluster.shared.makeDatabase())
        configure(&app.configuration)
        return app
    }

    /// Runs `body` against the router (or, with `.live`, a server on a real socket), with the
    /// database pool running.
    func test(_ setup: TestingSetup = .router, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = buildApplication(configuration: configuration, database: database, migrations: [], logger: TestCluster.shared.logger)
        try await app.test(setup, body)
    }

    /// Creates a key (and the tenant) directly in the database.
    func key(_ tenant: String, _ scope: Scope) async throws -> String {
        try await database.withRunning { database in
            try await PostgresAPIKeyRepository(database: database).create(tenant: tenant, scope: scope).key
        }
    }

    /// Runs a query returning one integer (e.g. a count).
    func count(_ query: PostgresQuery) async throws -> Int {
        try await database.withRunning { database in
            try await database.rows(query) { try $0.decode(Int.self) }.first ?? 0
        }
    }

    /// Rows of a query as text, for before/after comparisons.
    func snapshot(_ query: PostgresQuery) async throws -> [String] {
        try await database.withRunning { database in
            try await database.rows(query) { try $0.decode(String.self) }
        }
    }
}

/// The example survey of DESIGN.md §5.
let supportSurvey = """
    {"title":"Support follow-up","population":"customer",
     "fields":[{"id":"nps","type":"nps"},
               {"id":"sat","type":"csat","scale":[1,5]},
               {"id":"effort","type":"ces","scale":[1,7]},
               {"id":"q03","type":"likert","scale":[1,5],"index":"engagement","reverse":true},
               {"id":"comment","type":"text"}]}
    """

func response(_ submission: String, nps: Int = 9, status: String = "completed", at: String = "2026-11-03T10:15:00Z", survey: String = "support") -> String {
    """
    {"survey":"\(survey)","submission_id":"\(submission)","respondent":"cust-42","submitted_at":"\(at)","status":"\(status)",\
    "answers":{"nps":\(nps),"sat":4,"effort":6,"comment":"quick"},"attributes":{"segment":"smb","channel":"web"}}
    """
}

extension TestClientProtocol {
    /// Sends a request with a bearer key and returns status, headers and body text.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, key: String?, body: String = "", contentType: String = "application/json"
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: String) {
        var headers: HTTPFields = [.contentType: contentType]
        if let key { headers[.authorization] = "Bearer \(key)" }
        return try await execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body)) { response in
            (response.status, response.headers, String(buffer: response.body))
        }
    }

    /// Defines the example survey `support` with an admin key.
    func defineSupportSurvey(key: String) async throws {
        let result = try await send(.put, "/v1/surveys/support", key: key, body: supportSurvey)
        guard result.status == .created || result.status == .ok else {
            throw TestFailure("survey definition failed: \(result.status) \(result.body)")
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Decodes a JSON body into a dictionary.
func json(_ body: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] ?? [:]
}
