import CXCore
import Foundation
import Logging
import PostgresNIO

/// What erasing a respondent removed.
public struct ErasureSummary: Sendable, Hashable {
    public var submissions: Int
    public var answers: Int
    public var outcomes: Int
    public var assignments: Int
    /// Logged decisions (with their candidates and contact-ledger rows).
    public var decisions: Int

    public init(submissions: Int, answers: Int, outcomes: Int, assignments: Int, decisions: Int) {
        self.submissions = submissions
        self.answers = answers
        self.outcomes = outcomes
        self.assignments = assignments
        self.decisions = decisions
    }
}

/// Erases one person from a tenant (`cxloop erase --respondent ID`): their submissions with
/// answers and index scores, the outcomes, experiment assignments and logged decisions (with
/// candidates and contacts) of the same unit id, their queued or sent `response.received`
/// webhook deliveries, and their contribution to the weekly rollups, in one transaction. Afterwards every report
/// equals one computed as if they had never answered. The unit's per-experiment outcome and
/// response sums (``ExperimentUnitSums``) leave with its rows, by the tables' triggers.
///
/// The person is named by the id as sent: for a pseudonymising tenant it is turned into its
/// pseudonym with the secret read in the same transaction (never a cached one).
public struct PostgresRespondentEraser: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func erase(tenant: String, respondent clearID: String) async throws(StoreError) -> ErasureSummary {
        let logger = database.logger
        return try await database.transaction { connection in
            // Exclusive on the tenant, as a rollup rebuild: writers of the tenant wait, so no
            // flush can re-add a rollup between the reads and the subtraction below.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(tenant), 1))", logger: logger)
            let pseudonymiser = try await PostgresPseudonymSecrets.pseudonymiser(tenant: tenant, on: connection, logger: logger)
            let respondent = pseudonymiser?.pseudonym(for: clearID) ?? clearID
            var stored: [String: (submittedAt: Date, attributes: String)] = [:]
            var surveys: [String] = []
            var submissionIDs: [String] = []
            let submissions = try await connection.query(
                """
                SELECT survey_key, submission_id, submitted_at, attributes::text FROM submissions
                WHERE tenant_id = \(tenant) AND respondent = \(respondent) FOR UPDATE
                """, logger: logger)
            for try await (survey, submissionID, submittedAt, attributes) in submissions.decode((String, String, Date, String).self) {
                stored[survey + "/" + submissionID] = (submittedAt, attributes)
                surveys.append(survey)
                submissionIDs.append(submissionID)
            }
            // Answers and index scores first, to learn what leaves the rollups (deleting the
            // submissions would cascade to them silently).
            var rollups = AnswerRollupChanges()
            var answers = 0
            let removed = try await connection.query(
                """
                WITH keys AS (SELECT * FROM unnest(\(surveys)::text[], \(submissionIDs)::text[]) AS k(survey, id)),
                answers_removed AS (
                    DELETE FROM answers a USING keys
                    WHERE a.tenant_id = \(tenant) AND a.survey_key = keys.survey AND a.submission_id = keys.id
                    RETURNING a.survey_key, a.submission_id, a.field_id, a.value_numeric
                ), scores_removed AS (
                    DELETE FROM index_scores i USING keys
                    WHERE i.tenant_id = \(tenant) AND i.survey_key = keys.survey AND i.submission_id = keys.id
                    RETURNING i.survey_key, i.submission_id, \(RollupCell.indexFieldPrefix)::text || i.index_name, i.score
                )
                SELECT *, true FROM answers_removed UNION ALL SELECT *, false FROM scores_removed
                """, logger: logger)
            for try await (survey, submissionID, fieldID, value, isAnswer) in removed.decode((String, String, String, Double?, Bool).self) {
                guard let submission = stored[survey + "/" + submissionID] else { continue }
                if isAnswer { answers += 1 }
                rollups.append(sign: -1, tenant: tenant, survey: survey, fieldID: fieldID, value: value,
                               submittedAt: submission.submittedAt, attributes: submission.attributes)
            }
            try await connection.query(
                "DELETE FROM submissions WHERE tenant_id = \(tenant) AND respondent = \(respondent)", logger: logger)
            try await AnswerRollups.apply(rollups, on: connection, logger: logger)
            // Their responses also leave the webhook queue (a `response.received` payload is the response).
            try await connection.query(
                """
                DELETE FROM webhook_deliveries WHERE tenant_id = \(tenant) AND event_type = 'response.received'
                  AND payload->>'respondent' = \(respondent)
                """, logger: logger)
            // Assignments before outcomes: their triggers take the unit's response lock before its outcome
            // lock (migration 0013), the order every writer keeps.
            let assignments = try await connection.query(
                "DELETE FROM experiment_assignments WHERE tenant_id = \(tenant) AND unit = \(respondent) RETURNING 1", logger: logger
            ).collect().count
            let outcomes = try await connection.query(
                "DELETE FROM outcomes WHERE tenant_id = \(tenant) AND unit = \(respondent) RETURNING 1", logger: logger
            ).collect().count
            let decisions = try await connection.query(
                "DELETE FROM decisions WHERE tenant_id = \(tenant) AND unit = \(respondent) RETURNING 1", logger: logger
            ).collect().count
            logger.notice("respondent erased", metadata: [
                "tenant": "\(tenant)", "submissions": "\(stored.count)", "answers": "\(answers)", "outcomes": "\(outcomes)",
                "decisions": "\(decisions)",
            ])
            return ErasureSummary(submissions: stored.count, answers: answers, outcomes: outcomes, assignments: assignments,
                                  decisions: decisions)
        }
    }
}
