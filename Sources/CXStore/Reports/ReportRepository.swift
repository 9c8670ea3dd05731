#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The reads behind the weekly report and the trend: sufficient statistics aggregated in
/// SQL (answer histograms, survival groups, loyalty counts), never raw rows.
public protocol ReportRepository: Sendable {
    /// The answer histograms of `query`, one cell per (survey, field, week, segment, value).
    func cells(_ query: RollupQuery) async throws(StoreError) -> [RollupCell]

    /// Customer lifetimes up to `cutOff` (DESIGN.md §6): a unit's life starts at its first
    /// outcome and ends at its first `churn`; others are censored at `cutOff`. Outcomes at or
    /// after `cutOff` are ignored. Units with equal lifetimes are grouped.
    func lifetimes(tenant: String, cutOff: Date) async throws(StoreError) -> [LifetimeGroup]

    /// Loyalty members at `start` (latest join/leave before it is a join) and how many of them
    /// are still members at `end`.
    func loyalty(tenant: String, start: Date, end: Date) async throws(StoreError) -> LoyaltyCounts
}

/// Units with the same lifetime and outcome.
public struct LifetimeGroup: Sendable, Hashable {
    /// Days from the first outcome to the churn or the cut-off.
    public var days: Double
    /// Whether the life ended in churn (false: censored).
    public var churned: Bool
    /// How many units.
    public var units: Int

    public init(days: Double, churned: Bool, units: Int) {
        self.days = days
        self.churned = churned
        self.units = units
    }
}

/// Loyalty retention over a period.
public struct LoyaltyCounts: Sendable, Hashable {
    /// Members at the period's start.
    public var membersAtStart: Int
    /// Of those, members at its end.
    public var retained: Int

    public init(membersAtStart: Int, retained: Int) {
        self.membersAtStart = membersAtStart
        self.retained = retained
    }
}
