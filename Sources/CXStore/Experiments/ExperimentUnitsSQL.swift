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
/// With `summed`, the analysis reads the outcome metrics from `experiment_unit_sums` (migration
/// 0011: per-unit sums over the default windows, kept by triggers) instead of streaming the raw
/// outcomes: a unit whose latest summed post-window outcome is at or after the as-of time is
/// recounted from raw rows (its window is cut there), every other unit's sums are exactly the
/// raw result. Only for ``ExperimentUnitSums/windowDays``; the export always reads raw rows.
/// With `summedResponses`, the survey metrics and the response rate come likewise from
/// `experiment_unit_responses` (migration 0013), units with a submission at or after the as-of
/// time in their post window recounted from raw rows.
///
/// Binds: $1 tenant, $2 experiment, $3 as-of, $4 window days, $5 horizon days, and the survey
/// fields as parallel arrays $6 survey keys, $7 field ids, $8 metrics, $9 top-box lower bounds.
struct ExperimentUnitsSQL {
    let metrics: [ExperimentMetric]
    /// Whether outcome metrics come from `experiment_unit_sums`.
    var summed = false
    /// Whether the response metrics come from `experiment_unit_responses` (whose survey fields the
    /// caller checked against the request's).
    var summedResponses = false

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
        if needsOutcomes && !summed {
            parts.append("outcome_sums AS (\n" + Self.outcomeSums(of: "units", join: "JOIN") + "\n)")
        }
        if needsResponses && !summedResponses { parts += responseSources(of: "units") }
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

    /// `fields`, then per unit of `source` (columns as `units`) with a completed submission in its
    /// windows: `answered` (its submissions), `last_codes` (per metric and window the last answer's
    /// code) and `responses` (one row per unit).
    private func responseSources(of source: String) -> [String] {
        [
            """
            fields AS (
                SELECT * FROM unnest($6::text[], $7::text[], $8::text[], $9::float8[]) AS f(survey, field, metric, top)
            )
            """,
            """
            answered AS (
                SELECT u.arm, u.unit, s.survey_key, s.submission_id, s.submitted_at, s.submitted_at >= u.assigned_at AS post
                FROM \(source) u
                JOIN submissions s ON s.tenant_id = $1 AND s.respondent = u.unit AND s.status = 'completed'
                    AND s.submitted_at >= u.pre_start AND s.submitted_at < u.post_end
            )
            """,
            """
            last_codes AS (
                SELECT DISTINCT ON (r.unit, a.metric, r.post) r.arm, r.unit, a.metric, r.post, a.code
                FROM answered r\(answerJoin)
                ORDER BY r.unit, a.metric, r.post, r.submitted_at DESC, r.submission_id DESC, r.survey_key DESC, a.field DESC
            )
            """,
            """
            responses AS (
                SELECT min(arm) AS arm, unit, bool_or(post) AS responded_post, bool_or(NOT post) AS responded_pre\(surveyColumns)
                FROM last_codes GROUP BY unit
            )
            """,
        ]
    }

    /// Per unit of `source` (columns as `units`), the outcome sums of its windows; `join` is
    /// `JOIN` (units without outcomes have no row) or `LEFT JOIN` (every unit has one).
    private static func outcomeSums(of source: String, join: String) -> String {
        """
            SELECT min(u.arm) AS arm, u.unit,
                sum(CASE o.type WHEN 'purchase' THEN o.value WHEN 'refund' THEN -o.value ELSE 0 END)
                    FILTER (WHERE o.occurred_at >= u.assigned_at) AS value_post,
                sum(CASE o.type WHEN 'purchase' THEN o.value WHEN 'refund' THEN -o.value ELSE 0 END)
                    FILTER (WHERE o.occurred_at < u.assigned_at) AS value_pre,
                count(*) FILTER (WHERE o.type = 'contact' AND o.occurred_at >= u.assigned_at) AS contacts_post,
                count(*) FILTER (WHERE o.type = 'contact' AND o.occurred_at < u.assigned_at) AS contacts_pre,
                sum(o.value) FILTER (WHERE o.type = 'cost' AND o.occurred_at >= u.assigned_at) AS cost_post,
                sum(o.value) FILTER (WHERE o.type = 'cost' AND o.occurred_at < u.assigned_at) AS cost_pre
            FROM \(source) u \(join) outcomes o ON o.tenant_id = $1 AND o.unit = u.unit
                AND o.occurred_at >= u.pre_start AND o.occurred_at < u.post_end
                AND o.type IN ('purchase', 'refund', 'contact', 'cost')
            GROUP BY u.unit  -- in unit order, as the merge join delivers it
        """
    }

