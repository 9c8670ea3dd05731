import CXCore
import CXStore
import Foundation

/// Produces the weekly report and the trend from the store: survey definitions from the
/// survey repository, histograms and retention inputs from the report repository (aggregated
/// in SQL), and the rest in memory.
public struct ReportGenerator: Sendable {
    let surveys: any SurveyRepository
    let store: any ReportRepository

    public init(surveys: any SurveyRepository, store: any ReportRepository) {
        self.surveys = surveys
        self.store = store
    }

    /// The weekly report of `request`.
    /// - Throws: `ReportError` for an unknown survey, a `--by` attribute no answer has, or a
    ///   threshold below the minimum; `StoreError` when the database fails.
    public func weekly(_ request: WeeklyReportRequest) async throws -> WeeklyReport {
        let selected = try await surveys(tenant: request.tenant, keys: request.surveys)
        try Self.refuseShiftedEmployeeWeeks(selected, timeZone: request.timeZone)
        let window = request.window
        let query = RollupQuery(tenant: request.tenant, surveys: selected.map(\.key), weeks: window[0]...request.week,
                                segmentAttribute: request.segmentAttribute, timeZone: request.timeZone)
        let cells = try await store.cells(query)
        if let attribute = request.segmentAttribute, !cells.isEmpty, !cells.contains(where: { $0.segment != nil }) {
            throw ReportError(.data, """
                no answer from \(window[0]) to \(request.week) has the attribute '\(attribute)'; \
                check the name (attributes are case-sensitive)
                """)
        }
        let rows = try WeeklyReportBuilder(request: request, surveys: selected, cells: cells).rows()
        let cutOff = request.cutOff
        async let lifetimes = store.lifetimes(tenant: request.tenant, cutOff: cutOff)
        async let loyalty = store.loyalty(tenant: request.tenant, start: request.week.start(in: request.timeZone),
                                          end: cutOff)
        let retention = RetentionSummary(lifetimes: try await lifetimes, loyalty: try await loyalty)
        return WeeklyReport(tenant: request.tenant, week: request.week, window: window, timeZone: request.timeZone,
                            cutOff: cutOff, segmentAttribute: request.segmentAttribute,
                            anonymityThreshold: request.anonymityThreshold, surveys: selected, rows: rows,
                            retention: retention, readRollups: query.readsRollups)
    }

    /// The weekly series of `request`.
    /// - Throws: `ReportError` for an unknown survey, a metric the survey does not have, or a
    ///   field of the wrong type; `StoreError` when the database fails.
    public func trend(_ request: TrendRequest) async throws -> TrendReport {
        guard request.weeks >= 1 else { throw ReportError(.usage, "--weeks must be at least 1, not \(request.weeks)") }
        let survey = try await surveys(tenant: request.tenant, keys: [request.survey])[0]
        try Self.refuseShiftedEmployeeWeeks([survey], timeZone: request.timeZone)
        let source = try MetricSource.find(request.metric, on: survey, named: request.field)
        let policy = try MetricSource.policy(of: survey, anonymityThreshold: request.anonymityThreshold)
        let window = request.week.window(request.weeks)
        let query = RollupQuery(tenant: request.tenant, surveys: [survey.key], weeks: window[0]...request.week,
                                timeZone: request.timeZone)
        var byWeek: [ISOWeek: [(value: Double, count: Int)]] = [:]
        for cell in try await store.cells(query) where cell.field == source.cellField {
            byWeek[cell.week, default: []].append((cell.value, cell.count))
        }
        let points = try window.map { week throws(ReportError) in
            let estimate = try source.estimate(byWeek[week] ?? [], week: week)
            return TrendReport.Point(week: week, estimate: policy.disclose(estimate), isLowN: policy.isLowN(n: estimate.n))
        }
        return TrendReport(tenant: request.tenant, survey: survey.key, field: source.name, metric: source.metric,
                           timeZone: request.timeZone, readRollups: query.readsRollups, points: points)
    }

    /// Employee results are reported in UTC weeks only: a week bounded in another zone differs
    /// from the UTC week by the answers of a few hours, so subtracting one report from the other
    /// could isolate a handful of employees below the anonymity threshold.
    private static func refuseShiftedEmployeeWeeks(_ surveys: [SurveyVersion], timeZone: TimeZone) throws(ReportError) {
        guard !timeZone.hasUTCWeeks, let employee = surveys.first(where: { $0.definition.population == .employee }) else { return }
        throw ReportError(.usage, """
            employee survey \(employee.key) is reported in UTC weeks only (other week bounds could be subtracted \
            from UTC ones to single out employees); drop --tz, or choose customer surveys with --survey
            """)
    }

    /// The tenant's surveys named by `keys` (all when nil), sorted by key.
    private func surveys(tenant: String, keys: [String]?) async throws -> [SurveyVersion] {
        let all = try await surveys.list(tenant: tenant)
        guard !all.isEmpty else {
            throw ReportError(.data, "tenant \(tenant) has no surveys yet; define one with `cxloop surveys put`")
        }
        guard let keys else { return all }
        let known = Set(all.map(\.key))
        if let unknown = keys.first(where: { !known.contains($0) }) {
            throw ReportError(.data, """
                unknown survey '\(unknown)' for tenant \(tenant); its surveys are: \(all.map(\.key).joined(separator: ", "))
                """)
        }
        return all.filter { keys.contains($0.key) }
    }
}
