import CXCore
import Foundation
import PostgresNIO

/// ``ReportRepository`` on PostgreSQL. Histograms come from `answer_rollups` (UTC weeks);
/// a query in another time zone aggregates the raw answers with the same grouping instead.
/// Every statement is scoped to one tenant and binds every value as a parameter.
public struct PostgresReportRepository: ReportRepository {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func cells(_ query: RollupQuery) async throws(StoreError) -> [RollupCell] {
        var binds = PostgresBindings()
        binds.append(query.tenant)
        binds.append(query.surveys)
        binds.append(query.segmentAttribute.map { ["", $0] } ?? [""])
        let sql: String
        if query.readsRollups {
            binds.append(query.weeks.lowerBound.firstDay)
            binds.append(query.weeks.upperBound.firstDay)
            sql = Self.rollupSQL
        } else {
            binds.append(query.weeks.lowerBound.start(in: query.timeZone))
            binds.append(query.weeks.upperBound.end(in: query.timeZone))
            binds.append(query.timeZone.identifier)
            binds.append(RollupCell.indexFieldPrefix)
            sql = Self.rawSQL
        }
        let rows = try await database.rows(PostgresQuery(unsafeSQL: sql, binds: binds)) { row in
            try row.decode((String, String, String, String, String, Double, Int).self)
        }
        // A window has a dozen distinct weeks: parse each once (ISOWeek goes through Calendar).
        var weeks: [String: ISOWeek] = [:]
        return try rows.map { (survey, field, week, segmentKey, segmentValue, value, count) throws(StoreError) in
            guard let isoWeek = weeks[week] ?? ISOWeek(week) else {
                throw StoreError(.failed, "the database returned an invalid ISO week '\(week)'")
            }
            weeks[week] = isoWeek
            return RollupCell(survey: survey, field: field, week: isoWeek,
                              segment: segmentKey.isEmpty ? nil : segmentValue, value: value, count: count)
        }
    }

    public func lifetimes(tenant: String, cutOff: Date) async throws(StoreError) -> [LifetimeGroup] {
        try await database.rows(
            """
            WITH units AS (
                SELECT unit, min(occurred_at) AS start, min(occurred_at) FILTER (WHERE type = 'churn') AS churn
                FROM outcomes WHERE tenant_id = \(tenant) AND occurred_at < \(cutOff)
                GROUP BY unit
            )
            SELECT extract(epoch FROM coalesce(churn, \(cutOff)) - start)::double precision / 86400,
                   churn IS NOT NULL, count(*)::bigint
            FROM units GROUP BY 1, 2 ORDER BY 1, 2
            """
        ) { row in
            let (days, churned, units) = try row.decode((Double, Bool, Int).self)
            return LifetimeGroup(days: days, churned: churned, units: units)
        }
    }

    public func loyalty(tenant: String, start: Date, end: Date) async throws(StoreError) -> LoyaltyCounts {
        let counts = try await database.rows(
            """
            WITH events AS (
                SELECT unit, type, occurred_at, event_id FROM outcomes
                WHERE tenant_id = \(tenant) AND type IN ('loyalty_join', 'loyalty_leave') AND occurred_at < \(end)
            ), at_start AS (
                SELECT DISTINCT ON (unit) unit, type FROM events WHERE occurred_at < \(start)
                ORDER BY unit, occurred_at DESC, event_id DESC
            ), at_end AS (
                SELECT DISTINCT ON (unit) unit, type FROM events
                ORDER BY unit, occurred_at DESC, event_id DESC
            )
            SELECT count(*)::bigint, count(*) FILTER (WHERE e.type = 'loyalty_join')::bigint
            FROM at_start s JOIN at_end e USING (unit)
            WHERE s.type = 'loyalty_join'
            """
        ) { row in try row.decode((Int, Int).self) }
        let (members, retained) = counts.first ?? (0, 0)
        return LoyaltyCounts(membersAtStart: members, retained: retained)
    }

    /// $1 tenant, $2 surveys, $3 segment keys ('' = total), $4/$5 first/last week's Monday.
    static let rollupSQL = """
        SELECT survey_key, field_id, to_char(week, 'IYYY-"W"IW'), segment_key, segment_value, value,
               sum(count)::bigint
        FROM answer_rollups
        WHERE tenant_id = $1 AND survey_key = ANY($2::text[]) AND segment_key = ANY($3::text[])
          AND week BETWEEN $4::date AND $5::date
        GROUP BY 1, 2, 3, 4, 5, 6
        HAVING sum(count) <> 0
        """

    /// $1 tenant, $2 surveys, $3 segment keys, $4/$5 the window's start/end instants, $6 zone,
    /// $7 the index field prefix.
    /// The same grouping as the rollups (see `AnswerRollups`), with weeks in the zone.
    static let rawSQL = """
        SELECT a.survey_key, a.field_id,
               to_char(date_trunc('week', s.submitted_at AT TIME ZONE $6), 'IYYY-"W"IW'),
               seg.segment_key, seg.segment_value, a.value_numeric, count(*)::bigint
        FROM submissions s
        JOIN \(RolledUpValues.relation(prefixParameter: "$7")) a ON a.tenant_id = s.tenant_id AND a.survey_key = s.survey_key AND a.submission_id = s.submission_id
        CROSS JOIN LATERAL (
            SELECT '' AS segment_key, '' AS segment_value
            UNION ALL
            SELECT key, value FROM jsonb_each_text(s.attributes) WHERE value IS NOT NULL AND key = ANY($3::text[])
        ) seg
        WHERE s.tenant_id = $1 AND s.survey_key = ANY($2::text[])
          AND s.submitted_at >= $4 AND s.submitted_at < $5 AND a.value_numeric IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6
        """
}
