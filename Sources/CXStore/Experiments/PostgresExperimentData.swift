import CXCore
import CXStats
import PostgresNIO

/// ``ExperimentDataSource`` on PostgreSQL: one statement (``ExperimentUnitsSQL/armSums``) whose
/// parts aggregate each source per arm, assembled here into per-arm sufficient statistics. The
/// statement runs with `work_mem` raised for its transaction, so that grouping a million units
/// stays in memory instead of spilling to disk.
public struct PostgresExperimentData: ExperimentDataSource {
    /// `work_mem` of the analysis' transaction.
    static let workMemory = "256MB"

    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func data(_ request: ExperimentDataRequest) async throws(StoreError) -> ExperimentData {
        let sql = ExperimentUnitsSQL(metrics: request.metrics)
        let query = PostgresQuery(unsafeSQL: sql.armSums, binds: ExperimentUnitsSQL.binds(request))
        let logger = database.logger
        let rows = try await database.transaction { connection in
            try await connection.query("SET LOCAL work_mem = '\(unescaped: Self.workMemory)'", logger: logger)
            var rows: [SumsRow] = []
            for try await row in try await connection.query(query, logger: logger) {
                let (part, arm, day, count, sums) = try row.decode((String, String, Double?, Int, [Double]).self)
                rows.append(SumsRow(part: part, arm: arm, day: day, count: count, sums: sums))
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
