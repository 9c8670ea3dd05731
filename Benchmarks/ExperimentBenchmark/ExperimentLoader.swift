import BenchmarkSupport
import CXCore
import CXStore
import Foundation
import PostgresNIO

/// Writes the benchmark's experiment with SQL (`generate_series`, a fixed `setseed`) into the
/// tables ingestion and assignment write, so the load need not go through the HTTP path (whose
/// throughput `Benchmarks/ingest-load.sh` measures): the per-unit outcome and response sums the
/// analysis reads (`experiment_unit_sums`, `experiment_unit_responses`) are built by the same
/// triggers that keep them as production writes assignments, outcomes and responses. Arms are
/// `control`, `a`, `b` by unit number; assignments spread over 28 days; four outcomes per unit
/// (two purchases, a contact, a cost) within ±28 days of its assignment, a churn for 5% and
/// arm `b` buying 5 more per purchase; a completed `moment` response (nps, sat, effort) from 25%.
struct ExperimentLoader: Sendable {
    static let experiment = ExperimentDefinition(
        key: "bench-3-arms",
        arms: [.init(name: "control", share: 33.34), .init(name: "a", share: 33.33), .init(name: "b", share: 33.33)],
        primaryMetric: "value", guardrails: ["contacts", "csat"])
    static let start = Date(timeIntervalSince1970: 1_788_220_800)  // 2026-09-01T00:00:00Z
    /// As of: every window closed.
    static let asOf = start.addingTimeInterval(60 * 86_400)

    let database: Database
    let tenant: String

    /// Loads `units` units; returns the rows written per table.
    func load(units: Int) async throws -> [(table: String, rows: Int)] {
        let keys = PostgresAPIKeyRepository(database: database)
        if !(try await keys.tenants()).contains(tenant) { _ = try await keys.create(tenant: tenant, scope: .admin) }
        let survey = try SurveyDefinition.parse(try JSONParser.parse(Array("""
            {"title":"After the moment","population":"customer","fields":[{"id":"nps","type":"nps"},
             {"id":"sat","type":"csat","scale":[1,5]},{"id":"effort","type":"ces","scale":[1,7]}]}
            """.utf8))).get()
        _ = try await PostgresSurveyRepository(database: database).put(tenant: tenant, key: "moment", definition: survey)
        _ = try await PostgresExperimentRepository(database: database).put(tenant: tenant, definition: Self.experiment)
        let key = Self.experiment.key
        let start = Self.start
        let statements: [(String, PostgresQuery)] = [
            ("experiment_assignments", """
                WITH inserted AS (INSERT INTO experiment_assignments (tenant_id, experiment_key, unit, arm, bucket, holdout, global_holdout, assigned_at)
                SELECT \(tenant), \(key), 'u-' || g, (ARRAY['control', 'a', 'b'])[1 + g % 3], (g % 10007) / 10007.0, false, false,
                       \(start)::timestamptz + (g % 28) * interval '1 day' + (g % 86400) * interval '1 second'
                FROM generate_series(1, \(units)) AS g
                RETURNING 1) SELECT count(*) FROM inserted
                """),
            ("outcomes", """
                WITH inserted AS (INSERT INTO outcomes (tenant_id, event_id, unit, type, value, occurred_at)
                SELECT a.tenant_id, 'o' || k || '-' || a.unit, a.unit, (ARRAY['purchase', 'purchase', 'contact', 'cost'])[k],
                       CASE WHEN k <= 2 THEN round(random()::numeric * 100, 2)::float8 + (a.arm = 'b')::int * 5
                            WHEN k = 4 THEN 3.5 END,
                       a.assigned_at + (random() * 56 - 28) * interval '1 day'
                FROM experiment_assignments a, generate_series(1, 4) AS k
                WHERE a.tenant_id = \(tenant) AND a.experiment_key = \(key)
                RETURNING 1) SELECT count(*) FROM inserted
                """),
            ("outcomes (churn)", """
                WITH inserted AS (INSERT INTO outcomes (tenant_id, event_id, unit, type, occurred_at)
                SELECT a.tenant_id, 'churn-' || a.unit, a.unit, 'churn', a.assigned_at + random() * 50 * interval '1 day'
                FROM experiment_assignments a
                WHERE a.tenant_id = \(tenant) AND a.experiment_key = \(key) AND random() < 0.05
                RETURNING 1) SELECT count(*) FROM inserted
                """),
            ("submissions", """
                WITH inserted AS (INSERT INTO submissions (tenant_id, survey_key, submission_id, survey_version, respondent, status, submitted_at, raw)
                SELECT a.tenant_id, 'moment', 's-' || a.unit, 1, a.unit, 'completed',
                       a.assigned_at + (random() * 56 - 28) * interval '1 day', '{}'::jsonb
                FROM experiment_assignments a
                WHERE a.tenant_id = \(tenant) AND a.experiment_key = \(key) AND random() < 0.25
                RETURNING 1) SELECT count(*) FROM inserted
                """),
            ("answers", """
                WITH inserted AS (INSERT INTO answers (tenant_id, survey_key, submission_id, field_id, survey_version, value_numeric)
                SELECT s.tenant_id, s.survey_key, s.submission_id, f.field, 1, f.low + floor(random() * (f.high - f.low + 1))
                FROM submissions s, (VALUES ('nps', 0, 10), ('sat', 1, 5), ('effort', 1, 7)) AS f(field, low, high)
                WHERE s.tenant_id = \(tenant) AND s.survey_key = 'moment'
                RETURNING 1) SELECT count(*) FROM inserted
                """),
        ]
        return try await SeededStatements.run(statements, seed: 0.2026, on: database)
    }
}
