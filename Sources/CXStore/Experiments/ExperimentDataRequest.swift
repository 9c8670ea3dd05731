import CXCore
import Foundation

/// What the analysis of a stored experiment reads: which metrics, up to when, and over which
/// attribution windows (``ExperimentMetric``).
public struct ExperimentDataRequest: Sendable, Hashable {
    public var tenant: String
    public var experiment: String
    public var metrics: [ExperimentMetric]
    /// Units assigned before this instant count; their windows are cut here.
    public var asOf: Date
    /// Days from a unit's assignment that its outcomes and responses are attributed to it; the
    /// same number of days before the assignment is its pre-period (CUPED).
    public var windowDays: Int
    /// Days after which ``ExperimentMetric/retention`` asks whether the unit is still there.
    public var horizonDays: Int
    /// The fields feeding the survey metrics.
    public var surveyFields: [ExperimentSurveyField]

    public init(tenant: String, experiment: String, metrics: [ExperimentMetric], asOf: Date,
                windowDays: Int, horizonDays: Int, surveyFields: [ExperimentSurveyField]) {
        self.tenant = tenant
        self.experiment = experiment
        self.metrics = metrics
        self.asOf = asOf
        self.windowDays = windowDays
        self.horizonDays = horizonDays
        self.surveyFields = surveyFields
    }
}
