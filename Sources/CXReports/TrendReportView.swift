import CXCore
import CXStats

/// The trend prepared for `dashboards-text/trend.mustache` (see `WeeklyReportView`).
struct TrendReportView {
    struct Point {
        var week: String
        var from: String
        var value: String
        var ci: String
        var n: String
        var suppressed: Bool
    }

    var title: String
    var header: String
    var points: [Point]
    var sparkline: String
    var threshold: Int
    var zone: String
    var source: String

    init(_ report: TrendReport, threshold: Int) {
        let metric = report.metric
        title = "\(metric.rawValue.uppercased()) trend · \(report.tenant) · \(report.survey).\(report.field)"
        header = ["week    ", "from      ", NumberText.right("value", 7), NumberText.right("95% CI", 12),
                  NumberText.right("n", 6)].joined(separator: " ")
        points = report.points.map { point in
            let estimate = point.estimate
            let noResponses = estimate.map { !$0.hasResponses } ?? false
            return Point(
                week: point.week.description, from: point.week.firstDay,
                value: NumberText.right(NumberText.value(estimate?.value, metric), 7),
                ci: NumberText.right(noResponses ? "no responses" : NumberText.interval(estimate?.ci95, metric), 12),
                n: NumberText.right(estimate.map { "\($0.n)\(point.isLowN ? "*" : " ")" } ?? "", 6),
                suppressed: point.isSuppressed)
        }
        sparkline = Sparkline.render(report.points.map { $0.estimate?.value })
        self.threshold = threshold
        zone = NumberText.zone(report.timeZone)
        source = report.readRollups ? "weekly rollups" : "raw answers"
    }
}
