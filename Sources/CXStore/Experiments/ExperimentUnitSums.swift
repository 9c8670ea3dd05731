import CXCore
import Logging
import PostgresNIO

/// The per-unit sums of every experiment, per assigned unit outside the global holdout over the
/// default windows (``windowDays`` after and before its assignment): its value, contacts and
/// cost (`experiment_unit_sums`, migration 0011) and, for units with a completed submission in a
/// window, whether it responded and the codes of its last NPS, CSAT and CES answers
/// (`experiment_unit_responses`, migration 0013). Triggers keep both tables equal to a rebuild
/// whenever outcomes, submissions, answers, assignments, survey versions or an experiment's unit
/// type change — ingestion, assignment, erasure — so the analysis reads a million units' sums in
/// one pass instead of their raw rows.
public struct ExperimentUnitSums: Sendable {
    /// The attribution window the sums are kept for, in days; an analysis over another window
    /// reads raw rows.
    public static let windowDays = 28

    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Recomputes every row of `experiment` in both tables from raw rows, with the SQL the
    /// triggers use (`cxloop experiment rebuild-sums`); returns the number of units whose outcome
    /// sums were written (every unit outside the global holdout). Holds the tenant's unit locks
    /// meanwhile, so concurrent writers of its responses and outcomes wait. The responses go
    /// first, each table in a transaction of its own: every writer takes the response locks
    /// before the outcome locks.
    public func rebuild(tenant: String, experiment: String) async throws(StoreError) -> Int {
        let responded = try await database.rows("SELECT experiment_unit_responses_rebuild(\(tenant), \(experiment))") { row in
            try row.decode(Int.self)
        }.first ?? 0
        database.logger.info("experiment response sums rebuilt", metadata: [
            "tenant": "\(tenant)", "experiment": "\(experiment)", "units": "\(responded)",
        ])
        return try await database.rows("SELECT experiment_unit_sums_rebuild(\(tenant), \(experiment))") { row in
            try row.decode(Int.self)
        }.first ?? 0
    }

    /// Whether `experiment_unit_responses` holds what the analysis of `request` computes from raw
    /// rows: its rows follow the survey fields of `experiment_response_fields`, which must equal
    /// the request's (``ExperimentSurveyField/fields(of:population:)``).
    static func responseFieldsMatch(_ request: ExperimentDataRequest, on connection: PostgresConnection,
                                    logger: Logger) async throws -> Bool {
        var stored: Set<ExperimentSurveyField> = []
        let rows = try await connection.query(
            """
            SELECT survey_key, field_id, metric, top_box_from FROM experiment_response_fields
            WHERE tenant_id = \(request.tenant) AND experiment_key = \(request.experiment)
            """, logger: logger)
        for try await (survey, field, metric, topBoxFrom) in rows.decode((String, String, String, Double).self) {
            guard let metric = ExperimentMetric(rawValue: metric) else { return false }
            stored.insert(ExperimentSurveyField(survey: survey, field: field, metric: metric, topBoxFrom: topBoxFrom))
        }
        guard stored == Set(request.surveyFields) else {
            logger.warning("per-unit response sums follow other survey fields than the analysis; reading raw responses", metadata: [
                "tenant": "\(request.tenant)", "experiment": "\(request.experiment)",
            ])
            return false
        }
        return true
    }
}
