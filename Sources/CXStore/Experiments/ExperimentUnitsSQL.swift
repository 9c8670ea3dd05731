import CXCore
import PostgresNIO

/// The SQL of an experiment's per-unit metric values: a chain of CTEs ending in `per_unit`
/// (`unit, arm, <metric>_y, <metric>_x, …`), which the analysis aggregates per arm and the
/// export lists. Only the sources the metrics need are joined (outcomes, completed
/// submissions with their answers, churns). Every table is filtered by tenant.
///
/// Windows (``ExperimentMetric``): post = [assigned_at, min(assigned_at + window, as-of)),
/// pre = [assigned_at − window, assigned_at). A survey metric is the unit's last answer in the
/// window (ties by submission id); a missing pre-period value counts as 0, as GrowthBook fills
/// missing pre-exposure values (CUPED stays unbiased with any pre-period covariate).
///
/// Binds: $1 tenant, $2 experiment, $3 as-of, $4 window days, $5 horizon days, and the survey
/// fields as parallel arrays $6 survey keys, $7 field ids, $8 metrics, $9 top-box lower bounds.
struct ExperimentUnitsSQL {
    let metrics: [ExperimentMetric]

    var needsOutcomes: Bool { metrics.contains { [.value, .contacts, .cost].contains($0) } }
    var needsResponses: Bool { metrics.contains { $0.isSurveyMetric || $0 == .responseRate } }
    var needsChurns: Bool { metrics.contains(.retention) }

