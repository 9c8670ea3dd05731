import CXCore
import Foundation

/// Which logged decisions and which of their later outcomes the learning loop reads.
///
/// **Attribution.** An outcome of a unit belongs to the unit's latest decision before it (last
/// touch): to decision d at t when t ≤ occurred_at < min(t + window of the objective, the unit's
/// next decision, as-of). Each objective has its own window. A survey answer counts the same
/// way for satisfaction: the CSAT fields' answers of completed submissions whose respondent is
/// the unit, coded top-2-box (1) or not (0), averaged per decision — decisions without an answer
/// have no satisfaction reward (non-response, weighted by the learner).
public struct AttributionRequest: Sendable, Hashable {
    /// How one outcome type feeds one objective: y += sign × (1 when `counts`, else the value).
    public struct OutcomeMeasure: Sendable, Hashable {
        public var objective: String
        public var outcomeType: String
        public var sign: Double
        public var counts: Bool
        public var windowDays: Double

        public init(objective: String, outcomeType: String, sign: Double, counts: Bool, windowDays: Double) {
            self.objective = objective
            self.outcomeType = outcomeType
            self.sign = sign
            self.counts = counts
            self.windowDays = windowDays
        }
    }

    public var tenant: String
    /// Decisions made in [since, asOf).
    public var since: Date
    public var asOf: Date
    public var measures: [OutcomeMeasure]
    /// The CSAT fields that measure satisfaction, with their top-2-box lower bounds.
    public var satisfactionFields: [ExperimentSurveyField]
    public var satisfactionWindowDays: Double

    public init(tenant: String, since: Date, asOf: Date, measures: [OutcomeMeasure], satisfactionFields: [ExperimentSurveyField],
                satisfactionWindowDays: Double) {
        self.tenant = tenant
        self.since = since
        self.asOf = asOf
        self.measures = measures
        self.satisfactionFields = satisfactionFields
        self.satisfactionWindowDays = satisfactionWindowDays
    }

    /// The objectives measured from outcomes, in name order.
    public var outcomeObjectives: [String] { Array(Set(measures.map(\.objective))).sorted() }
}
