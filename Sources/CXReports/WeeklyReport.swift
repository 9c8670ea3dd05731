import CXCore
import Foundation

/// The weekly report (DESIGN.md §6, §8): one row per metric of each survey field, the
/// retention section, and what the footer must say. Renderers only format it.
public struct WeeklyReport: Sendable {
    public var tenant: String
    public var week: ISOWeek
    /// The weeks of each row's trend, oldest first, `week` last.
    public var window: [ISOWeek]
    public var timeZone: TimeZone
    /// Data up to this instant (exclusive) is in the report.
    public var cutOff: Date
    public var segmentAttribute: String?
    public var anonymityThreshold: Int
    /// The surveys reported, by key, in row order.
    public var surveys: [SurveyVersion]
    public var rows: [ReportRow]
    public var retention: RetentionSummary
    /// Whether the histograms came from the weekly rollups (UTC) or from the raw answers.
    public var readRollups: Bool

    /// Monday's date.
    public var from: String { week.firstDay }
    /// Sunday's date.
    public var to: String { week.lastDay }
}
