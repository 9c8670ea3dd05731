import CXStats
import CXStore

/// The retention section of the weekly report (DESIGN.md §6): Kaplan–Meier customer survival
/// at 30/60/90 days with its median, and loyalty retention over the report week.
public struct RetentionSummary: Sendable, Hashable {
    /// Days at which survival is reported.
    public static let horizons = [30, 60, 90]

    /// S(day) with its log(−log) interval.
    public struct Point: Sendable, Hashable {
        public var day: Int
        /// Ŝ(day); nil when no customer has any outcome.
        public var survival: Double?
        /// nil when Ŝ is 0 or undefined.
        public var ci95: Interval?
    }

    /// Members at the week's start and how many stayed to the cut-off.
    public struct Loyalty: Sendable, Hashable {
        public var membersAtStart: Int
        public var retained: Int
        /// retained / membersAtStart; nil without members.
        public var rate: Double? { membersAtStart > 0 ? Double(retained) / Double(membersAtStart) : nil }
    }

    public var points: [Point]
    /// The first event time with Ŝ ≤ ½, in days; nil when survival stays above ½.
    public var medianDays: Double?
    /// Customers observed (units with at least one outcome before the cut-off).
    public var customers: Int
    /// Of those, churned.
    public var churned: Int
    public var loyalty: Loyalty

    /// The summary of `lifetimes` (grouped durations, see `ReportRepository.lifetimes`).
    public init(lifetimes: [LifetimeGroup], loyalty: LoyaltyCounts) {
        let observations = lifetimes.flatMap { group in
            Array(repeating: SurvivalObservation(time: group.days, event: group.churned), count: group.units)
        }
        customers = observations.count
        churned = observations.reduce(0) { $1.event ? $0 + 1 : $0 }
        let estimate = KaplanMeier(observations, confidence: 0.95)
        points = Self.horizons.map { day in
            guard !observations.isEmpty else { return Point(day: day, survival: nil, ci95: nil) }
            return Point(day: day, survival: estimate.survival(at: Double(day)), ci95: estimate.interval(at: Double(day)))
        }
        medianDays = observations.isEmpty ? nil : estimate.median
        self.loyalty = Loyalty(membersAtStart: loyalty.membersAtStart, retained: loyalty.retained)
    }
}
