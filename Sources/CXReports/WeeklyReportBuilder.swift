import CXCore
import CXStore

/// Turns the surveys' definitions and the histograms of the report window into report rows
/// (pure: no I/O). It applies, in order: the metric of each field (§6), disclosure (the
/// anonymity threshold and the complement guard), the week-over-week tests, Holm across the
/// report's rows, and the flags.
struct WeeklyReportBuilder {
    private struct CellKey: Hashable {
        var survey: String
        var field: String
        var segment: String?
    }

    let request: WeeklyReportRequest
    let surveys: [SurveyVersion]
    /// value frequencies by cell and week.
    private let frequencies: [CellKey: [ISOWeek: [(value: Double, count: Int)]]]

    init(request: WeeklyReportRequest, surveys: [SurveyVersion], cells: [RollupCell]) {
        self.request = request
        self.surveys = surveys
        var frequencies: [CellKey: [ISOWeek: [(value: Double, count: Int)]]] = [:]
        for cell in cells {
            let key = CellKey(survey: cell.survey, field: cell.field, segment: cell.segment)
            frequencies[key, default: [:]][cell.week, default: []].append((cell.value, cell.count))
        }
        self.frequencies = frequencies
    }

    /// The report's rows, in order: surveys by key, then each survey's metric fields in
    /// definition order, then its indices; with `--by`, each total row followed by its
    /// segments sorted by value.
    func rows() throws(ReportError) -> [ReportRow] {
        var rows: [ReportRow] = []
        for survey in surveys {
            let policy = try MetricSource.policy(of: survey, anonymityThreshold: request.anonymityThreshold)
            for source in MetricSource.all(of: survey) {
                rows += try self.rows(of: source, policy: policy)
            }
        }
        let adjusted = MetricComparison.holmAdjustedPValues(rows.map(\.comparison))
        for index in rows.indices { rows[index].adjustedP = adjusted[index] }
        return rows
    }

    private func rows(of source: MetricSource, policy: DisclosurePolicy) throws(ReportError) -> [ReportRow] {
        let window = request.window
        let total = try window.map { week throws(ReportError) in try estimate(source, segment: nil, week: week) }
        guard let attribute = request.segmentAttribute else {
            return [try row(source, segment: nil, estimates: total, guarded: window.map { _ in false }, policy: policy)]
        }
        let values = Set(frequencies.keys.compactMap { key in
            key.survey == source.survey.key && key.field == source.cellField ? key.segment : nil
        }).sorted()
        let segments = try values.map { value throws(ReportError) in
            try window.map { week throws(ReportError) in try estimate(source, segment: value, week: week) }
        }
        // hidden[w]: the segments the complement guard hides in week w.
        let hidden = window.indices.map { w in
            ComplementGuard.hiddenSegments(total: total[w].n, segments: segments.map { $0[w].n }, policy: policy)
        }
        var rows = [try row(source, segment: nil, estimates: total, guarded: window.map { _ in false }, policy: policy)]
        for (index, value) in values.enumerated() {
            rows.append(try row(source, segment: ReportRow.Segment(attribute: attribute, value: value),
                                estimates: segments[index], guarded: hidden.map { $0.contains(index) },
                                policy: policy))
        }
        return rows
    }

    private func row(
        _ source: MetricSource, segment: ReportRow.Segment?, estimates: [MetricEstimate], guarded: [Bool],
        policy: DisclosurePolicy
    ) throws(ReportError) -> ReportRow {
        let last = estimates.count - 1
        let comparison: MetricComparison
        do {
            comparison = try MetricComparison(current: estimates[last], previous: estimates[last - 1], policy: policy,
                                              currentGuarded: guarded[last], previousGuarded: guarded[last - 1])
        } catch {
            throw ReportError(.data, "\(source.survey.key).\(source.name): \(error.message)")
        }
        let trend: [Double?] = comparison.isSuppressed
            ? estimates.map { _ in nil }
            : zip(estimates, guarded).map { estimate, isGuarded in
                isGuarded || policy.suppresses(n: estimate.n) ? nil : estimate.value
            }
        return ReportRow(metric: source.metric, survey: source.survey.key, field: source.name, segment: segment,
                         comparison: comparison, adjustedP: nil, trend: trend)
    }

    private func estimate(_ source: MetricSource, segment: String?, week: ISOWeek) throws(ReportError) -> MetricEstimate {
        let key = CellKey(survey: source.survey.key, field: source.cellField, segment: segment)
        return try source.estimate(frequencies[key]?[week] ?? [], week: week)
    }
}
