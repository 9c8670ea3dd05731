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

    @Test("one transaction over several tenants and surveys, replacing partials at a week boundary, twice in one batch or with the same answers, equals a rebuild")
    func transactionAcrossSurveysEqualsRebuild() async throws {
        let app = try await TestApp.make()
        let tenants = ["acme", "globex"]
        let surveys = ["support", "pulse"]
        for tenant in tenants {
            let key = try await app.key(tenant, .admin)
            try await app.test { client in
                for survey in surveys {
                    let defined = try await client.send(.put, "/v1/surveys/\(survey)", key: key, body: supportSurvey)
                    #expect(defined.status == .created)
                }
            }
        }
        // 2026-11-09T00:00:00Z starts a week: the stored partials sit on both sides of it.
        let monday = Date(timeIntervalSince1970: 1_794_182_400)
        let times = [monday, monday - 0.000_001, monday + 0.5, monday - 3 * 86_400]
        var stored: [TenantScoped<ResponseRecord>] = []
        var updates: [TenantScoped<ResponseRecord>] = []
        for tenant in tenants {
            for survey in surveys {
                for i in 0..<8 {
                    let item = { (nps: Int, status: SubmissionStatus, at: Date, vip: Bool) in
                        rollupItem(tenant, survey, "s-\(i)", nps: nps, status: status, at: at, vip: vip)
                    }
                    stored.append(item(i, i < 4 ? .partial : .completed, times[i % 4], false))
                    switch i {
                    case 0: updates += [item(10, .partial, monday + 86_400, true), item(3, .completed, monday + 8 * 86_400, true)]
                    case 1: updates.append(item(7, .completed, monday + 7 * 86_400, true))
                    case 2: updates.append(item(i, .completed, monday + 1, false))  // same answers, same week
                    case 3: updates.append(item(0, .partial, monday - 4 * 86_400, true))  // older: a duplicate
                    default: updates.append(item(10, .completed, monday, true))  // a completed one never changes
                    }
                }
                updates += [rollupItem(tenant, survey, "new", nps: 1, status: .partial, at: monday, vip: true),
                            rollupItem(tenant, survey, "new", nps: 2, status: .completed, at: monday + 1, vip: false)]
            }
        }
        let batches = [IngestBatch(responses: stored), IngestBatch(responses: updates)]
        let replaced = try await app.database.withRunning { database in
            let store = PostgresIngestStore(database: database)
            _ = try await store.write(batches[0])
            return try await store.write(batches[1]).responses.filter { $0 == .updated }.count
        }
        #expect(replaced == 20)  // s-0 twice, s-1, s-2 and "new" once, in each of the 4 surveys

        let rows: PostgresQuery = """
            SELECT tenant_id || '|' || survey_key || '|' || field_id || '|' || week || '|' || segment_key || '=' || segment_value
                   || '|' || value || '|' || count
            FROM answer_rollups WHERE count <> 0 ORDER BY 1
            """
        let incremental = try await app.snapshot(rows)
        try await app.database.withRunning { database in
            for tenant in tenants { _ = try await PostgresIngestStore(database: database).rebuildRollups(tenant: tenant) }
        }
        #expect(try await app.snapshot(rows) == incremental)
        #expect(try await app.count("SELECT sum(count)::int8 FROM answer_rollups WHERE segment_key = ''")
            == (try await app.count("SELECT count(*) FROM answers WHERE value_numeric IS NOT NULL")))
        // A subtraction that missed its row (e.g. on the wrong side of the week boundary) would leave a negative count.
        #expect(try await app.count("SELECT count(*) FROM answer_rollups WHERE count < 0") == 0)
        #expect(try await app.count("""
            SELECT sum(count)::int8 FROM answer_rollups
            WHERE segment_key = 'vip' AND segment_value = 'true' AND field_id = 'nps' AND week = '2026-11-16'
            """) == 8)  // s-0 and s-1 of each survey moved to the weeks after
    }
}

/// A validated-looking response for store-level tests, with typed and null attributes.
private func rollupItem(
    _ tenant: String, _ survey: String, _ id: String, nps: Int, status: SubmissionStatus, at: Date, vip: Bool
) -> TenantScoped<ResponseRecord> {
    let record = ResponseRecord(
        survey: survey, surveyVersion: 1, submissionID: id, respondent: "cust-1", status: status, submittedAt: at,
        answers: [Answer(fieldID: "nps", numeric: Double(nps)), Answer(fieldID: "sat", numeric: 4), Answer(fieldID: "comment", text: "ok")],
        attributes: ["tier": .number(2.5), "vip": .bool(vip), "gone": .null, "region": .string("ü-eu")],
        raw: .object(["submission_id": .string(id)]))
    return TenantScoped(tenant: tenant, record: record)
}
