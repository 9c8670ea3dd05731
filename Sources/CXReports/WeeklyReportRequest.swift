import CXCore
import Foundation

/// What `cxloop report weekly` asks for.
public struct WeeklyReportRequest: Sendable {
    /// Weeks of history per row, the report week included (the sparkline).
    public static let trendWeeks = 12

    public var tenant: String
    /// The report week; the previous week is the comparison.
    public var week: ISOWeek
    /// Surveys to report, nil for all of the tenant's.
    public var surveys: [String]?
    /// The attribute to split each row by (`--by`), nil for totals only.
    public var segmentAttribute: String?
    /// The zone whose Mondays bound the weeks.
    public var timeZone: TimeZone
    /// Employee cells with fewer answers show neither value nor count.
    public var anonymityThreshold: Int
    /// The time the report is made: the data cut-off is the week's end or this, whichever is
    /// earlier.
    public var now: Date

    public init(tenant: String, week: ISOWeek, surveys: [String]? = nil, segmentAttribute: String? = nil,
                timeZone: TimeZone = .gmt, anonymityThreshold: Int = DisclosurePolicy.defaultAnonymityThreshold,
                now: Date = Date()) {
        self.tenant = tenant
        self.week = week
        self.surveys = surveys
        self.segmentAttribute = segmentAttribute
        self.timeZone = timeZone
        self.anonymityThreshold = anonymityThreshold
        self.now = now
    }

    /// The report's weeks, oldest first, this week last.
    public var window: [ISOWeek] { week.window(Self.trendWeeks) }

    /// Outcomes and answers up to this instant count.
    public var cutOff: Date { min(week.end(in: timeZone), now) }
}
