import CXCore
import CXStats
import PostgresNIO

/// ``ExperimentDataSource`` on PostgreSQL: the statements of ``ExperimentUnitsSQL/armSums``, one
/// per source, in one repeatable-read snapshot, aggregating each source per arm; assembled here
/// into per-arm sufficient statistics. Over the default window (``ExperimentUnitSums/windowDays``)
/// the outcome metrics come from the per-unit sums, a sequential scan of one row per unit, and
/// the response metrics from the per-unit responses when their survey fields are the request's; over
/// another window the raw outcomes stream: units and outcomes in unit order (primary key,
/// migration 0007's covering index) into a merge join grouped per unit, serially — on a million
/// units that beats hashing (and, in parallel, re-aggregating) every outcome row. The responses'
/// joins are hashed (no nested loops): the planner underestimates the units' answered
/// submissions by an order of magnitude and would look their answers up one by one. Windows are
/// computed in UTC, as the sums' triggers do. `work_mem` is raised so that what is hashed or
/// sorted stays in memory.
public struct PostgresExperimentData: ExperimentDataSource {
    /// `work_mem` of the analysis' transaction.
    static let workMemory = "256MB"

    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func data(_ request: ExperimentDataRequest) async throws(StoreError) -> ExperimentData {
        let summed = request.windowDays == ExperimentUnitSums.windowDays
        let sql = ExperimentUnitsSQL(metrics: request.metrics, summed: summed)
        let binds = ExperimentUnitsSQL.binds(request)
        let logger = database.logger
        let rows = try await database.transaction { connection in
            // One snapshot for every statement, so units and sums agree.
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", logger: logger)
            try await connection.query("SET LOCAL work_mem = '\(unescaped: Self.workMemory)'", logger: logger)
            try await connection.query("SET LOCAL TimeZone = 'UTC'", logger: logger)
            // Compiling the expressions took longer than evaluating them (about 250 ms a statement).
            try await connection.query("SET LOCAL jit = off", logger: logger)
            // The statements read the stored responses only when they follow the request's survey fields.
            var statements = sql
            if summed && sql.needsResponses {
                statements.summedResponses = try await ExperimentUnitSums.responseFieldsMatch(request, on: connection, logger: logger)
            }
            var rows: [SumsRow] = []
            for (text, plan) in statements.armSums {
                for (setting, value) in Self.settings(plan) {
                    try await connection.query("SET LOCAL \(unescaped: setting) = \(unescaped: value)", logger: logger)
                }
                for try await row in try await connection.query(PostgresQuery(unsafeSQL: text, binds: binds), logger: logger) {
                    let (part, arm, day, count, sums) = try row.decode((String, String, Double?, Int, [Double]).self)
                    rows.append(SumsRow(part: part, arm: arm, day: day, count: count, sums: sums))
                }
            }
            return rows
        }
        return Self.assemble(rows, sql: sql)
    }

    /// The planner settings of a statement of ``ExperimentUnitsSQL/armSums``.
    static func settings(_ plan: ExperimentUnitsSQL.Plan) -> [(String, String)] {
        let (hashJoins, nestedLoops, workers) = switch plan {
        case .hashed: ("on", "off", "DEFAULT")
        case .streamed: ("off", "on", "0")
        case .summed: ("on", "on", "DEFAULT")
        }
        return [("enable_hashjoin", hashJoins), ("enable_nestloop", nestedLoops), ("max_parallel_workers_per_gather", workers)]
    }

    /// One row of ``ExperimentUnitsSQL/armSums``.
    struct SumsRow: Sendable {
        struct Key: Hashable {
            var part: String
            var arm: String
            var day: Double?
        }

        var part: String
        var arm: String
        var day: Double?
        var count: Int
        var sums: [Double]

        var key: Key { Key(part: part, arm: arm, day: day) }
    }

    /// Per-arm statistics from the parts: a metric over all units takes n from the arm's units
    /// (units without rows add zeros), a survey metric n from its respondents, retention
    /// n and Σy from the units past the horizon and their churns; lifetimes are the churns by
    /// day plus the units censored at the as-of time (all units by censoring day less the churned).
    /// Rows of the same part, arm and day are added up first.
    static func assemble(_ parts: [SumsRow], sql: ExperimentUnitsSQL) -> ExperimentData {
        var rows: [SumsRow] = []  // in the order of first appearance
        var positions: [SumsRow.Key: Int] = [:]
        for row in parts {
            if let position = positions[row.key] {
                rows[position].count += row.count
                rows[position].sums = zip(rows[position].sums, row.sums).map(+)
            } else {
                positions[row.key] = rows.count
                rows.append(row)
            }
        }
        func counts(_ part: String) -> [String: Int] {
            Dictionary(rows.filter { $0.part == part }.map { ($0.arm, $0.count) }, uniquingKeysWith: +)
        }
        let units = counts("units").merging(counts("unit_sums"), uniquingKeysWith: +)
        var statistics: [ExperimentMetric: [String: ExperimentArmStatistics]] = [:]
        for (part, metrics) in [(sql.outcomePart, sql.outcomeMetrics), ("responses", sql.responseMetrics)] {
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
        let logger = database.logger
        return try await database.transaction { connection in
            try await connection.query("SET LOCAL TimeZone = 'UTC'", logger: logger)  // the analysis' windows
            var values: [ExperimentUnitValue] = []
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: ExperimentUnitsSQL.binds(request)), logger: logger)
            for try await (unit, arm, value, preValue) in rows.decode((String, String, Double, Double?).self) {
                values.append(ExperimentUnitValue(unit: unit, arm: arm, value: value, preValue: preValue))
            }
            return values
        }
    }
}
