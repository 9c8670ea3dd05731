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
        // One (tenant, survey) at a time, in a fixed order: its advisory lock, then its stored
        // state looked up by primary-key prefix (`= ANY` keeps the plan on the index even
        // before the tables have statistics).
        let groups = Dictionary(grouping: items.indices) { SurveyKey(tenant: items[$0].tenant, survey: items[$0].record.survey) }
        var stored: [SubmissionMerge.Key: SubmissionMerge.StoredState] = [:]
        for group in groups.keys.sorted() {
            let ids = Array(Set(groups[group]!.map { items[$0].record.submissionID }))
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(group.tenant + "/" + group.survey), 0))", logger: logger)
            let lookup = try await connection.query(
                """
                SELECT submission_id, status, submitted_at FROM submissions
                WHERE tenant_id = \(group.tenant) AND survey_key = \(group.survey) AND submission_id = ANY(\(ids)::text[])
                """, logger: logger)
            for try await (submissionID, status, submittedAt) in lookup.decode((String, String, Date).self) {
                stored[SubmissionMerge.Key(tenant: group.tenant, survey: group.survey, submissionID: submissionID)] =
                    SubmissionMerge.StoredState(status: SubmissionStatus(rawValue: status) ?? .completed, submittedAt: submittedAt)
            }
        }
        let merge = SubmissionMerge(items, stored: stored)
        let winners = merge.winners.sorted { $0.key < $1.key }.map(\.value)
        guard !winners.isEmpty else { return merge.dispositions }

        // Answers of replaced partials leave the rollups, then the table.
        let replaced = Dictionary(grouping: merge.replacedKeys) { SurveyKey(tenant: $0.tenant, survey: $0.survey) }
        for (group, keys) in replaced.sorted(by: { $0.key < $1.key }) {
            let ids = keys.map(\.submissionID).sorted()
            try await AnswerRollups.apply(sign: -1, tenant: group.tenant, survey: group.survey, submissionIDs: ids, on: connection, logger: logger)
            try await connection.query(
                """
                DELETE FROM answers
                WHERE tenant_id = \(group.tenant) AND survey_key = \(group.survey) AND submission_id = ANY(\(ids)::text[])
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
        let written = Dictionary(grouping: winners) { SurveyKey(tenant: items[$0].tenant, survey: items[$0].record.survey) }
        for (group, positions) in written.sorted(by: { $0.key < $1.key }) {
            try await AnswerRollups.apply(
                sign: 1, tenant: group.tenant, survey: group.survey, submissionIDs: positions.map { items[$0].record.submissionID },
                on: connection, logger: logger)
        }
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

/// A tenant's survey: the unit of locking and of primary-key lookups on the write path.
private struct SurveyKey: Hashable, Comparable {
    var tenant: String
    var survey: String

    static func < (lhs: SurveyKey, rhs: SurveyKey) -> Bool {
        (lhs.tenant, lhs.survey) < (rhs.tenant, rhs.survey)
    }
}
