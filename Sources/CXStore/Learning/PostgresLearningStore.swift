import CXCore
import CXStats
import Foundation
import PostgresNIO

/// The NBX learning loop's reads and writes on PostgreSQL: rewards attributed to logged
/// decisions (``AttributionSQL``), versioned effect models (`effect_models`) and the policy
/// trials of `weights propose` (`policy_trials`). Every statement is scoped to one tenant.
public struct PostgresLearningStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Runs one of the loop's aggregations: every table is read in bulk for the tenant, so hash
    /// joins are forced — on freshly loaded tables whose statistics are not yet analysed, the
    /// planner otherwise picks nested loops that revisit each unit's rows for every unit — and
    /// JIT compilation is off (on a million decisions it cost 2.5 s and saved nothing).
    func analytic<T: Sendable>(_ query: PostgresQuery, _ decode: @escaping @Sendable (PostgresRow) throws -> T) async throws(StoreError) -> [T] {
        let logger = database.logger
        return try await database.transaction { connection in
            try await connection.query("SET LOCAL enable_nestloop = off", logger: logger)
            try await connection.query("SET LOCAL jit = off", logger: logger)
            try await connection.query("SET LOCAL work_mem = '64MB'", logger: logger)
            var rows: [T] = []
            for try await row in try await connection.query(query, logger: logger) {
                rows.append(try decode(row))
            }
            return rows
        }
    }

    /// The outcomes of the logged decisions per (segment, action, channel) cell.
    public func cellStatistics(_ request: AttributionRequest) async throws(StoreError) -> [CellStatistics] {
        let rows = try await analytic(PostgresQuery(unsafeSQL: AttributionSQL.cells, binds: AttributionSQL.binds(request))) {
            try $0.decode((String, String, String, Int, String?, Int?, Double?, Double?).self)
        }
        var cells: [CellStatistics] = []
        for (segment, action, channel, decisions, objective, count, sum, sumOfSquares) in rows {
            if cells.last.map({ ($0.segment, $0.action, $0.channel ?? "") != (segment, action, channel) }) ?? true {
                cells.append(CellStatistics(segment: segment, action: action, channel: channel.isEmpty ? nil : channel,
                                            decisions: decisions, objectives: [:]))
            }
            if let objective, let count, let sum, let sumOfSquares {
                cells[cells.count - 1].objectives[objective] = SufficientStatistics(count: count, sum: sum, sumOfSquares: sumOfSquares)
            }
        }
        return cells
    }

    /// The logged decisions of the request grouped by signature (``LoggedDecisionGroup``), with
    /// the moment sums of their rewards, in signature order.
    public func loggedDecisionGroups(_ request: AttributionRequest) async throws(StoreError) -> [LoggedDecisionGroup] {
        let names = request.outcomeObjectives + [LoggedDecisionGroup.satisfaction]
        let sql = AttributionSQL.groups(outcomeObjectives: request.outcomeObjectives.count)
        let rows = try await analytic(PostgresQuery(unsafeSQL: sql, binds: AttributionSQL.binds(request))) {
            try $0.decode((String, [String], [String], Double, String, String, Double, Int, [Double]).self)
        }
        return try rows.map { row throws(StoreError) in
            let (segment, actions, channels, fatigue, action, channel, propensity, count, moments) = row
            let candidates = zip(actions, channels).map { LoggedDecision.Candidate(action: $0, channel: $1.isEmpty ? nil : $1) }
            guard let served = candidates.firstIndex(of: LoggedDecision.Candidate(action: action, channel: channel.isEmpty ? nil : channel))
            else { throw StoreError(.failed, "a decision served \(action) \(channel), which is not among its surviving candidates") }
            let width = names.count
            let products = (0..<width).map { j in Array(moments[(width + j * width)..<(width + (j + 1) * width)]) }
            return LoggedDecisionGroup(segment: segment, candidates: candidates, servedIndex: served, propensity: propensity,
                                       fatigue: fatigue, rewardNames: names,
                                       rewards: MomentSums(count: count, sums: Array(moments[0..<width]), products: products))
        }
    }

    /// Stores the model `build` makes for version `effects-N` (N = the tenant's models + 1,
    /// numbered under a lock) as its JSON, and returns it.
    public func saveModel<Model: Sendable>(
        tenant: String, _ build: @escaping @Sendable (String) throws -> (model: Model, json: JSONValue)
    ) async throws(StoreError) -> Model {
        try await database.transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('effect_models:' || \(tenant)))", logger: database.logger)
            var count = 0
            for try await value in try await connection.query(
                "SELECT count(*) FROM effect_models WHERE tenant_id = \(tenant)", logger: database.logger).decode(Int.self) {
                count = value
            }
            let version = "effects-\(count + 1)"
            let built = try build(version)
            try await connection.query("""
                INSERT INTO effect_models (tenant_id, version, model) VALUES (\(tenant), \(version), \(built.json.serialized)::jsonb)
                """, logger: database.logger)
            return built.model
        }
    }

    /// The latest model's version, nil before the first fit.
    public func latestModelVersion(tenant: String) async throws(StoreError) -> String? {
        try await database.rows("""
            SELECT version FROM effect_models WHERE tenant_id = \(tenant) ORDER BY fitted_at DESC, version DESC LIMIT 1
            """) { try $0.decode(String.self) }.first
    }

    /// Records the trial that `weights propose` started in `experiment`.
    public func saveTrial(tenant: String, experiment: String, production: String, candidates: [String],
                          screening: JSONValue) async throws(StoreError) {
        try await database.execute("""
            INSERT INTO policy_trials (tenant_id, experiment_key, production, candidates, screening)
            VALUES (\(tenant), \(experiment), \(production), \(candidates), \(screening.serialized)::jsonb)
            """)
    }

    /// The trial run in `experiment`: its production arm, candidates and whether it was decided.
    public func trial(tenant: String, experiment: String) async throws(StoreError) -> PolicyTrialRecord? {
        try await database.rows("""
            SELECT production, candidates, decided_at IS NOT NULL FROM policy_trials
            WHERE tenant_id = \(tenant) AND experiment_key = \(experiment)
            """) { try $0.decode((String, [String], Bool).self) }.first.map {
            PolicyTrialRecord(experiment: experiment, production: $0.0, candidates: $0.1, decided: $0.2)
        }
    }

    /// Records the trial's outcome (promoted or kept) once.
    public func closeTrial(tenant: String, experiment: String, outcome: JSONValue) async throws(StoreError) {
        try await database.execute("""
            UPDATE policy_trials SET decided_at = now(), outcome = \(outcome.serialized)::jsonb
            WHERE tenant_id = \(tenant) AND experiment_key = \(experiment)
            """)
    }
}

