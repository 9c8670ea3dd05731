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
/// written, and `answer_rollups` is kept equal to a rebuild: one statement adds the
/// winners' answers and subtracts the replaced versions' (``AnswerRollupChanges``, built
/// from the batch and from the deleted rows). Each stored response queues its
/// `response.received` webhook deliveries in the same transaction. Outcomes: `ON CONFLICT DO NOTHING` on
/// (tenant, event_id) is idempotent by itself.
///
/// For a tenant that pseudonymises (``TenantPseudonyms``), respondents and units are replaced
/// by their pseudonyms before anything is written, raw copies included.
public struct PostgresIngestStore: IngestStore {
    let database: Database
    let pseudonyms: TenantPseudonyms

    /// - Parameter pseudonyms: the tenants' secrets, shared with the other repositories of a
    ///   process; a new cache on `database` when nil.
    public init(database: Database, pseudonyms: TenantPseudonyms? = nil) {
        self.database = database
        self.pseudonyms = pseudonyms ?? TenantPseudonyms(database: database)
    }

    /// Recomputes `tenant`'s rollups from raw answers (`cxloop rollup rebuild`); returns the row count.
    ///
    /// The tables are analysed first: a tenant the statistics do not know yet (typically right
    /// after a bulk import) is estimated at one row, and the join of its values and submissions
    /// is then planned as a nested loop that is quadratic in the tenant's size (minutes for
    /// 20,000 submissions). Analysing outside the transaction holds no lock while it rebuilds.
    public func rebuildRollups(tenant: String) async throws(StoreError) -> Int {
        let logger = database.logger
        try await database.execute("ANALYZE answers, index_scores, submissions")
        return try await database.transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(tenant), 1))", logger: logger)
            return try await AnswerRollups.rebuild(tenant: tenant, on: connection, logger: logger)
        }
    }

    public func write(_ batch: IngestBatch) async throws(StoreError) -> IngestResult {
        guard !batch.isEmpty else { return IngestResult() }
        let batch = try await pseudonyms.pseudonymised(batch)
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
        // Every (tenant, survey) lock of the batch, in a fixed order, before its stored state is read.
        for survey in Set(items.map { SurveyKey(tenant: $0.tenant, survey: $0.record.survey) }).sorted() {
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(survey.tenant + "/" + survey.survey), 0))", logger: logger)
        }
        // One lookup for the whole batch, joined to the keys as arrays. With no constant tenant in
        // the statement, the planner has no tenant row estimate to get wrong and probes the primary
        // key once per key. (`tenant_id = $1 AND survey_key = $2 AND submission_id = ANY($3)` was
        // planned, for a tenant the statistics did not know yet, as a scan of another index on
        // `tenant_id` alone filtering every submission of the tenant: O(tenant size) per flush.)
        var stored: [SubmissionMerge.Key: SubmissionMerge.StoredState] = [:]
        // Attributes of stored partials, the only submissions a batch can replace.
        var storedAttributes: [SubmissionMerge.Key: String] = [:]
        let lookup = try await connection.query(
            """
            SELECT s.tenant_id, s.survey_key, s.submission_id, s.status, s.submitted_at,
                   CASE WHEN s.status = 'partial' THEN s.attributes::text END
            FROM submissions s
            JOIN unnest(\(rows.tenants)::text[], \(rows.surveys)::text[], \(rows.submissionIDs)::text[]) AS k(t, s, i)
              ON s.tenant_id = k.t AND s.survey_key = k.s AND s.submission_id = k.i
            """, logger: logger)
        for try await (tenant, survey, submissionID, status, submittedAt, attributes) in lookup.decode((String, String, String, String, Date, String?).self) {
            let key = SubmissionMerge.Key(tenant: tenant, survey: survey, submissionID: submissionID)
            stored[key] = SubmissionMerge.StoredState(status: SubmissionStatus(rawValue: status) ?? .completed, submittedAt: submittedAt)
            if let attributes { storedAttributes[key] = attributes }
        }
        let merge = SubmissionMerge(items, stored: stored)
        let winners = merge.winners.sorted { $0.key < $1.key }.map(\.value)
        guard !winners.isEmpty else { return merge.dispositions }

        // Answers of replaced partials leave the table, and their rollups with them.
        var rollups = AnswerRollupChanges()
        let replaced = Dictionary(grouping: merge.replacedKeys) { SurveyKey(tenant: $0.tenant, survey: $0.survey) }
        for (group, keys) in replaced.sorted(by: { $0.key < $1.key }) {
            let ids = keys.map(\.submissionID).sorted()
            // Index scores leave with the answers, rolled up under their `index:<name>` field id.
            let removed = try await connection.query(
                """
                WITH answers_removed AS (
                    DELETE FROM answers
                    WHERE tenant_id = \(group.tenant) AND survey_key = \(group.survey) AND submission_id = ANY(\(ids)::text[])
                    RETURNING submission_id, field_id, value_numeric
                ), scores_removed AS (
                    DELETE FROM index_scores
                    WHERE tenant_id = \(group.tenant) AND survey_key = \(group.survey) AND submission_id = ANY(\(ids)::text[])
                    RETURNING submission_id, \(RollupCell.indexFieldPrefix)::text || index_name, score
                )
                SELECT * FROM answers_removed UNION ALL SELECT * FROM scores_removed
                """, logger: logger)
            for try await (submissionID, fieldID, value) in removed.decode((String, String, Double?).self) {
                let key = SubmissionMerge.Key(tenant: group.tenant, survey: group.survey, submissionID: submissionID)
                // Only stored partials are ever replaced, and their attributes were read above. Their
                // `submitted_at` went through `Date`, which keeps whole seconds (so week boundaries) exact.
                guard let state = stored[key], let attributes = storedAttributes[key] else {
                    throw StoreError(.failed, "replaced submission \(submissionID) was not a stored partial")
                }
                rollups.append(
                    sign: -1, tenant: group.tenant, survey: group.survey, fieldID: fieldID, value: value,
                    submittedAt: state.submittedAt, attributes: attributes)
            }
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
        try await ResponseReceivedEvents.enqueue(tenants: chosen.tenants, responses: chosen.raw, on: connection, logger: logger)
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
        let scores = IndexScoreRows(winners.map { items[$0] })
        if !scores.isEmpty {
            try await connection.query(
                """
                INSERT INTO index_scores (tenant_id, survey_key, submission_id, index_name, score)
                SELECT * FROM unnest(\(scores.tenants)::text[], \(scores.surveys)::text[], \(scores.submissionIDs)::text[],
                                     \(scores.indexNames)::text[], \(scores.scores)::float8[])
                """, logger: logger)
        }
        for position in winners {
            let record = items[position].record
            let values = record.answers.map { ($0.fieldID, $0.numeric) }
                + record.indexScores.map { (RollupCell.indexFieldPrefix + $0.key, Optional($0.value)) }
            for (fieldID, value) in values {
                rollups.append(
                    sign: 1, tenant: items[position].tenant, survey: record.survey, fieldID: fieldID, value: value,
                    submittedAt: record.submittedAt, attributes: rows.attributes[position])
            }
        }
        try await AnswerRollups.apply(rollups, on: connection, logger: logger)
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
        var insertedKeys: Set<EventKey> = []
        for try await (tenant, eventID) in inserted.decode((String, String).self) {
            insertedKeys.insert(EventKey(tenant: tenant, eventID: eventID))
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
