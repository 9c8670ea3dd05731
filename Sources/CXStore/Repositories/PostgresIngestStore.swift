import CXCore
import Foundation
import Logging
import PostgresNIO

/// ``IngestStore`` on PostgreSQL: a whole batch in one transaction, a handful of
/// multi-row statements (`unnest` of arrays) whatever the batch size.
///
/// Responses: a transaction-scoped advisory lock per (tenant, survey) serialises writers of
/// the same survey (across processes too), the stored state of the batch's submissions is
/// read once, ``SubmissionMerge`` decides every item, and only the winning versions are
/// written, and `answer_rollups` is kept equal to a rebuild (the replaced version's answers
/// are subtracted, the winners' added). Outcomes: `ON CONFLICT DO NOTHING` on (tenant,
/// event_id) is idempotent by itself.
public struct PostgresIngestStore: IngestStore {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Recomputes `tenant`'s rollups from raw answers (`cxloop rollup rebuild`); returns the row count.
    public func rebuildRollups(tenant: String) async throws(StoreError) -> Int {
        let logger = database.logger
        return try await database.transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(tenant), 1))", logger: logger)
            return try await AnswerRollups.rebuild(tenant: tenant, on: connection, logger: logger)
        }
    }

    public func write(_ batch: IngestBatch) async throws(StoreError) -> IngestResult {
        guard !batch.isEmpty else { return IngestResult() }
        let rows = SubmissionRows(batch.responses)
        let outcomeRows = OutcomeRows(batch.outcomes)
        let logger = database.logger
        return try await database.transaction { connection in
            let responses = try await Self.writeResponses(batch.responses, rows: rows, on: connection, logger: logger)
            let outcomes = try await Self.writeOutcomes(outcomeRows, on: connection, logger: logger)
            return IngestResult(responses: responses, outcomes: outcomes)
        }
    }

    private static func writeResponses(
        _ items: [TenantScoped<ResponseRecord>], rows: SubmissionRows, on connection: PostgresConnection, logger: Logger
    ) async throws -> [WriteDisposition] {
        guard !items.isEmpty else { return [] }
        // A rollup rebuild holds its tenant's lock exclusively; writers share it.
        for tenant in Set(items.map(\.tenant)).sorted() {
            try await connection.query("SELECT pg_advisory_xact_lock_shared(hashtextextended(\(tenant), 1))", logger: logger)
        }
        let surveys = Set(items.map { "\($0.tenant)/\($0.record.survey)" }).sorted()
        for survey in surveys {
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(survey), 0))", logger: logger)
        }
        var stored: [SubmissionMerge.Key: SubmissionMerge.StoredState] = [:]
        let lookup = try await connection.query(
            """
            SELECT s.tenant_id, s.survey_key, s.submission_id, s.status, s.submitted_at
            FROM submissions s
            JOIN unnest(\(rows.tenants)::text[], \(rows.surveys)::text[], \(rows.submissionIDs)::text[]) AS k(t, s, i)
              ON s.tenant_id = k.t AND s.survey_key = k.s AND s.submission_id = k.i
            """, logger: logger)
        for try await (tenant, survey, submissionID, status, submittedAt) in lookup.decode((String, String, String, String, Date).self) {
            stored[SubmissionMerge.Key(tenant: tenant, survey: survey, submissionID: submissionID)] =
                SubmissionMerge.StoredState(status: SubmissionStatus(rawValue: status) ?? .completed, submittedAt: submittedAt)
        }
        let merge = SubmissionMerge(items, stored: stored)
        let winners = merge.winners.sorted { $0.key < $1.key }.map(\.value)
        guard !winners.isEmpty else { return merge.dispositions }

        if !merge.replacedKeys.isEmpty {
            let replaced = merge.replacedKeys.sorted()
            try await AnswerRollups.apply(
                sign: -1, tenants: replaced.map(\.tenant), surveys: replaced.map(\.survey),
                submissionIDs: replaced.map(\.submissionID), on: connection, logger: logger)
            try await connection.query(
                """
                DELETE FROM answers a USING unnest(\(replaced.map(\.tenant))::text[], \(replaced.map(\.survey))::text[],
                                                   \(replaced.map(\.submissionID))::text[]) AS k(t, s, i)
                WHERE a.tenant_id = k.t AND a.survey_key = k.s AND a.submission_id = k.i
                """, logger: logger)
        }
        let chosen = rows.selecting(winners)
        try await connection.query(
            """
            INSERT INTO submissions (tenant_id, survey_key, submission_id, survey_version, respondent, status,
                                     submitted_at, attributes, raw)
            SELECT t, s, i, v, NULLIF(r, ''), st, at, a::jsonb, w::jsonb
            FROM unnest(\(chosen.tenants)::text[], \(chosen.surveys)::text[], \(chosen.submissionIDs)::text[],
                        \(chosen.versions)::int8[], \(chosen.respondents)::text[], \(chosen.statuses)::text[],
                        \(chosen.submittedAt)::timestamptz[], \(chosen.attributes)::text[], \(chosen.raw)::text[])
                 AS u(t, s, i, v, r, st, at, a, w)
            ON CONFLICT (tenant_id, survey_key, submission_id) DO UPDATE SET
                survey_version = EXCLUDED.survey_version, respondent = EXCLUDED.respondent,
                status = EXCLUDED.status, submitted_at = EXCLUDED.submitted_at, received_at = now(),
                attributes = EXCLUDED.attributes, raw = EXCLUDED.raw
            """, logger: logger)
        let answers = AnswerRows(items, winners: winners)
        if !answers.fieldIDs.isEmpty {
            try await connection.query(
                """
                INSERT INTO answers (tenant_id, survey_key, submission_id, field_id, survey_version, value_numeric, value_text)
                SELECT t, s, i, f, v, NULLIF(n, 'NaN'), NULLIF(x, '')
                FROM unnest(\(answers.tenants)::text[], \(answers.surveys)::text[], \(answers.submissionIDs)::text[],
                            \(answers.fieldIDs)::text[], \(answers.versions)::int8[], \(answers.numerics)::float8[],
                            \(answers.texts)::text[]) AS u(t, s, i, f, v, n, x)
                """, logger: logger)
        }
        try await AnswerRollups.apply(
            sign: 1, tenants: chosen.tenants, surveys: chosen.surveys, submissionIDs: chosen.submissionIDs, on: connection, logger: logger)
        return merge.dispositions
    }

    private static func writeOutcomes(_ rows: OutcomeRows, on connection: PostgresConnection, logger: Logger) async throws -> [WriteDisposition] {
        guard !rows.firstOccurrence.isEmpty else { return rows.dispositions(inserted: []) }
        let unique = rows.selecting(rows.firstOccurrence)
        let inserted = try await connection.query(
            """
            INSERT INTO outcomes (tenant_id, event_id, unit, type, value, occurred_at, attributes)
            SELECT t, e, u, y, NULLIF(v, 'NaN'), o, a::jsonb
            FROM unnest(\(unique.tenants)::text[], \(unique.eventIDs)::text[], \(unique.units)::text[],
                        \(unique.types)::text[], \(unique.values)::float8[], \(unique.occurredAt)::timestamptz[],
                        \(unique.attributes)::text[]) AS x(t, e, u, y, v, o, a)
            ON CONFLICT (tenant_id, event_id) DO NOTHING
            RETURNING tenant_id, event_id
            """, logger: logger)
        var insertedKeys: Set<[String]> = []
        for try await (tenant, eventID) in inserted.decode((String, String).self) {
            insertedKeys.insert([tenant, eventID])
        }
        return rows.dispositions(inserted: insertedKeys)
    }
}
