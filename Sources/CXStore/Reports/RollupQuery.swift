import CXCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a report reads: one tenant's answer histograms for some surveys over a range of ISO
/// weeks, in total and optionally split by one attribute.
public struct RollupQuery: Sendable, Hashable {
    /// The tenant; every query is scoped to it.
    public var tenant: String
    /// The surveys to read.
    public var surveys: [String]
    /// The first and last week, inclusive.
    public var weeks: ClosedRange<ISOWeek>
    /// The attribute to split by (`--by`); nil for totals only.
    public var segmentAttribute: String?
    /// The zone whose Mondays bound the weeks. UTC reads the weekly rollups; any other zone
    /// reads the raw answers (the rollups are bucketed in UTC), which is correct but slower.
    public var timeZone: TimeZone

    public init(tenant: String, surveys: [String], weeks: ClosedRange<ISOWeek>, segmentAttribute: String? = nil,
                timeZone: TimeZone = .gmt) {
        self.tenant = tenant
        self.surveys = surveys
        self.weeks = weeks
        self.segmentAttribute = segmentAttribute
        self.timeZone = timeZone
    }

    /// Whether the weekly rollups can answer the query (their weeks are UTC weeks).
    public var readsRollups: Bool { timeZone.hasUTCWeeks }
}

extension TimeZone {
    /// Whether the zone's weeks are UTC's: offset 0 and no daylight saving time.
    public var hasUTCWeeks: Bool { secondsFromGMT() == 0 && nextDaylightSavingTimeTransition == nil }
}
