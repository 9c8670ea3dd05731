import CXCore
import CXStore

/// What one report row measures: a metric of one survey field, or an engagement-style index
/// of a survey, and how its rollup histograms become a `MetricEstimate`.
struct MetricSource: Sendable {
    var survey: SurveyVersion
    var metric: MetricKind
    /// The field id, or the index name.
    var name: String
    /// The field for answer metrics; nil for an index.
    var field: SurveyField?

    /// The `field_id` of its rollup rows.
    var cellField: String { field == nil ? RollupCell.indexFieldPrefix + name : name }

    /// The survey's metric fields in definition order, then one source per index.
    static func all(of survey: SurveyVersion) -> [MetricSource] {
        let definition = survey.definition
        let fields = definition.fields.compactMap { field in
            MetricKind.reported(for: field.type, population: definition.population).map {
                MetricSource(survey: survey, metric: $0, name: field.id, field: field)
            }
        }
        let indices = EngagementIndex.indexNames(of: definition).map {
            MetricSource(survey: survey, metric: .engagement, name: $0, field: nil)
        }
        return fields + indices
    }

    /// The source of `metric` on `survey`, on `name` (a field id or index name) or, when nil,
    /// on the survey's only field (or index) with that metric.
    /// - Throws: `ReportError` `.data` naming the fields when there is none, several, or the
    ///   named field is of a type the metric is not defined on (e.g. NPS on a CSAT field).
    static func find(_ metric: MetricKind, on survey: SurveyVersion, named name: String?) throws(ReportError) -> MetricSource {
        if metric != .engagement, let name, let field = survey.definition.field(name) {
            guard metric.accepts(field.type) else {
                throw ReportError(.data, """
                    \(metric.rawValue) is not defined on field \(name) of survey \(survey.key), \
                    which is of type \(field.type.rawValue)
                    """)
            }
            return MetricSource(survey: survey, metric: metric, name: name, field: field)
        }
        let candidates = all(of: survey).filter { $0.metric == metric && (name == nil || $0.name == name) }
        guard candidates.count == 1 else {
            let available = all(of: survey).map { "\($0.metric.rawValue) on \($0.name)" }.joined(separator: ", ")
            let problem = candidates.isEmpty
                ? "survey \(survey.key) has no \(metric.rawValue)\(name.map { " on \($0)" } ?? "")"
                : "survey \(survey.key) has several \(metric.rawValue) fields; name one with --field"
            throw ReportError(.data, "\(problem) (it has: \(available.isEmpty ? "no metric fields" : available))")
        }
        return candidates[0]
    }

    /// The disclosure rules of `survey`'s rows.
    /// - Throws: `ReportError` `.usage` when the threshold is below the minimum.
    static func policy(of survey: SurveyVersion, anonymityThreshold: Int) throws(ReportError) -> DisclosurePolicy {
        do {
            return try DisclosurePolicy(population: survey.definition.population, anonymityThreshold: anonymityThreshold)
        } catch {
            throw ReportError(.usage, error.message)
        }
    }

    /// The estimate of one cell from its value frequencies.
    /// - Throws: `ReportError` `.data` when stored answers do not fit the field's current scale.
    func estimate(_ counts: [(value: Double, count: Int)], week: ISOWeek) throws(ReportError) -> MetricEstimate {
        guard let field else { return MetricEstimate(indexScores: counts) }
        var histogram = AnswerHistogram()
        for (value, count) in counts { histogram.add(Int(value.rounded()), count: count) }
        do {
            return try MetricEstimate(kind: metric, field: field, histogram: histogram)
        } catch {
            throw ReportError(.data, """
                survey \(survey.key), field \(field.id), week \(week): \(error.message) \
                (did the field's scale change? answers keep the scale they were given on)
                """)
        }
    }
}
