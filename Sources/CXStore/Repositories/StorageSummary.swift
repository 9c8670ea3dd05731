import PostgresNIO

/// Counts of what a tenant has stored, for the demo and operators: per survey and per
/// outcome type.
public struct StorageSummary: Sendable {
    public struct SurveyCounts: Sendable {
        public var survey: String
        public var completed: Int
        public var partial: Int
        public var answers: Int
    }

    public struct OutcomeCounts: Sendable {
        public var type: String
        public var events: Int
        public var total: Double?
    }

    public var surveys: [SurveyCounts]
    public var outcomes: [OutcomeCounts]

    /// Reads the counts of `tenant` (aggregated in SQL).
    public static func load(tenant: String, from database: Database) async throws(StoreError) -> StorageSummary {
        let surveys = try await database.rows(
            """
            SELECT s.survey_key,
                   count(*) FILTER (WHERE s.status = 'completed'),
                   count(*) FILTER (WHERE s.status = 'partial'),
                   coalesce(sum(a.answers), 0)::int8
            FROM submissions s
            LEFT JOIN (SELECT survey_key, submission_id, count(*) AS answers FROM answers
                       WHERE tenant_id = \(tenant) GROUP BY 1, 2) a USING (survey_key, submission_id)
            WHERE s.tenant_id = \(tenant)
            GROUP BY 1 ORDER BY 1
            """
        ) { row in
            let (survey, completed, partial, answers) = try row.decode((String, Int, Int, Int).self)
            return SurveyCounts(survey: survey, completed: completed, partial: partial, answers: answers)
        }
        let outcomes = try await database.rows(
            "SELECT type, count(*), sum(value) FROM outcomes WHERE tenant_id = \(tenant) GROUP BY 1 ORDER BY 1"
        ) { row in
            let (type, events, total) = try row.decode((String, Int, Double?).self)
            return OutcomeCounts(type: type, events: events, total: total)
        }
        return StorageSummary(surveys: surveys, outcomes: outcomes)
    }
}
