import CXCore
import CXStats
import PostgresNIO

/// ``ExperimentDataSource`` on PostgreSQL: the statements of ``ExperimentUnitsSQL/armSums``, one
/// per source, in one repeatable-read snapshot, aggregating each source per arm; assembled here
/// into per-arm sufficient statistics. `work_mem` is raised so that what is hashed or sorted
/// stays in memory, and the outcomes' statement streams: units and outcomes come in unit order
/// (primary key, migration 0007's covering index) into a merge join grouped per unit, serially —
/// on a million units that beats hashing (and, in parallel, re-aggregating) every outcome row.
public struct PostgresExperimentData: ExperimentDataSource {
    /// `work_mem` of the analysis' transaction.
    static let workMemory = "256MB"

    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func data(_ request: ExperimentDataRequest) async throws(StoreError) -> ExperimentData {
        let sql = ExperimentUnitsSQL(metrics: request.metrics)
        let statements = sql.armSums
        let binds = ExperimentUnitsSQL.binds(request)
        let logger = database.logger
        let rows = try await database.transaction { connection in
            // One snapshot for every statement, so units and sums agree.
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", logger: logger)
            try await connection.query("SET LOCAL work_mem = '\(unescaped: Self.workMemory)'", logger: logger)
            var rows: [SumsRow] = []
            for (text, streamsOutcomes) in statements {
                // Units and their outcomes both come in unit order (primary key, covering index of
                // migration 0007): a merge join grouped as it streams beats hashing millions of rows.
                let streaming = streamsOutcomes ? "off" : "on"
                try await connection.query("SET LOCAL enable_hashjoin = \(unescaped: streaming)", logger: logger)
                try await connection.query(
                    "SET LOCAL max_parallel_workers_per_gather = \(unescaped: streamsOutcomes ? "0" : "DEFAULT")", logger: logger)
                for try await row in try await connection.query(PostgresQuery(unsafeSQL: text, binds: binds), logger: logger) {
                    let (part, arm, day, count, sums) = try row.decode((String, String, Double?, Int, [Double]).self)
                    rows.append(SumsRow(part: part, arm: arm, day: day, count: count, sums: sums))
                }
            }
            return rows
        }
        return Self.assemble(rows, sql: sql)
    }

    /// One row of ``ExperimentUnitsSQL/armSums``.
    struct SumsRow: Sendable {
        var part: String
        var arm: String
        var day: Double?
        var count: Int
        var sums: [Double]
    }

    /// Per-arm statistics from the parts: a metric over all units takes n from the arm's units
    /// (units without rows add zeros), a survey metric n from its respondents, retention
    /// n and Σy from the units past the horizon and their churns; lifetimes are the churns by
    /// day plus the units censored at the as-of time (all units by censoring day less the churned).
    static func assemble(_ rows: [SumsRow], sql: ExperimentUnitsSQL) -> ExperimentData {
        func counts(_ part: String) -> [String: Int] {
            Dictionary(rows.filter { $0.part == part }.map { ($0.arm, $0.count) }, uniquingKeysWith: +)
        }
        let units = counts("units")
        var statistics: [ExperimentMetric: [String: ExperimentArmStatistics]] = [:]
        for (part, metrics) in [("outcome_sums", sql.outcomeMetrics), ("responses", sql.responseMetrics)] {
            for metric in metrics {
                for (arm, n) in units {  // units without rows in the source add zeros
                    statistics[metric, default: [:]][arm] = ExperimentArmStatistics(
                        kind: metric.kind, count: metric.isSurveyMetric ? 0 : n, sum: 0, sumOfSquares: 0,
                        covariate: .init(kind: metric.kind, sum: 0, sumOfSquares: 0, sumOfProducts: 0))
                }
            }
            for row in rows where row.part == part {
                for (position, metric) in metrics.enumerated() {
                    let sums = row.sums[(6 * position)..<(6 * position + 6)].map { $0 }
                    statistics[metric, default: [:]][row.arm] = ExperimentArmStatistics(
                        kind: metric.kind, count: metric.isSurveyMetric ? Int(sums[0]) : units[row.arm] ?? 0,
                        sum: sums[1], sumOfSquares: sums[2],
                        covariate: .init(kind: metric.kind, sum: sums[3], sumOfSquares: sums[4], sumOfProducts: sums[5]))
                }
            }
        }
        for metric in sql.responseMetrics where metric.isSurveyMetric {  // arms without respondents have no statistics
            statistics[metric] = statistics[metric]?.filter { $0.value.count > 0 }
        }
        var lifetimes: [String: [LifetimeGroup]] = [:]
        if sql.needsChurns {
            let churned = counts("horizon_churns")
            for (arm, n) in counts("horizon_units") {
                let retained = Double(n - (churned[arm] ?? 0))
                statistics[.retention, default: [:]][arm] = ExperimentArmStatistics(
                    kind: .proportion, count: n, sum: retained, sumOfSquares: retained)
            }
            var censored: [String: [Double: Int]] = [:]
            for row in rows {
                guard let day = row.day else { continue }
                switch row.part {
                case "lives": censored[row.arm, default: [:]][day, default: 0] += row.count
                case "churn_censor_days": censored[row.arm, default: [:]][day, default: 0] -= row.count
                case "churn_events": lifetimes[row.arm, default: []].append(LifetimeGroup(days: day, churned: true, units: row.count))
                default: break
                }
            }
            for (arm, days) in censored {
                for (day, count) in days where count > 0 {
                    lifetimes[arm, default: []].append(LifetimeGroup(days: day, churned: false, units: count))
                }
            }
        }
        return ExperimentData(units: units, statistics: statistics, lifetimes: lifetimes)
    }

    public func unitValues(_ request: ExperimentDataRequest, metric: ExperimentMetric) async throws(StoreError) -> [ExperimentUnitValue] {
        let sql = ExperimentUnitsSQL(metrics: [metric]).perUnit + """

            SELECT unit, arm, \(metric.rawValue)_y, \(metric.rawValue)_x FROM per_unit
            WHERE \(metric.rawValue)_y IS NOT NULL ORDER BY arm, unit
            """
        return try await database.rows(PostgresQuery(unsafeSQL: sql, binds: ExperimentUnitsSQL.binds(request))) { row in
            let (unit, arm, value, preValue) = try row.decode((String, String, Double, Double?).self)
            return ExperimentUnitValue(unit: unit, arm: arm, value: value, preValue: preValue)
        }
    }
}
