import CXCore
import CXServer
import CXStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite("Answer rollups")
struct RollupTests {
    @Test("rollups maintained during ingestion equal a rebuild from raw answers, through replays and partial → completed updates")
    func incrementalEqualsRebuild() async throws {
        let app = try await TestApp.make()
        let key = try await app.key("acme", .admin)
        try await app.test { client in
            try await client.defineSupportSurvey(key: key)
            // Partials first (some superseded later, one older partial ignored), with attributes.
            let first = (0..<40).map { response("s-\($0)", nps: $0 % 11, status: $0 % 4 == 0 ? "partial" : "completed") }
            #expect(try await client.send(.post, "/v1/responses", key: key, body: first.joined(separator: "\n"), contentType: "application/x-ndjson").status == .ok)
            // Later versions of the partials (a new week and new answers), replays, and an older partial.
            let updates = (0..<40).filter { $0 % 4 == 0 }.map { response("s-\($0)", nps: 10 - $0 % 11, at: "2026-11-10T09:00:00Z") }
            let replays = (0..<10).map { response("s-\($0 + 1)", nps: $0 % 11) }
            let older = [response("s-4", nps: 0, status: "partial", at: "2026-11-01T00:00:00Z")]
            #expect(try await client.send(.post, "/v1/responses", key: key, body: (updates + replays + older).joined(separator: "\n"), contentType: "application/x-ndjson").status == .ok)
        }
        let rows: PostgresQuery = """
            SELECT field_id || '|' || week || '|' || segment_key || '=' || segment_value || '|' || value || '|' || count
            FROM answer_rollups WHERE count <> 0 ORDER BY 1
            """
        let incremental = try await app.snapshot(rows)
        let rebuilt = try await app.database.withRunning { database in
            try await PostgresIngestStore(database: database).rebuildRollups(tenant: "acme")
        }
        #expect(try await app.snapshot(rows) == incremental)
        #expect(rebuilt == incremental.count)
        // The all-respondents rows count every numeric answer exactly once.
        #expect(try await app.count("SELECT sum(count)::int8 FROM answer_rollups WHERE segment_key = ''")
            == (try await app.count("SELECT count(*) FROM answers WHERE value_numeric IS NOT NULL")))
        // Superseded partials moved to their new week: week of 2026-11-09 holds the 10 updated NPS answers.
        #expect(try await app.count("SELECT sum(count)::int8 FROM answer_rollups WHERE segment_key = '' AND field_id = 'nps' AND week = '2026-11-09'") == 10)
        #expect(try await app.count("SELECT sum(count)::int8 FROM answer_rollups WHERE segment_key = 'segment' AND segment_value = 'smb' AND field_id = 'nps'") == 40)
    }
}
