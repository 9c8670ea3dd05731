import CXCore

/// Renders reports in every format of DESIGN.md §8: text and markdown through the templates,
/// JSON and CSV directly.
public struct ReportRenderer: Sendable {
    let templates: ReportTemplates
    let style: TextStyle

    public init(templates: ReportTemplates, style: TextStyle) {
        self.templates = templates
        self.style = style
    }

    /// The weekly report in `format`.
    public func render(_ report: WeeklyReport, as format: ReportFormat) throws(ReportError) -> String {
        switch format {
        case .json: report.json.serialized + "\n"
        case .csv: report.csv
        case .text: try templates.render(WeeklyReportView(report, style: style, padded: true), template: "weekly")
        case .markdown:
            try templates.render(WeeklyReportView(report, style: TextStyle(colour: false), padded: false),
                                 template: "weekly.md")
        }
    }

    /// The trend in `format` (markdown is the text layout in a code block).
    public func render(_ report: TrendReport, as format: ReportFormat, threshold: Int) throws(ReportError) -> String {
        switch format {
        case .json: report.json.serialized + "\n"
        case .csv: report.csv
        case .text: try templates.render(TrendReportView(report, threshold: threshold), template: "trend")
        case .markdown: "```\n" + (try templates.render(TrendReportView(report, threshold: threshold), template: "trend")) + "```\n"
        }
    }
}
