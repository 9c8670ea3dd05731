import CXCore
import CXStats
import Foundation

/// The weekly report prepared for the mustache templates of `dashboards-text/`: every
/// number rounded and, for the text layout, padded to its column, so the templates only
/// arrange lines. Rendered through `Mirror`, hence plain stored properties.
struct WeeklyReportView {
    /// Column widths of the text layout (the whole row fits 80 columns).
    enum Width {
        static let label = 13, value = 7, interval = 12, n = 6, previous = 7, delta = 6, p = 5
    }

    struct Row {
        var label: String
        var value: String
        var ci: String
        var n: String
        var previous: String
        var delta: String
        var flag: String
        var p: String
        var trend: String
        var suppressed: Bool
    }

    struct Section {
        var heading: String
        var rows: [Row]
    }

    struct Point {
        var day: String
        var survival: String
        var ci: String
    }

    var title: String
    var period: String
    var header: String
    var sections: [Section]
    var hiddenNote: String
    var customers: Int
    var churned: Int
    var points: [Point]
    var median: String
    var loyalty: String
    var rowsTested: Int
    var threshold: Int
    var weekStart: String
    var weekEnd: String
    var zone: String
    var cutOff: String
    var source: String
    var hasLowN: Bool
    var segmented: Bool
    var byAttribute: String

    /// - Parameter padded: pad cells to the text layout's columns (false for markdown).
    init(_ report: WeeklyReport, style: TextStyle, padded: Bool) {
        func pad(_ text: String, _ width: Int, right: Bool = true) -> String {
            guard padded else { return text.trimmingCharacters(in: .whitespaces) }
            return right ? NumberText.right(text, width) : NumberText.left(text, width)
        }
        title = "Weekly CX report · \(report.tenant) · \(report.week)"
        let zone = NumberText.zone(report.timeZone)
        self.zone = zone
        period = "Mon \(report.from) – Sun \(report.to) (\(zone))"
        header = [pad("metric", Width.label, right: false), pad("value", Width.value), pad("95% CI", Width.interval),
                  pad("n", Width.n), pad("prev", Width.previous), pad("Δ", Width.delta), " ", pad("p adj", Width.p),
                  "\(WeeklyReportRequest.trendWeeks) weeks"].joined(separator: " ")
        threshold = report.anonymityThreshold
        hiddenNote = "hidden: anonymity (fewer than \(report.anonymityThreshold), or would reveal such a cell)"
        sections = report.surveys.map { survey in
            let definition = survey.definition
            let rows = report.rows.filter { $0.survey == survey.key }.map { row in
                Self.row(row, style: style, pad: pad)
            }
            return Section(heading: "\(survey.key) · \(definition.title) · \(definition.population.rawValue)", rows: rows)
        }
        hasLowN = report.rows.contains(where: \.isLowN)
        rowsTested = report.rows.filter { $0.comparison.pValue != nil }.count
        segmented = report.segmentAttribute != nil
        byAttribute = report.segmentAttribute ?? ""

        let retention = report.retention
        customers = retention.customers
        churned = retention.churned
        points = retention.points.map { point in
            Point(day: pad("\(point.day)", 3), survival: pad(NumberText.percent(point.survival), 6),
                  ci: point.ci95.map { "\(NumberText.percent($0.lower))–\(NumberText.percent($0.upper))" } ?? "")
        }
        median = retention.medianDays.map { NumberText.fixed($0, 1) + " days" } ?? "not reached (survival stays above 50%)"
        let loyalty = retention.loyalty
        self.loyalty = loyalty.membersAtStart == 0
            ? "no loyalty members at the start of the week"
            : "\(loyalty.retained) of \(loyalty.membersAtStart) members at the week's start still members: "
                + NumberText.percent(loyalty.rate)

        weekStart = Self.timestamp(report.week.start(in: report.timeZone), report.timeZone)
        weekEnd = Self.timestamp(report.week.end(in: report.timeZone), report.timeZone)
        cutOff = Self.timestamp(report.cutOff, report.timeZone)
        source = report.readRollups ? "weekly rollups" : "raw answers (weeks in \(zone); rollups are UTC)"
    }

    private static func row(_ row: ReportRow, style: TextStyle, pad: (String, Int, Bool) -> String) -> Row {
        let names: [MetricKind: String] = [.nps: "NPS", .csat: "CSAT", .ces: "CES", .enps: "eNPS", .engagement: "Engagement"]
        let name = names[row.metric] ?? row.metric.rawValue
        let label = row.segment.map { "  \($0.value)" }
            ?? (row.field == row.metric.rawValue ? name : "\(name) \(row.field)")
        let metric = row.metric
        let current = row.current
        let lowN = row.isLowN ? "*" : " "
        let flag = row.flag.map { $0 == .up ? style.green($0.symbol) : style.red($0.symbol) } ?? " "
        let noResponses = current.map { !$0.hasResponses } ?? false
        return Row(
            label: pad(label, Width.label, false),
            value: pad(NumberText.value(current?.value, metric), Width.value, true),
            ci: pad(noResponses ? "no responses" : NumberText.interval(current?.ci95, metric), Width.interval, true),
            n: pad(current.map { "\($0.n)\(lowN)" } ?? "", Width.n, true),
            previous: pad(row.previous.map { NumberText.value($0.value, metric) } ?? "", Width.previous, true),
            delta: pad(NumberText.signed(row.comparison.delta, metric), Width.delta, true),
            flag: flag,
            p: pad(NumberText.p(row.adjustedP), Width.p, true),
            trend: Sparkline.render(row.trend),
            suppressed: row.isSuppressed)
    }

    private static func timestamp(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute))"
    }
}
