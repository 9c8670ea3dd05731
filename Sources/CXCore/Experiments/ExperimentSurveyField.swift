/// A survey field that feeds an experiment's survey metric: `nps` fields feed ``ExperimentMetric/nps``,
/// `csat` fields ``ExperimentMetric/csat`` (answers from `topBoxFrom` up count as satisfied) and
/// `ces` fields ``ExperimentMetric/ces``.
public struct ExperimentSurveyField: Sendable, Hashable {
    public var survey: String
    public var field: String
    public var metric: ExperimentMetric
    /// The lowest answer of CSAT's top-2-box; 0 for the other metrics.
    public var topBoxFrom: Double

    public init(survey: String, field: String, metric: ExperimentMetric, topBoxFrom: Double = 0) {
        self.survey = survey
        self.field = field
        self.metric = metric
        self.topBoxFrom = topBoxFrom
    }

    /// The fields of `surveys` answered by `population` that feed a survey metric. A unit
    /// answers as itself: customer experiments read customer surveys, employee ones employee surveys.
    public static func fields(of surveys: [SurveyVersion], population: Population) -> [ExperimentSurveyField] {
        surveys.filter { $0.definition.population == population }.flatMap { survey in
            survey.definition.fields.compactMap { field -> ExperimentSurveyField? in
                switch field.type {
                case .nps, .enps:
                    return ExperimentSurveyField(survey: survey.key, field: field.id, metric: .nps)
                case .csat:
                    guard let scale = field.numericRange else { return nil }
                    return ExperimentSurveyField(survey: survey.key, field: field.id, metric: .csat,
                                                 topBoxFrom: Double(MetricEstimate.topTwoBox(of: scale).lowerBound))
                case .ces:
                    return ExperimentSurveyField(survey: survey.key, field: field.id, metric: .ces)
                case .likert, .choice, .text:
                    return nil
                }
            }
        }
    }
}
