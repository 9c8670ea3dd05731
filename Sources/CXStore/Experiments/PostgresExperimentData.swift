import CXCore
import CXStats
import PostgresNIO

/// ``ExperimentDataSource`` on PostgreSQL: one statement over ``ExperimentUnitsSQL``'s
/// `per_unit`, grouped by arm (and by arm, lifetime and churn for the log-rank comparison).
public struct PostgresExperimentData: ExperimentDataSource {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func data(_ request: ExperimentDataRequest) async throws(StoreError) -> ExperimentData {
        let units = ExperimentUnitsSQL(metrics: request.metrics)
        let sums = request.metrics.map { metric in
            let y = "\(metric.rawValue)_y", x = "\(metric.rawValue)_x", has = "FILTER (WHERE \(y) IS NOT NULL)"
            return """
                count(\(y))::bigint, coalesce(sum(\(y)), 0), coalesce(sum(\(y) * \(y)), 0),
                coalesce(sum(\(x)) \(has), 0), coalesce(sum(\(x) * \(x)) \(has), 0), coalesce(sum(\(x) * \(y)), 0)
                """
        }
        let grouping = units.needsChurns
            ? "GROUPING SETS ((arm), (arm, lifetime_days, churned))"
            : "GROUPING SETS ((arm))"
        let survival = units.needsChurns ? "GROUPING(lifetime_days) = 0, lifetime_days, churned" : "false, NULL::float8, NULL::bool"
        let sql = units.cte + """

            SELECT arm, \(survival), count(*)::bigint\(sums.map { ",\n    " + $0 }.joined())
            FROM per_unit GROUP BY \(grouping)
            """
        let metrics = request.metrics
        let rows = try await database.rows(PostgresQuery(unsafeSQL: sql, binds: ExperimentUnitsSQL.binds(request))) { row in
            try Self.decode(row, metrics: metrics)
        }
        var data = ExperimentData(units: [:], statistics: [:], lifetimes: [:])
        for row in rows {
            switch row {
            case .arm(let arm, let count, let statistics):
                data.units[arm] = count
                for (metric, statistic) in zip(metrics, statistics) where statistic.count > 0 {
                    data.statistics[metric, default: [:]][arm] = statistic
                }
            case .lifetime(let arm, let group):
                data.lifetimes[arm, default: []].append(group)
            }
        }
        return data
    }

    public func unitValues(_ request: ExperimentDataRequest, metric: ExperimentMetric) async throws(StoreError) -> [ExperimentUnitValue] {
        let sql = ExperimentUnitsSQL(metrics: [metric]).cte + """

            SELECT unit, arm, \(metric.rawValue)_y, \(metric.rawValue)_x FROM per_unit
            WHERE \(metric.rawValue)_y IS NOT NULL ORDER BY arm, unit
            """
        return try await database.rows(PostgresQuery(unsafeSQL: sql, binds: ExperimentUnitsSQL.binds(request))) { row in
            let (unit, arm, value, preValue) = try row.decode((String, String, Double, Double?).self)
            return ExperimentUnitValue(unit: unit, arm: arm, value: value, preValue: preValue)
        }
    }

    /// A row of the grouping sets: an arm's totals, or one (arm, lifetime, churned) group.
    private enum Row: Sendable {
        case arm(String, units: Int, statistics: [ExperimentArmStatistics])
        case lifetime(String, LifetimeGroup)
    }

    private static func decode(_ row: PostgresRow, metrics: [ExperimentMetric]) throws -> Row {
        let cells = row.makeRandomAccess()
        let arm = try cells[0].decode(String.self)
        let count = try cells[4].decode(Int.self)
        if try cells[1].decode(Bool.self) {
            return .lifetime(arm, LifetimeGroup(days: try cells[2].decode(Double.self), churned: try cells[3].decode(Bool.self),
                                                units: count))
        }
        let statistics = try metrics.enumerated().map { position, metric in
            let first = 5 + 6 * position
            func number(_ offset: Int) throws -> Double { try cells[first + offset].decode(Double.self) }
            let n = try cells[first].decode(Int.self)
            let covariate = metric == .retention ? nil : ExperimentArmStatistics.Covariate(
                kind: metric.kind, sum: try number(3), sumOfSquares: try number(4), sumOfProducts: try number(5))
            return ExperimentArmStatistics(kind: metric.kind, count: n, sum: try number(1), sumOfSquares: try number(2),
                                           covariate: covariate)
        }
        return .arm(arm, units: count, statistics: statistics)
    }
}
