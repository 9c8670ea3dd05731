import CXCore
import Foundation

/// One metric's weekly series with 95% intervals (`cxloop report trend`), for charts and
/// spreadsheets. Disclosure as in the weekly report: an employee week below the anonymity
/// threshold shows neither value nor count.
public struct TrendReport: Sendable {
    /// One week of the series.
    public struct Point: Sendable {
        public var week: ISOWeek
        /// The week's estimate; nil when suppressed.
        public var estimate: MetricEstimate?
        public var isSuppressed: Bool { estimate == nil }
        /// Shown with fewer than 30 answers (no responses included).
        public var isLowN: Bool
    }

    public var tenant: String
    public var survey: String
    public var field: String
    public var metric: MetricKind
    public var timeZone: TimeZone
    public var readRollups: Bool
    /// Oldest first.
    public var points: [Point]
}
