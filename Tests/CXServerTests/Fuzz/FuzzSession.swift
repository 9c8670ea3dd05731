import CXCore
import CXServer
import CXStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import PropertyBased
import Testing

/// A running app on its own database for one fuzz test: the fuzzed tenant (`acme`, with the
/// example survey and experiment), a bystander tenant whose rows must never move, and one
/// connection pool kept open for the before/after row counts.
struct FuzzSession: Sendable {
    let client: any TestClientProtocol
    let database: Database
    let key: String
    let bystanderKey: String
    let configuration: ServerConfiguration

    static let tenant = "acme"
    static let bystander = "bystander"

    /// Runs `body` against a fresh app whose tenants have their survey, experiment and a
    /// little data of their own.
    static func run(_ body: @escaping @Sendable (FuzzSession) async throws -> Void) async throws {
        let app = try await TestApp.make()
        let key = try await app.key(tenant, .admin)
        let bystanderKey = try await app.key(bystander, .admin)
        let configuration = app.configuration
        try await app.database.withRunning { database in
            try await app.test { client in
                for admin in [key, bystanderKey] {
                    try await client.defineSupportSurvey(key: admin)
                    let experiment = try await client.send(.post, "/v1/experiments", key: admin, body: ItemGen.experiment)
                    guard experiment.status == .created else { throw TestFailure("experiment: \(experiment.status) \(experiment.body)") }
                }
                // The bystander's rows are the ones hostile requests of `acme` must not reach.
                for (uri, body) in [("/v1/responses", response("b-1")), ("/v1/outcomes", #"{"event_id":"b-1","unit":"u","type":"churn","occurred_at":"2026-11-03T11:00:00Z"}"#)] {
                    let result = try await client.send(.post, uri, key: bystanderKey, body: body)
                    guard result.status == .ok else { throw TestFailure("bystander data: \(result.status) \(result.body)") }
                }
                try await body(FuzzSession(client: client, database: database, key: key, bystanderKey: bystanderKey, configuration: configuration))
            }
        }
    }

    /// Sends raw bytes with the fuzzed tenant's key, unless `authorization` replaces the
    /// whole header (`nil` there sends none).
    func send(
        _ method: HTTPRequest.Method, _ uri: String, body: [UInt8], contentType: String = "application/json",
        authorization: String?? = .none, headers extra: HTTPFields = [:]
    ) async throws -> FuzzReply {
        var headers: HTTPFields = [.contentType: contentType]
        if let value = authorization ?? "Bearer \(key)" { headers[.authorization] = value }
        headers.append(contentsOf: extra)
        return try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(bytes: body)) { response in
            FuzzReply(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }

    /// Row counts of both tenants.
    func rows() async throws -> [TenantRows] {
        try await [TenantRows.read(Self.tenant, database), TenantRows.read(Self.bystander, database)]
    }
}

/// What the server answered.
struct FuzzReply: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String
}

/// Everything ingestion or a survey definition can add for one tenant.
struct TenantRows: Sendable, Equatable, CustomStringConvertible {
    var submissions = 0
    var answers = 0
    var indexScores = 0
    var rollupCount = 0
    var outcomes = 0
    var surveyVersions = 0
    var experiments = 0

    var description: String {
        "submissions \(submissions), answers \(answers), index scores \(indexScores), rolled-up \(rollupCount), "
            + "outcomes \(outcomes), survey versions \(surveyVersions), experiments \(experiments)"
    }

    static func read(_ tenant: String, _ database: Database) async throws -> TenantRows {
        let query: PostgresQuery = """
            SELECT (SELECT count(*) FROM submissions WHERE tenant_id = \(tenant)),
                   (SELECT count(*) FROM answers WHERE tenant_id = \(tenant)),
                   (SELECT count(*) FROM index_scores WHERE tenant_id = \(tenant)),
                   (SELECT coalesce(sum(count), 0)::int8 FROM answer_rollups WHERE tenant_id = \(tenant) AND segment_key = ''),
                   (SELECT count(*) FROM outcomes WHERE tenant_id = \(tenant)),
                   (SELECT count(*) FROM survey_versions WHERE tenant_id = \(tenant)),
                   (SELECT count(*) FROM experiments WHERE tenant_id = \(tenant))
            """
        let rows = try await database.rows(query) { try $0.decode((Int, Int, Int, Int, Int, Int, Int).self) }
        let (submissions, answers, indexScores, rollupCount, outcomes, surveyVersions, experiments) = rows[0]
        return TenantRows(
            submissions: submissions, answers: answers, indexScores: indexScores, rollupCount: rollupCount,
            outcomes: outcomes, surveyVersions: surveyVersions, experiments: experiments)
    }
}

/// Runs `count` cases drawn from `generator` by a PRNG with a fixed `seed`, so every run
/// sends the same requests; `body` returns the problems it found in a case. Stops after
/// five failing cases, reporting each with its number and input.
func fuzz<Value>(
    seed: UInt64, count: Int, _ generator: Generator<Value, some SendableSequenceType>,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (Value) async throws -> [String]
) async throws {
    var random = Xoshiro(seed: (seed, 0x9E37_79B9_7F4A_7C15, ~seed, 0xBF58_476D_1CE4_E5B9))
    var failures = 0
    for number in 0..<count {
        let value = generator.run(using: &random)
        let problems = try await body(value)
        if !problems.isEmpty {
            Issue.record("case \(number) of seed \(seed): \(problems.joined(separator: "; "))\ninput: \(value)", sourceLocation: sourceLocation)
            failures += 1
            if failures == 5 { return }
        }
    }
}
