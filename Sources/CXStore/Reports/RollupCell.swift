import CXCore

/// One row of a report query: how many answers of `value` a field (or an index, see
/// `RollupCell.indexFieldPrefix`) received in one ISO week, in total or in one segment.
public struct RollupCell: Sendable, Hashable {
    /// Rollup rows of an engagement-style index carry `index:<name>` as their field and the
    /// person's index score (0–100) as their value. Field ids cannot contain `:`, so the two
    /// never collide.
    public static let indexFieldPrefix = "index:"

    /// The survey key.
    public var survey: String
    /// The field id, or `index:<name>`.
    public var field: String
    /// The ISO week of the answers' `submitted_at` in the query's time zone.
    public var week: ISOWeek
    /// The segment's attribute value; nil for the all-respondents total.
    public var segment: String?
    /// The answer value (an index score for index rows).
    public var value: Double
    /// How many answers (persons, for index rows) had it.
    public var count: Int

    public init(survey: String, field: String, week: ISOWeek, segment: String?, value: Double, count: Int) {
        self.survey = survey
        self.field = field
        self.week = week
        self.segment = segment
        self.value = value
        self.count = count
    }
}