    /// The binds, in the order the SQL numbers them.
    static func binds(_ request: ExperimentDataRequest) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(request.tenant)
        binds.append(request.experiment)
        binds.append(request.asOf)
        binds.append(request.windowDays)
        binds.append(request.horizonDays)
        binds.append(request.surveyFields.map(\.survey))
        binds.append(request.surveyFields.map(\.field))
        binds.append(request.surveyFields.map(\.metric.rawValue))
        binds.append(request.surveyFields.map(\.topBoxFrom))
        return binds
    }

    /// `WITH … per_unit AS (…)`.
    var cte: String {
        var parts = ["""
            units AS (
                SELECT unit, coalesce(arm, 'holdout') AS arm, assigned_at,
                       assigned_at - make_interval(days => $4::int) AS pre_start,
                       least(assigned_at + make_interval(days => $4::int), $3::timestamptz) AS post_end
                FROM experiment_assignments
                WHERE tenant_id = $1 AND experiment_key = $2 AND NOT global_holdout AND assigned_at < $3::timestamptz
            )
            """]
        if needsOutcomes {
            parts.append("""
                outcome_sums AS (
                    SELECT u.unit,
                        sum(CASE o.type WHEN 'purchase' THEN o.value WHEN 'refund' THEN -o.value ELSE 0 END)
                            FILTER (WHERE o.occurred_at >= u.assigned_at) AS value_post,
                        sum(CASE o.type WHEN 'purchase' THEN o.value WHEN 'refund' THEN -o.value ELSE 0 END)
                            FILTER (WHERE o.occurred_at < u.assigned_at) AS value_pre,
                        count(*) FILTER (WHERE o.type = 'contact' AND o.occurred_at >= u.assigned_at) AS contacts_post,
                        count(*) FILTER (WHERE o.type = 'contact' AND o.occurred_at < u.assigned_at) AS contacts_pre,
                        sum(o.value) FILTER (WHERE o.type = 'cost' AND o.occurred_at >= u.assigned_at) AS cost_post,
                        sum(o.value) FILTER (WHERE o.type = 'cost' AND o.occurred_at < u.assigned_at) AS cost_pre
                    FROM units u JOIN outcomes o ON o.tenant_id = $1 AND o.unit = u.unit
                        AND o.occurred_at >= u.pre_start AND o.occurred_at < u.post_end
                        AND o.type IN ('purchase', 'refund', 'contact', 'cost')
                    GROUP BY u.unit
                )
                """)
        }
        if needsResponses {
            parts.append("""
                fields AS (
                    SELECT * FROM unnest($6::text[], $7::text[], $8::text[], $9::float8[]) AS f(survey, field, metric, top)
                )
                """)
            parts.append("""
                responses AS (
                    SELECT u.unit,
                        bool_or(s.submitted_at >= u.assigned_at) AS responded_post,
                        bool_or(s.submitted_at < u.assigned_at) AS responded_pre\(surveyColumns)
                    FROM units u
                    JOIN submissions s ON s.tenant_id = $1 AND s.respondent = u.unit AND s.status = 'completed'
                        AND s.submitted_at >= u.pre_start AND s.submitted_at < u.post_end
                    LEFT JOIN LATERAL (
                        SELECT f.metric,
                            CASE f.metric
                                WHEN 'nps' THEN CASE WHEN a.value_numeric >= 9 THEN 1 WHEN a.value_numeric <= 6 THEN -1 ELSE 0 END
                                WHEN 'csat' THEN (a.value_numeric >= f.top)::int
                                ELSE a.value_numeric
                            END::float8 AS code
                        FROM answers a JOIN fields f ON f.survey = a.survey_key AND f.field = a.field_id
                        WHERE a.tenant_id = $1 AND a.survey_key = s.survey_key AND a.submission_id = s.submission_id
                    ) a ON true
                    GROUP BY u.unit
                )
                """)
        }
        if needsChurns {
            parts.append("""
                churns AS (
                    SELECT u.unit, min(o.occurred_at) AS churned_at
                    FROM units u JOIN outcomes o ON o.tenant_id = $1 AND o.unit = u.unit AND o.type = 'churn'
                        AND o.occurred_at >= u.assigned_at AND o.occurred_at < $3::timestamptz
                    GROUP BY u.unit
                )
                """)
        }
        let columns = metrics.map { "\(Self.value($0)) AS \($0.rawValue)_y, \(Self.preValue($0)) AS \($0.rawValue)_x" }
            + (needsChurns ? ["""
                floor(extract(epoch FROM coalesce(c.churned_at, $3::timestamptz) - u.assigned_at) / 86400)::float8 AS lifetime_days,
                c.churned_at IS NOT NULL AS churned
                """] : [])
        let joins = (needsOutcomes ? ["LEFT JOIN outcome_sums o ON o.unit = u.unit"] : [])
            + (needsResponses ? ["LEFT JOIN responses r ON r.unit = u.unit"] : [])
            + (needsChurns ? ["LEFT JOIN churns c ON c.unit = u.unit"] : [])
        parts.append("""
            per_unit AS (
                SELECT u.unit, u.arm, \(columns.joined(separator: ",\n        "))
                FROM units u \(joins.joined(separator: " "))
            )
            """)
        return "WITH " + parts.joined(separator: ",\n")
    }

    /// The last answer in each window of each survey metric asked for.
    private var surveyColumns: String {
        metrics.filter(\.isSurveyMetric).map { metric in
            let name = metric.rawValue
            return """
                ,
                        (array_agg(a.code ORDER BY s.submitted_at DESC, s.submission_id DESC)
                            FILTER (WHERE a.metric = '\(name)' AND s.submitted_at >= u.assigned_at))[1] AS \(name)_post,
                        (array_agg(a.code ORDER BY s.submitted_at DESC, s.submission_id DESC)
                            FILTER (WHERE a.metric = '\(name)' AND s.submitted_at < u.assigned_at))[1] AS \(name)_pre
                """
        }.joined()
    }

    /// The per-unit value in the window; NULL for units without one.
    private static func value(_ metric: ExperimentMetric) -> String {
        switch metric {
        case .nps, .csat, .ces: "r.\(metric.rawValue)_post"
        case .responseRate: "coalesce(r.responded_post, false)::int::float8"
        case .value: "coalesce(o.value_post, 0)::float8"
        case .contacts: "coalesce(o.contacts_post, 0)::float8"
        case .cost: "coalesce(o.cost_post, 0)::float8"
        case .retention:
            """
            CASE WHEN u.assigned_at + make_interval(days => $5::int) <= $3::timestamptz
                THEN (c.churned_at IS NULL OR c.churned_at >= u.assigned_at + make_interval(days => $5::int))::int::float8 END
            """
        }
    }

    /// The per-unit pre-period value; NULL for a metric without one.
    private static func preValue(_ metric: ExperimentMetric) -> String {
        switch metric {
        case .nps, .csat, .ces: "coalesce(r.\(metric.rawValue)_pre, 0)::float8"
        case .responseRate: "coalesce(r.responded_pre, false)::int::float8"
        case .value: "coalesce(o.value_pre, 0)::float8"
        case .contacts: "coalesce(o.contacts_pre, 0)::float8"
        case .cost: "coalesce(o.cost_pre, 0)::float8"
        case .retention: "NULL::float8"
        }
    }
}
