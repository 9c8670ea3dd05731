import CXCore
import CXStore
import Foundation
import PostgresNIO

/// The baseline the report is measured against: a plain SQL `GROUP BY` over the raw
/// `answers` joined to `submissions` (answers carry no week; it is the UTC ISO week of the
/// submission's `submitted_at`), computing the histograms the weekly report needs — the
/// count of every (survey, field, week, value) of the tenant's numeric answers over the
/// 12 weeks ending with the report week, totals only (no segments).
///
/// `withIndex` adds the engagement-style indices the report also shows (one score per
/// respondent: the mean of the answered items after reverse coding, rescaled to 0–100,
/// defined when at least ⅔ of the items are answered), which from raw rows needs one more
/// grouping per submission.
struct RawBaseline: Sendable {
    let database: Database
    let tenant: String
    /// The window's first Monday 00:00 UTC and the report week's end.
    let from: Date
    let to: Date
    let surveys: [SurveyVersion]

    init(database: Database, tenant: String, weeks: ClosedRange<ISOWeek>, surveys: [SurveyVersion]) {
        self.database = database
        self.tenant = tenant
        self.from = weeks.lowerBound.start(in: .gmt)
        self.to = weeks.upperBound.end(in: .gmt)
        self.surveys = surveys
    }

    /// Histogram counts by `Histograms.key(survey:field:week:value:)`.
    typealias Histograms = [String: Int]

    /// The per-field histograms.
    func fieldHistograms() async throws -> Histograms {
        try await collect(database.rows(
            """
            SELECT survey_key, field_id, to_char(week, 'IYYY-"W"IW'), value, n FROM (
                SELECT a.survey_key, a.field_id, date_trunc('week', s.submitted_at AT TIME ZONE 'UTC')::date AS week,
                       a.value_numeric AS value, count(*)::bigint AS n
                FROM answers a
                JOIN submissions s
                  ON s.tenant_id = a.tenant_id AND s.survey_key = a.survey_key AND s.submission_id = a.submission_id
                WHERE a.tenant_id = \(tenant) AND s.tenant_id = \(tenant) AND a.value_numeric IS NOT NULL
                  AND s.submitted_at >= \(from) AND s.submitted_at < \(to)
                GROUP BY 1, 2, 3, 4
            ) h
            """, Self.decode))
    }

    /// The per-field histograms plus every index's histogram of respondent scores.
    func fieldAndIndexHistograms() async throws -> Histograms {
        var histograms = try await fieldHistograms()
        for survey in surveys {
            for index in EngagementIndex.indexNames(of: survey.definition) {
                histograms.merge(try await indexHistogram(survey: survey, index: index)) { $0 + $1 }
            }
        }
        return histograms
    }

    /// The histogram of one index's respondent scores (field `index:<name>`).
    private func indexHistogram(survey: SurveyVersion, index: String) async throws -> Histograms {
        let items = survey.definition.fields.filter { $0.index == index && $0.numericRange != nil }
        let ids = items.map(\.id)
        let lows = items.map { Double($0.numericRange!.lowerBound) }
        let highs = items.map { Double($0.numericRange!.upperBound) }
        let reversed = items.map { $0.reverse ?? false }
        let field = RollupCell.indexFieldPrefix + index
        return try await collect(database.rows(
            """
            WITH items AS (
                SELECT * FROM unnest(\(ids)::text[], \(lows)::float8[], \(highs)::float8[], \(reversed)::bool[])
                    AS i(field_id, lo, hi, rev)
            ), scores AS (
                SELECT date_trunc('week', s.submitted_at AT TIME ZONE 'UTC')::date AS week,
                       avg(100 * ((CASE WHEN i.rev THEN i.lo + i.hi - a.value_numeric ELSE a.value_numeric END) - i.lo)
                           / (i.hi - i.lo)) AS score
                FROM answers a
                JOIN items i ON i.field_id = a.field_id
                JOIN submissions s
                  ON s.tenant_id = a.tenant_id AND s.survey_key = a.survey_key AND s.submission_id = a.submission_id
                WHERE a.tenant_id = \(tenant) AND a.survey_key = \(survey.key) AND s.tenant_id = \(tenant)
                  AND a.value_numeric IS NOT NULL AND s.submitted_at >= \(from) AND s.submitted_at < \(to)
                GROUP BY a.submission_id, 1
                HAVING 3 * count(*) >= 2 * \(items.count)
            )
            SELECT \(survey.key), \(field), to_char(week, 'IYYY-"W"IW'), score, count(*)::bigint
            FROM scores GROUP BY week, score
            """, Self.decode))
    }

    private static let decode: @Sendable (PostgresRow) throws -> (String, Int) = { row in
        let (survey, field, week, value, count) = try row.decode((String, String, String, Double, Int).self)
        return (key(survey: survey, field: field, week: week, value: value), count)
    }

    private func collect(_ rows: [(String, Int)]) -> Histograms {
        rows.reduce(into: [:]) { $0[$1.0, default: 0] += $1.1 }
    }

    /// The key of one histogram cell; values rounded to 1e-6 so index scores computed in SQL
    /// and in Swift (different summation order) meet.
    static func key(survey: String, field: String, week: String, value: Double) -> String {
        "\(survey)|\(field)|\(week)|\((value * 1e6).rounded() / 1e6)"
    }
}
