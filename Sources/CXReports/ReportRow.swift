import CXCore

/// One line of the weekly report: a metric of a survey field (or index), in total or for one
/// segment, this week against the previous one, with its 12-week trend.
public struct ReportRow: Sendable, Hashable {
    /// A `--by` row's attribute and value.
    public struct Segment: Sendable, Hashable {
        public var attribute: String
        public var value: String
    }

    public var metric: MetricKind
    public var survey: String
    /// The field id, or the index name for `engagement`.
    public var field: String
    /// nil for the total row.
    public var segment: Segment?
    /// This week against the previous week, disclosure applied.
    public var comparison: MetricComparison
    /// Holm-adjusted p across the report's rows; nil when the row has no p.
    public var adjustedP: Double?
    /// One value per week of the window, oldest first; nil for a week without responses or
    /// hidden, and every point nil when this week is suppressed.
    public var trend: [Double?]

    /// This week as shown; nil when suppressed.
    public var current: MetricEstimate? { comparison.disclosedCurrent }
    /// The previous week as shown.
    public var previous: MetricEstimate? { comparison.disclosedPrevious }
    public var isSuppressed: Bool { comparison.isSuppressed }
    public var isLowN: Bool { comparison.isLowN }
    /// ▲/▼, only when significant after Holm with both weeks n ≥ 30.
    public var flag: ChangeFlag? { comparison.flag(adjustedP: adjustedP) }
}
