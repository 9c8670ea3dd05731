import Logging
import PostgresNIO

/// Maintenance of `answer_rollups` (see `sql/migrations/0002_answer_rollups.sql`).
///
/// Ingestion applies each transaction's ``AnswerRollupChanges`` with one upsert in
/// primary-key order, so concurrent writers never deadlock; a rebuild recomputes a tenant
/// from the stored answers. Both derive the week and the segments with the same SQL
/// expressions, which is what keeps incremental rollups equal to a rebuild.
enum AnswerRollups {
    /// ISO week (Monday, UTC) of a `timestamptz` expression.
    private static func week(_ submittedAt: String) -> String {
        "date_trunc('week', \(submittedAt) AT TIME ZONE 'UTC')::date"
    }

    /// The segments of a `jsonb` attributes expression: the all-respondents row ('', '')
    /// and one row per non-null attribute (name, value as text).
    private static func segments(_ attributes: String) -> String {
        """
        CROSS JOIN LATERAL (
            SELECT '' AS segment_key, '' AS segment_value
            UNION ALL
            SELECT key, value FROM jsonb_each_text(\(attributes)) WHERE value IS NOT NULL
        ) seg
        """
    }

    private static let upsert = """
        ON CONFLICT (tenant_id, survey_key, field_id, week, segment_key, segment_value, value)
        DO UPDATE SET count = answer_rollups.count + EXCLUDED.count
        """

    /// Adds the signed changes of one transaction. The statement reads only its bound
    /// arrays (function scans whose row counts the planner knows exactly), so its cost is
    /// linear in the batch whatever the tables' size or statistics. It first sums the signs
    /// per (key without segment, attributes), so each distinct attribute set is parsed and
    /// expanded into segments once rather than once per answer; changes that cancel out (a
    /// partial replaced by the same answers in the same week) touch no row. JIT is off for
    /// the rest of the transaction: a large batch's estimate (100 rows per
    /// `jsonb_each_text` call) crosses `jit_above_cost`, and compiling then takes longer
    /// than running the statement.
    static func apply(_ changes: AnswerRollupChanges, on connection: PostgresConnection, logger: Logger) async throws {
        guard !changes.isEmpty else { return }
        try await connection.query("SET LOCAL jit = off", logger: logger)
        var binds = PostgresBindings()
        binds.append(changes.tenants)
        binds.append(changes.surveys)
        binds.append(changes.fieldIDs)
        binds.append(changes.values)
        binds.append(changes.submittedAt)
        binds.append(changes.attributes)
        binds.append(changes.signs)
        // Constant SQL text; every value travels as a bind parameter.
        let query = PostgresQuery(unsafeSQL: """
            WITH g AS MATERIALIZED (
                SELECT c.tenant_id, c.survey_key, c.field_id, \(week("c.submitted_at")) AS week, c.value, c.attributes,
                       sum(c.sign) AS n
                FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::timestamptz[], $6::text[], $7::int4[])
                     AS c(tenant_id, survey_key, field_id, value, submitted_at, attributes, sign)
                GROUP BY 1, 2, 3, 4, 5, 6
            )
            INSERT INTO answer_rollups (tenant_id, survey_key, field_id, week, segment_key, segment_value, value, count)
            SELECT g.tenant_id, g.survey_key, g.field_id, g.week, seg.segment_key, seg.segment_value, g.value, sum(g.n)::int8
            FROM g
            \(segments("g.attributes::jsonb"))
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            HAVING sum(g.n) <> 0
            ORDER BY 1, 2, 3, 4, 5, 6, 7
            \(upsert)
            """, binds: binds)
        try await connection.query(query, logger: logger)
    }

    /// Recomputes one tenant's rollups from its raw answers; returns the number of rows.
    static func rebuild(tenant: String, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.query("DELETE FROM answer_rollups WHERE tenant_id = \(tenant)", logger: logger)
        var binds = PostgresBindings()
        binds.append(tenant)
        binds.append(RollupCell.indexFieldPrefix)
        let query = PostgresQuery(unsafeSQL: """
            INSERT INTO answer_rollups (tenant_id, survey_key, field_id, week, segment_key, segment_value, value, count)
            SELECT a.tenant_id, a.survey_key, a.field_id, \(week("s.submitted_at")), seg.segment_key, seg.segment_value,
                   a.value_numeric, count(*)
            FROM \(RolledUpValues.relation(prefixParameter: "$2")) a
            JOIN submissions s ON s.tenant_id = a.tenant_id AND s.survey_key = a.survey_key AND s.submission_id = a.submission_id
            \(segments("s.attributes"))
            WHERE a.value_numeric IS NOT NULL AND a.tenant_id = $1
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            ORDER BY 1, 2, 3, 4, 5, 6, 7
            RETURNING 1
            """, binds: binds)
        return try await connection.query(query, logger: logger).collect().count
    }
}
