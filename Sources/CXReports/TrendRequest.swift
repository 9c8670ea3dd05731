import CXCore
import Foundation

/// What `cxloop report trend` asks for: one metric's weekly series.
public struct TrendRequest: Sendable {
    public var tenant: String
    public var survey: String
    public var metric: MetricKind
    /// The field id or index name; nil when the survey has exactly one source of `metric`.
    public var field: String?
    /// How many weeks, ending with `week`.
    public var weeks: Int
    public var week: ISOWeek
    public var timeZone: TimeZone
    public var anonymityThreshold: Int

    public init(tenant: String, survey: String, metric: MetricKind, field: String? = nil, weeks: Int = 26,
                week: ISOWeek, timeZone: TimeZone = .gmt,
                anonymityThreshold: Int = DisclosurePolicy.defaultAnonymityThreshold) {
        self.tenant = tenant
        self.survey = survey
        self.metric = metric
        self.field = field
        self.weeks = weeks
        self.week = week
        self.timeZone = timeZone
        self.anonymityThreshold = anonymityThreshold
    }
}
