import Logging
import PostgresNIO

/// Maintenance of `answer_rollups` (see `sql/migrations/0002_answer_rollups.sql`).
///
/// The rollup of a set of submissions is computed in SQL from their numeric answers and
/// their stored `submitted_at` and attributes, then added to (or subtracted from) the
/// table with one upsert in primary-key order, so concurrent writers never deadlock.
enum AnswerRollups {
    /// The rollup rows of the given submissions' current answers, as `(key…, value, n)`.
    private static let source = """
        SELECT a.tenant_id, a.survey_key, a.field_id,
               date_trunc('week', s.submitted_at AT TIME ZONE 'UTC')::date AS week,
               seg.segment_key, seg.segment_value, a.value_numeric AS value, count(*) AS n
        FROM answers a
        JOIN submissions s ON s.tenant_id = a.tenant_id AND s.survey_key = a.survey_key AND s.submission_id = a.submission_id
        CROSS JOIN LATERAL (
            SELECT '' AS segment_key, '' AS segment_value
            UNION ALL
            SELECT key, value FROM jsonb_each_text(s.attributes) WHERE value IS NOT NULL
        ) seg
        WHERE a.value_numeric IS NOT NULL
        """

    private static let upsert = """
        ON CONFLICT (tenant_id, survey_key, field_id, week, segment_key, segment_value, value)
        DO UPDATE SET count = answer_rollups.count + EXCLUDED.count
        """

    /// Adds (`sign` 1) or subtracts (`sign` −1) the rollup of the given submissions of one
    /// survey. (`= ANY` on the key prefix keeps the plan on the primary keys even before the
    /// tables have statistics.)
    static func apply(
        sign: Int, tenant: String, survey: String, submissionIDs: [String], on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !submissionIDs.isEmpty else { return }
        var binds = PostgresBindings()
        binds.append(tenant)
        binds.append(survey)
        binds.append(submissionIDs)
        binds.append(sign)
        // Constant SQL text; every value travels as a bind parameter.
        let query = PostgresQuery(unsafeSQL: """
            INSERT INTO answer_rollups (tenant_id, survey_key, field_id, week, segment_key, segment_value, value, count)
            SELECT tenant_id, survey_key, field_id, week, segment_key, segment_value, value, $4 * n FROM (
            \(source)
              AND a.tenant_id = $1 AND a.survey_key = $2 AND a.submission_id = ANY($3::text[])
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            ) r ORDER BY 1, 2, 3, 4, 5, 6, 7
            \(upsert)
            """, binds: binds)
        try await connection.query(query, logger: logger)
    }

    /// Recomputes one tenant's rollups from its raw answers; returns the number of rows.
    static func rebuild(tenant: String, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.query("DELETE FROM answer_rollups WHERE tenant_id = \(tenant)", logger: logger)
        var binds = PostgresBindings()
        binds.append(tenant)
        let query = PostgresQuery(unsafeSQL: """
            INSERT INTO answer_rollups (tenant_id, survey_key, field_id, week, segment_key, segment_value, value, count)
            SELECT tenant_id, survey_key, field_id, week, segment_key, segment_value, value, n FROM (
            \(source) AND a.tenant_id = $1
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            ) r ORDER BY 1, 2, 3, 4, 5, 6, 7
            RETURNING 1
            """, binds: binds)
        return try await connection.query(query, logger: logger).collect().count
    }
}