    /// The summed statement's sources, each one row per unit: `fresh_sums` from
    /// `experiment_unit_sums`, and `recounted` from raw outcomes for the open units, whose summed
    /// post window reaches the as-of time. (Two sources aggregated apart rather than one union,
    /// so that the million-row scan aggregates in parallel.)
    private static let summedSources = """
        WITH unit_sums AS NOT MATERIALIZED (
            SELECT unit, coalesce(arm, 'holdout') AS arm, assigned_at, value_post, value_pre, contacts_post, contacts_pre,
                   cost_post, cost_pre, last_post_at
            FROM experiment_unit_sums
            WHERE tenant_id = $1 AND experiment_key = $2 AND assigned_at < $3::timestamptz
        ),
        fresh_sums AS (
            SELECT * FROM unit_sums WHERE last_post_at IS NULL OR last_post_at < $3::timestamptz
        ),
        open_units AS (
        \(openUnits(of: "unit_sums"))
        ),
        recounted AS (
        \(outcomeSums(of: "open_units", join: "LEFT JOIN"))
        )
        """

    /// The units of `source` (a per-unit table's rows) whose post window holds a row at or after
    /// the as-of time (`last_post_at`), with their windows as `units` has them.
    private static func openUnits(of source: String) -> String {
        """
            SELECT unit, arm, assigned_at, assigned_at - make_interval(days => $4::int) AS pre_start,
                   least(assigned_at + make_interval(days => $4::int), $3::timestamptz) AS post_end
            FROM \(source) WHERE last_post_at >= $3::timestamptz
        """
    }

    /// The summed response statement's sources, each one row per unit with a response:
    /// `fresh_responses` from `experiment_unit_responses`, and `responses` recounted from raw rows
    /// for the open units, whose post window holds a submission at or after the as-of time.
    private var summedResponseSources: String {
        (["""
            WITH unit_responses AS NOT MATERIALIZED (
                SELECT unit, coalesce(arm, 'holdout') AS arm, assigned_at, responded_post, responded_pre, nps_post, nps_pre,
                       csat_post, csat_pre, ces_post, ces_pre, last_post_at
                FROM experiment_unit_responses
                WHERE tenant_id = $1 AND experiment_key = $2 AND assigned_at < $3::timestamptz
            )
            """,
            "fresh_responses AS (\n    SELECT * FROM unit_responses WHERE last_post_at IS NULL OR last_post_at < $3::timestamptz\n)",
            "open_response_units AS (\n" + Self.openUnits(of: "unit_responses") + "\n)",
        ] + responseSources(of: "open_response_units")).joined(separator: ",\n")
    }

    /// The survey answers of each answered submission, coded per metric: only the fields of the
    /// survey metrics asked for (none for the response rate alone).
    private var answerJoin: String {
        let names = metrics.filter(\.isSurveyMetric).map { "'\($0.rawValue)'" }
        guard !names.isEmpty else { return " CROSS JOIN (SELECT NULL::text AS metric, NULL::float8 AS code, NULL::text AS field) AS a" }
        return """

                LEFT JOIN (
                    SELECT a.survey_key, a.submission_id, a.field_id AS field, f.metric,
                        CASE f.metric
                            WHEN 'nps' THEN CASE WHEN a.value_numeric >= 9 THEN 1 WHEN a.value_numeric <= 6 THEN -1 ELSE 0 END
                            WHEN 'csat' THEN (a.value_numeric >= f.top)::int
                            ELSE a.value_numeric
                        END::float8 AS code
                    FROM answers a JOIN fields f ON f.survey = a.survey_key AND f.field = a.field_id
                        AND f.metric IN (\(names.joined(separator: ", ")))
                    WHERE a.tenant_id = $1
                ) a ON a.survey_key = r.survey_key AND a.submission_id = r.submission_id
            """
    }

    /// Whole days from a unit's assignment to `end`.
    private static func days(from start: String, to end: String) -> String {
        "floor(extract(epoch FROM \(end) - \(start)) / 86400)::float8"
    }

    /// The horizon's end of a unit assigned at `start`.
    private static func horizon(_ start: String) -> String {
        "\(start) + make_interval(days => $5::int)"
    }

    /// The part of ``armSums`` that carries the outcome metrics: `unit_sums` when summed (its n
    /// counts every unit, so it also gives the units per arm), else `outcome_sums`.
    var outcomePart: String { summed ? "unit_sums" : "outcome_sums" }
    /// The metrics read from `outcome_sums`, in the order of their sums in ``armSums``.
    var outcomeMetrics: [ExperimentMetric] { metrics.filter { [.value, .contacts, .cost].contains($0) } }
    /// The metrics read from `responses`, in the order of their sums in ``armSums``.
    var responseMetrics: [ExperimentMetric] { metrics.filter { $0 == .responseRate || $0.isSurveyMetric } }

