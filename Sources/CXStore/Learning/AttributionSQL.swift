import CXCore
import PostgresNIO

/// The SQL of ``AttributionRequest``: the decisions `d` (with their segment, survivors, fatigue
/// and the end of their attribution, the unit's next decision or the as-of time), the outcome rewards
/// `attributed` per decision and objective, and the `satisfaction` per decision with an answer.
///
/// Binds: $1 tenant, $2 since, $3 as-of; the measures as parallel arrays $4 objectives, $5
/// outcome types, $6 signs, $7 counts, $8 window days; the CSAT fields as $9 surveys, $10 field
/// ids, $11 top-box lower bounds; $12 the satisfaction window in days; $13 the outcome objectives
/// in name order (``AttributionRequest/outcomeObjectives``).
enum AttributionSQL {
    static let sources = """
        WITH d AS MATERIALIZED (
            SELECT decision_id, unit, decided_at, action_key, coalesce(channel, '') AS channel, propensity,
                   coalesce(context->>'segment', 'default') AS segment, survivor_actions, survivor_channels, fatigue,
                   least(coalesce(lead(decided_at) OVER (PARTITION BY unit ORDER BY decided_at, decision_id), 'infinity'),
                         $3::timestamptz) AS ends
            FROM decisions WHERE tenant_id = $1 AND decided_at >= $2::timestamptz AND decided_at < $3::timestamptz
        ),
        measures AS (
            SELECT * FROM unnest($4::text[], $5::text[], $6::float8[], $7::bool[], $8::float8[]) AS m(objective, type, sign, counts, days)
        ),
        attributed AS (
            SELECT d.decision_id, m.objective, sum(m.sign * CASE WHEN m.counts THEN 1 ELSE coalesce(o.value, 1) END) AS y
            FROM d JOIN outcomes o ON o.tenant_id = $1 AND o.unit = d.unit AND o.occurred_at >= d.decided_at AND o.occurred_at < d.ends
            JOIN measures m ON m.type = o.type AND o.occurred_at < d.decided_at + make_interval(secs => m.days * 86400)
            GROUP BY d.decision_id, m.objective
        ),
        satisfaction AS (
            SELECT d.decision_id, avg((a.value_numeric >= f.top)::int::float8) AS y
            FROM d JOIN submissions s ON s.tenant_id = $1 AND s.respondent = d.unit AND s.status = 'completed'
                AND s.submitted_at >= d.decided_at AND s.submitted_at < d.ends
                AND s.submitted_at < d.decided_at + make_interval(secs => $12::float8 * 86400)
            JOIN answers a ON a.tenant_id = $1 AND a.survey_key = s.survey_key AND a.submission_id = s.submission_id
                AND a.value_numeric IS NOT NULL
            JOIN unnest($9::text[], $10::text[], $11::float8[]) AS f(survey, field, top) ON f.survey = a.survey_key AND f.field = a.field_id
            GROUP BY d.decision_id
        )
        """

    /// Per cell (segment, action, channel) and objective: decisions, and the count, Σy, Σy² of
    /// the decisions with a reward (satisfaction's objective is `satisfaction`).
    static let cells = sources + """

        , cells AS (SELECT segment, action_key, channel, count(*) AS n FROM d GROUP BY 1, 2, 3)
        , sums AS (
            SELECT d.segment, d.action_key, d.channel, a.objective, count(*) AS k, sum(a.y) AS s, sum(a.y * a.y) AS ss
            FROM attributed a JOIN d USING (decision_id) GROUP BY 1, 2, 3, 4
            UNION ALL
            SELECT d.segment, d.action_key, d.channel, 'satisfaction', count(*), sum(x.y), sum(x.y * x.y)
            FROM satisfaction x JOIN d USING (decision_id) GROUP BY 1, 2, 3
        )
        SELECT c.segment, c.action_key, c.channel, c.n, s.objective, s.k, s.s, s.ss
        FROM cells c LEFT JOIN sums s USING (segment, action_key, channel)
        ORDER BY 1, 2, 3, 5
        """

    /// Per signature (segment, survivors' actions and channels in logged order, fatigue, served
    /// action and channel, propensity): the decisions and the moment sums of their reward vector
    /// y = (the outcome objectives of $13 in order, then satisfaction; absent = 0) as one array,
    /// Σyⱼ for each j, then Σyⱼyₖ row by row over the full matrix.
    static func groups(outcomeObjectives: Int) -> String {
        let positions = (0..<outcomeObjectives).map { $0 + 1 }
        let components = positions.map { "coalesce(r.y\($0), 0)" } + ["coalesce(x.y, 0)"]
        let pivot = positions.map { "sum(y) FILTER (WHERE objective = $13[\($0)]) AS y\($0)" }
        let outcomes = pivot.isEmpty ? "" : """
            LEFT JOIN (SELECT decision_id, \(pivot.joined(separator: ", ")) FROM attributed GROUP BY decision_id) r USING (decision_id)
            """
        let sums = components.indices.map { "sum(y[\($0 + 1)])" }
        let products = components.indices.flatMap { j in components.indices.map { k in "sum(y[\(j + 1)] * y[\(k + 1)])" } }
        return sources + """

            , per_decision AS (
                SELECT d.segment, d.survivor_actions, d.survivor_channels, d.fatigue, d.action_key, d.channel, d.propensity,
                       ARRAY[\(components.joined(separator: ", "))]::float8[] AS y
                FROM d
                \(outcomes)
                LEFT JOIN satisfaction x USING (decision_id)
            )
            SELECT segment, survivor_actions, survivor_channels, fatigue, action_key, channel, propensity, count(*),
                   ARRAY[\((sums + products).joined(separator: ", "))]::float8[]
            FROM per_decision
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            ORDER BY 1, 2, 3, 4, 5, 6, 7
            """
    }

    static func binds(_ request: AttributionRequest) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(request.tenant)
        binds.append(request.since)
        binds.append(request.asOf)
        binds.append(request.measures.map(\.objective))
        binds.append(request.measures.map(\.outcomeType))
        binds.append(request.measures.map(\.sign))
        binds.append(request.measures.map(\.counts))
        binds.append(request.measures.map(\.windowDays))
        binds.append(request.satisfactionFields.map(\.survey))
        binds.append(request.satisfactionFields.map(\.field))
        binds.append(request.satisfactionFields.map(\.topBoxFrom))
        binds.append(request.satisfactionWindowDays)
        binds.append(request.outcomeObjectives)
        return binds
    }
}