/// A policy trial as stored by `weights propose`.
public struct PolicyTrialRecord: Sendable, Hashable {
    public var experiment: String
    public var production: String
    public var candidates: [String]
    public var decided: Bool
}

extension PostgresLearningStore {
    /// Per arm of a policy experiment, the sums of its units' realised value and satisfaction.
    public func armPolicyValues(_ request: PolicyValueRequest) async throws(StoreError) -> [ArmPolicyValueSums] {
        var binds = PostgresBindings()
        binds.append(request.tenant)
        binds.append(request.experiment)
        binds.append(request.asOf)
        binds.append(request.windowDays)
        binds.append(request.terms.map(\.outcomeType))
        binds.append(request.terms.map(\.weight))
        binds.append(request.terms.map(\.counts))
        binds.append(request.costWeight)
        binds.append(request.contactCosts.map(\.action))
        binds.append(request.contactCosts.map(\.channel))
        binds.append(request.contactCosts.map(\.cost))
        binds.append(request.satisfactionFields.map(\.survey))
        binds.append(request.satisfactionFields.map(\.field))
        binds.append(request.satisfactionFields.map(\.topBoxFrom))
        let sql = """
            WITH units AS MATERIALIZED (
                SELECT unit, coalesce(arm, 'holdout') AS arm, assigned_at,
                       least(assigned_at + make_interval(days => $4::int), $3::timestamptz) AS post_end
                FROM experiment_assignments
                WHERE tenant_id = $1 AND experiment_key = $2 AND NOT global_holdout AND assigned_at < $3::timestamptz
            ),
            outcome_value AS (
                SELECT u.unit, sum(t.weight * CASE WHEN t.counts THEN 1 ELSE coalesce(o.value, 1) END) AS v
                FROM units u JOIN outcomes o ON o.tenant_id = $1 AND o.unit = u.unit
                    AND o.occurred_at >= u.assigned_at AND o.occurred_at < u.post_end
                JOIN unnest($5::text[], $6::float8[], $7::bool[]) AS t(type, weight, counts) ON t.type = o.type
                GROUP BY u.unit
            ),
            contact_value AS (
                SELECT u.unit, $8::float8 * sum(c.cost) AS v
                FROM units u JOIN decisions d ON d.tenant_id = $1 AND d.unit = u.unit AND d.experiment_key = $2
                    AND d.decided_at >= u.assigned_at AND d.decided_at < u.post_end AND NOT d.holdout
                JOIN unnest($9::text[], $10::text[], $11::float8[]) AS c(action, channel, cost)
                    ON c.action = d.action_key AND c.channel = d.channel
                GROUP BY u.unit
            ),
            satisfaction AS (
                SELECT u.unit, avg((a.value_numeric >= f.top)::int::float8) AS s
                FROM units u JOIN submissions sub ON sub.tenant_id = $1 AND sub.respondent = u.unit AND sub.status = 'completed'
                    AND sub.submitted_at >= u.assigned_at AND sub.submitted_at < u.post_end
                JOIN answers a ON a.tenant_id = $1 AND a.survey_key = sub.survey_key AND a.submission_id = sub.submission_id
                    AND a.value_numeric IS NOT NULL
                JOIN unnest($12::text[], $13::text[], $14::float8[]) AS f(survey, field, top)
                    ON f.survey = a.survey_key AND f.field = a.field_id
                GROUP BY u.unit
            ),
            per_unit AS (
                SELECT u.arm, coalesce(ov.v, 0) + coalesce(cv.v, 0) AS r, s.s
                FROM units u LEFT JOIN outcome_value ov USING (unit) LEFT JOIN contact_value cv USING (unit)
                LEFT JOIN satisfaction s USING (unit)
            )
            SELECT arm, count(*), sum(r), sum(r * r), count(s), coalesce(sum(s), 0), coalesce(sum(s * s), 0), coalesce(sum(r * s), 0)
            FROM per_unit GROUP BY arm ORDER BY arm
            """
        return try await analytic(PostgresQuery(unsafeSQL: sql, binds: binds)) {
            let row = try $0.decode((String, Int, Double, Double, Int, Double, Double, Double).self)
            return ArmPolicyValueSums(arm: row.0, units: row.1, value: row.2, valueSquares: row.3, respondents: row.4,
                                      satisfaction: row.5, satisfactionSquares: row.6, valueTimesSatisfaction: row.7)
        }
    }
}