    /// How the caller has a statement of ``armSums`` planned.
    enum Plan {
        /// Joins hashed, no nested loops: units, responses and churns.
        case hashed
        /// The raw outcomes streamed in unit order through a merge join, serially.
        case streamed
        /// The planner's choice: a scan of the sums, nested-loop lookups for the few open units.
        case summed
    }

    /// The analysis' statements, one per source, each returning rows `(part, arm, day, n, sums)`
    /// (run in one snapshot; rows of the same part, arm and day add up), each with its ``Plan``.
    /// The parts ``outcomePart`` and
    /// `responses` carry, per metric of ``outcomeMetrics`` and ``responseMetrics`` in order, six
    /// sums over the units with rows in that source and a value: n, Σy, Σy², Σx, Σx², Σxy. The
    /// others count units: `units` per arm, `horizon_units`/`horizon_churns` for retention, and
    /// by day `lives` (all units by censoring day), `churn_events` and `churn_censor_days`.
    var armSums: [(sql: String, plan: Plan)] {
        let noSums = "'{}'::float8[]"
        let unitsFromSums = summed && !outcomeMetrics.isEmpty
        var selects = unitsFromSums ? [] : ["SELECT 'units', arm, NULL::float8, count(*), \(noSums) FROM units GROUP BY arm"]
        func sums(_ part: String, from source: String, _ metrics: [ExperimentMetric]) -> String {
            let columns = metrics.enumerated().map { index, metric in
                "\(Self.value(metric)) AS y\(index), \(Self.preValue(metric)) AS x\(index)"
            }
            let aggregates = metrics.enumerated().map { index, metric in
                // Every unit of the source has a value and a pre-period value (never NULL): plain sums,
                // which cost a million-unit pass about a third less than filtered, coalesced ones.
                guard metric.isSurveyMetric || metric == .retention else {
                    return """
                        count(*)::float8, sum(y\(index)), sum(y\(index) * y\(index)), sum(x\(index)), sum(x\(index) * x\(index)),
                        sum(x\(index) * y\(index))
                        """
                }
                let present = "FILTER (WHERE y\(index) IS NOT NULL)"
                return """
                    count(y\(index))::float8, coalesce(sum(y\(index)), 0), coalesce(sum(y\(index) * y\(index)), 0),
                    coalesce(sum(x\(index)) \(present), 0), coalesce(sum(x\(index) * x\(index)) \(present), 0),
                    coalesce(sum(x\(index) * y\(index)), 0)
                    """
            }
            return """
                SELECT '\(part)', arm, NULL::float8, count(*), ARRAY[\(aggregates.joined(separator: ", "))]
                FROM (SELECT arm, \(columns.joined(separator: ", ")) FROM \(source)) AS s GROUP BY arm
                """
        }
        if !responseMetrics.isEmpty && !summedResponses { selects.append(sums("responses", from: "responses", responseMetrics)) }
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
        let outcomes = outcomeMetrics.isEmpty ? []
            : summed ? [(Self.summedSources + "\n" + ["fresh_sums", "recounted"].map { sums(outcomePart, from: $0, outcomeMetrics) }
                .joined(separator: "\nUNION ALL\n"), Plan.summed)]
            : [(sources + "\n" + sums(outcomePart, from: "outcome_sums", outcomeMetrics), Plan.streamed)]
        let responses = responseMetrics.isEmpty || !summedResponses ? []
            : [(summedResponseSources + "\n" + ["fresh_responses", "responses"].map { sums("responses", from: $0, responseMetrics) }
                .joined(separator: "\nUNION ALL\n"), Plan.summed)]
        return (selects.isEmpty ? [] : [(sources + "\n" + selects.joined(separator: "\nUNION ALL\n"), Plan.hashed)]) + outcomes + responses
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

    /// The last answer in each window of each survey metric asked for: `last_codes` holds at
    /// most one row per unit, metric and window (the last by submission time, then id).
    private var surveyColumns: String {
        metrics.filter(\.isSurveyMetric).map { metric in
            let name = metric.rawValue
            return """
                ,
                        max(code) FILTER (WHERE metric = '\(name)' AND post) AS \(name)_post,
                        max(code) FILTER (WHERE metric = '\(name)' AND NOT post) AS \(name)_pre
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
