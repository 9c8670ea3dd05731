import CXCore
import PostgresNIO

/// The SQL of an experiment's metrics. Shared sources — `units`, then per unit with the rows
/// it has: `outcome_sums` (outcomes), `responses` (completed submissions with their answers)
/// and `churns` — feed two finals: ``armSums``, the analysis' one pass, which aggregates each
/// source per arm on its own (a unit without rows in a source adds n and zeros, so no
/// million-row join of the sources is needed), and ``perUnit``, the export's list
/// (`unit, arm, <metric>_y, <metric>_x, …`). Only the sources the metrics need are read, and
/// every table is filtered by tenant.
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

    /// `WITH` and the sources.
    private var sources: String {
        var parts = ["""
            units AS NOT MATERIALIZED (
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
                    SELECT min(u.arm) AS arm, u.unit,
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
                    GROUP BY u.unit  -- in unit order, as the merge join delivers it
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
                    SELECT u.arm, u.unit,
                        bool_or(s.submitted_at >= u.assigned_at) AS responded_post,
                        bool_or(s.submitted_at < u.assigned_at) AS responded_pre\(surveyColumns)
                    FROM units u
                    JOIN submissions s ON s.tenant_id = $1 AND s.respondent = u.unit AND s.status = 'completed'
                        AND s.submitted_at >= u.pre_start AND s.submitted_at < u.post_end
                    LEFT JOIN (
                        SELECT a.survey_key, a.submission_id, f.metric,
                            CASE f.metric
                                WHEN 'nps' THEN CASE WHEN a.value_numeric >= 9 THEN 1 WHEN a.value_numeric <= 6 THEN -1 ELSE 0 END
                                WHEN 'csat' THEN (a.value_numeric >= f.top)::int
                                ELSE a.value_numeric
                            END::float8 AS code
                        FROM answers a JOIN fields f ON f.survey = a.survey_key AND f.field = a.field_id
                        WHERE a.tenant_id = $1
                    ) a ON a.survey_key = s.survey_key AND a.submission_id = s.submission_id
                    GROUP BY u.unit, u.arm
                )
                """)
        }
        if needsChurns {
            parts.append("""
                churns AS (
                    SELECT u.arm, u.unit, u.assigned_at, min(o.occurred_at) AS churned_at
                    FROM units u JOIN outcomes o ON o.tenant_id = $1 AND o.unit = u.unit AND o.type = 'churn'
                        AND o.occurred_at >= u.assigned_at AND o.occurred_at < $3::timestamptz
                    GROUP BY u.unit, u.arm, u.assigned_at
                )
                """)
        }
        return "WITH " + parts.joined(separator: ",\n")
    }

    /// Whole days from a unit's assignment to `end`.
    private static func days(from start: String, to end: String) -> String {
        "floor(extract(epoch FROM \(end) - \(start)) / 86400)::float8"
    }

    /// The horizon's end of a unit assigned at `start`.
    private static func horizon(_ start: String) -> String {
        "\(start) + make_interval(days => $5::int)"
    }

    /// The metrics read from `outcome_sums`, in the order of their sums in ``armSums``.
    var outcomeMetrics: [ExperimentMetric] { metrics.filter { [.value, .contacts, .cost].contains($0) } }
    /// The metrics read from `responses`, in the order of their sums in ``armSums``.
    var responseMetrics: [ExperimentMetric] { metrics.filter { $0 == .responseRate || $0.isSurveyMetric } }

    /// The analysis' statements, one per source, each returning rows `(part, arm, day, n, sums)`
    /// (run in one snapshot); `streamsOutcomes` marks the one that reads the outcomes, which the
    /// caller runs as a merge join in unit order. The parts `outcome_sums` and
    /// `responses` carry, per metric of ``outcomeMetrics`` and ``responseMetrics`` in order, six
    /// sums over the units with rows in that source and a value: n, Σy, Σy², Σx, Σx², Σxy. The
    /// others count units: `units` per arm, `horizon_units`/`horizon_churns` for retention, and
    /// by day `lives` (all units by censoring day), `churn_events` and `churn_censor_days`.
    var armSums: [(sql: String, streamsOutcomes: Bool)] {
        let noSums = "'{}'::float8[]"
        var selects = ["SELECT 'units', arm, NULL::float8, count(*), \(noSums) FROM units GROUP BY arm"]
        func sums(_ source: String, _ metrics: [ExperimentMetric]) -> String {
            let columns = metrics.enumerated().map { index, metric in
                "\(Self.value(metric)) AS y\(index), \(Self.preValue(metric)) AS x\(index)"
            }
            let aggregates = metrics.indices.map { index in
                let present = "FILTER (WHERE y\(index) IS NOT NULL)"
                return """
                    count(y\(index))::float8, coalesce(sum(y\(index)), 0), coalesce(sum(y\(index) * y\(index)), 0),
                    coalesce(sum(x\(index)) \(present), 0), coalesce(sum(x\(index) * x\(index)) \(present), 0),
                    coalesce(sum(x\(index) * y\(index)), 0)
                    """
            }
            return """
                SELECT '\(source)', arm, NULL::float8, count(*), ARRAY[\(aggregates.joined(separator: ", "))]
                FROM (SELECT arm, \(columns.joined(separator: ", ")) FROM \(source)) AS s GROUP BY arm
                """
        }
        let outcomes = outcomeMetrics.isEmpty ? [] : [sums("outcome_sums", outcomeMetrics)]
        if !responseMetrics.isEmpty { selects.append(sums("responses", responseMetrics)) }
        if needsChurns {
            let censorDay = Self.days(from: "assigned_at", to: "$3::timestamptz")
            let passed = "\(Self.horizon("assigned_at")) <= $3::timestamptz"
            selects += [
                "SELECT 'horizon_units', arm, NULL::float8, count(*), \(noSums) FROM units WHERE \(passed) GROUP BY arm",
                """
                SELECT 'horizon_churns', arm, NULL::float8, count(*), \(noSums) FROM churns
                WHERE \(passed) AND churned_at < \(Self.horizon("assigned_at")) GROUP BY arm
                """,
                "SELECT 'lives', arm, \(censorDay), count(*), \(noSums) FROM units GROUP BY 2, 3",
                """
                SELECT 'churn_events', arm, \(Self.days(from: "assigned_at", to: "churned_at")), count(*), \(noSums)
                FROM churns GROUP BY 2, 3
                """,
                "SELECT 'churn_censor_days', arm, \(censorDay), count(*), \(noSums) FROM churns GROUP BY 2, 3",
            ]
        }
        return [(sources + "\n" + selects.joined(separator: "\nUNION ALL\n"), false)]
            + outcomes.map { (sources + "\n" + $0, true) }
    }

    /// The export's list: every unit with its value and pre-period value of each metric.
    var perUnit: String {
        let columns = metrics.map { metric in
            let prefix = metric.isSurveyMetric || metric == .responseRate ? "r." : metric == .retention ? "" : "o."
            return "\(Self.value(metric, prefix)) AS \(metric.rawValue)_y, \(Self.preValue(metric, prefix)) AS \(metric.rawValue)_x"
        }
        let joins = (needsOutcomes ? ["LEFT JOIN outcome_sums o ON o.unit = u.unit"] : [])
            + (needsResponses ? ["LEFT JOIN responses r ON r.unit = u.unit"] : [])
            + (needsChurns ? ["LEFT JOIN churns c ON c.unit = u.unit"] : [])
        return sources + """
            ,
            per_unit AS (
                SELECT u.unit, u.arm, \(columns.joined(separator: ",\n        "))
                FROM units u \(joins.joined(separator: " "))
            )
            """
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

    /// The per-unit value in the window, its source's columns read through `prefix`; NULL for
    /// units without one.
    private static func value(_ metric: ExperimentMetric, _ prefix: String = "") -> String {
        switch metric {
        case .nps, .csat, .ces: "\(prefix)\(metric.rawValue)_post"
        case .responseRate: "coalesce(\(prefix)responded_post, false)::int::float8"
        case .value: "coalesce(\(prefix)value_post, 0)::float8"
        case .contacts: "coalesce(\(prefix)contacts_post, 0)::float8"
        case .cost: "coalesce(\(prefix)cost_post, 0)::float8"
        case .retention:
            """
            CASE WHEN \(horizon("u.assigned_at")) <= $3::timestamptz
                THEN (c.churned_at IS NULL OR c.churned_at >= \(horizon("u.assigned_at")))::int::float8 END
            """
        }
    }

    /// The per-unit pre-period value; NULL for a metric without one.
    private static func preValue(_ metric: ExperimentMetric, _ prefix: String = "") -> String {
        switch metric {
        case .nps, .csat, .ces: "coalesce(\(prefix)\(metric.rawValue)_pre, 0)::float8"
        case .responseRate: "coalesce(\(prefix)responded_pre, false)::int::float8"
        case .value: "coalesce(\(prefix)value_pre, 0)::float8"
        case .contacts: "coalesce(\(prefix)contacts_pre, 0)::float8"
        case .cost: "coalesce(\(prefix)cost_pre, 0)::float8"
        case .retention: "NULL::float8"
        }
    }
}
