import CXStats

/// This week's estimate against the previous week's, as one report row (DESIGN.md §6, §8):
/// the signed delta in the metric's units, the two-sided p of the difference and, given the
/// Holm-adjusted p of the report's family, the ▲/▼ flag.
///
/// The tests are those of §6: NPS/eNPS z on √(SE₁² + SE₂²) (`NetPromoterScore.zTest`), CSAT
/// the pooled two-proportion z (`TwoProportionZTest`), CES and engagement Welch's t (`WelchTTest`).
///
/// Disclosure is applied here, once: when either week is suppressed by the policy, the row
/// shows no delta and no p (either would let a reader recover the hidden week) and leaves the
/// Holm family; when this week is suppressed the previous week is hidden too (§8).
public struct MetricComparison: Sendable, Hashable {
    /// Flagging requires an adjusted p below this.
    public static let significanceLevel = 0.05

    /// This week.
    public let current: MetricEstimate
    /// The previous week; nil when the report has no such week (e.g. the survey is new).
    public let previous: MetricEstimate?
    /// The suppression rules the row was built under.
    public let policy: DisclosurePolicy
    /// current − previous in the metric's units (NPS points, CSAT percentage points, CES scale
    /// units); nil when either week has no responses, is missing or is suppressed.
    public let delta: Double?
    /// The test of the difference; nil when `delta` is nil. Its p may still be NaN (e.g. both
    /// weeks all promoters, or a CES week of one answer): see `pValue`.
    public let test: TestResult?

    /// Whether this week's cell is hidden by the complement guard although its own n passes.
    public let currentGuarded: Bool
    /// Whether the previous week's cell is hidden by the complement guard.
    public let previousGuarded: Bool

    /// Compares `current` with `previous` under `policy`; `currentGuarded`/`previousGuarded`
    /// hide a week whose own n passes the policy but that `ComplementGuard` hides to protect a
    /// neighbouring cell.
    /// - Throws: `MetricError` `.incomparable` when the weeks differ in metric or scale.
    public init(current: MetricEstimate, previous: MetricEstimate?, policy: DisclosurePolicy = .customer,
                currentGuarded: Bool = false, previousGuarded: Bool = false)
        throws(MetricError)
    {
        if let previous, previous.kind != current.kind || previous.scale != current.scale {
            throw MetricError(code: .incomparable, message: """
                cannot compare \(current.kind.rawValue) on \(current.scale) \
                with \(previous.kind.rawValue) on \(previous.scale)
                """)
        }
        self.current = current
        self.previous = previous
        self.policy = policy
        self.currentGuarded = currentGuarded
        self.previousGuarded = previousGuarded
        guard !currentGuarded, !previousGuarded, let now = policy.disclose(current)?.statistic, let previous,
              let before = policy.disclose(previous)?.statistic
        else {
            delta = nil
            test = nil
            return
        }
        switch (now, before) {
        case (.netPromoter(let first), .netPromoter(let second)):
            delta = first.score - second.score
            test = NetPromoterScore.zTest(first, second)
        case (.topBox(let first), .topBox(let second)):
            let comparison = TwoProportionZTest(first, second)
            delta = 100 * comparison.difference
            test = comparison.test
        case (.mean(let first, _), .mean(let second, _)):
            let comparison = WelchTTest(first, second)
            delta = comparison.difference
            test = comparison.test
        default:
            // Equal kinds always carry equal statistics.
            preconditionFailure("estimates of one kind with different statistics")
        }
    }

    /// Whether this week is hidden: the row shows no value, n, CI, previous, delta or p.
    public var isSuppressed: Bool { currentGuarded || policy.suppresses(n: current.n) }

    /// This week as the report may show it; nil when suppressed.
    public var disclosedCurrent: MetricEstimate? { isSuppressed ? nil : current }

    /// The previous week as the report may show it; nil when missing, when suppressed, or
    /// when this week is suppressed.
    public var disclosedPrevious: MetricEstimate? {
        guard !isSuppressed, !previousGuarded, let previous else { return nil }
        return policy.disclose(previous)
    }

    /// This week is shown with fewer than 30 answers (see `DisclosurePolicy.isLowN`).
    public var isLowN: Bool { !isSuppressed && policy.isLowN(n: current.n) }

    /// The two-sided p of the difference, or nil when the row cannot be tested (a week
    /// missing, empty or suppressed, or an undefined statistic). Only these rows enter the
    /// Holm family.
    public var pValue: Double? {
        guard let p = test?.pValue, !p.isNaN else { return nil }
        return p
    }

    /// ▲/▼ when the change is significant after Holm: `adjustedP` < 0.05, both weeks shown with
    /// n ≥ 30 and a non-zero delta; nil otherwise (in particular for every low-n row).
    /// - Parameter adjustedP: this row's entry of `holmAdjustedPValues(_:)` for the report's rows.
    public func flag(adjustedP: Double?) -> ChangeFlag? {
        guard let adjustedP, adjustedP < Self.significanceLevel, let delta, delta != 0,
              let previous = disclosedPrevious, let current = disclosedCurrent,
              current.n >= DisclosurePolicy.lowNThreshold, previous.n >= DisclosurePolicy.lowNThreshold
        else { return nil }
        return delta > 0 ? .up : .down
    }

    /// Holm-adjusted p-values of a report's rows, in order (`MultipleTesting.holm`). Rows with no
    /// `pValue` are left out of the family size and get nil.
    public static func holmAdjustedPValues(_ family: [MetricComparison]) -> [Double?] {
        MultipleTesting.holm(family.map { $0.pValue ?? .nan }).map { $0.isNaN ? nil : $0 }
    }
}
