import CXCore
import CXStats
import Testing

@Suite("MetricComparison")
struct MetricComparisonTests {
    static let fixtures = MetricFixtures.reference

    static func comparison(_ row: MetricFixtures.Comparison) throws -> MetricComparison {
        let scale = ClosedRange(pair: row.scale)
        let current = try MetricEstimate(kind: row.kind, scale: scale, histogram: AnswerHistogram(pairs: row.current))
        let previous = try row.previous.map {
            try MetricEstimate(kind: row.kind, scale: scale, histogram: AnswerHistogram(pairs: $0))
        }
        let policy = try DisclosurePolicy(population: row.population, anonymityThreshold: row.anonymityThreshold)
        return try MetricComparison(current: current, previous: previous, policy: policy)
    }

    /// Each row against make_metric_fixtures.py: NPS z on √(SE₁² + SE₂²) with scipy's normal,
    /// statsmodels `proportions_ztest`, scipy `ttest_ind(equal_var=False)`, and §6's
    /// suppression and low-n rules re-implemented there.
    @Test(arguments: MetricFixtures.reference.comparisons)
    func reference(_ row: MetricFixtures.Comparison) throws {
        let comparison = try Self.comparison(row)
        #expect(comparison.isSuppressed == row.suppressed)
        #expect(comparison.isLowN == row.lowN)
        let shown = comparison.disclosedCurrent
        #expect(shown?.n == row.n)
        #expect(Close.mixed(shown?.value, row.value))
        #expect(Close.interval(shown?.ci95, row.ci95))
        #expect(comparison.disclosedPrevious?.n == row.previousN)
        #expect(Close.mixed(comparison.disclosedPrevious?.value, row.previousValue))
        #expect(Close.mixed(comparison.delta, row.delta))
        #expect(Close.relative(comparison.pValue, row.pValue))
    }

    /// Holm over a report's rows (statsmodels `multipletests(method="holm")` on the 4 testable
    /// rows); the untestable, new and suppressed rows stay out of the family.
    @Test func holmFamily() throws {
        let family = try Self.fixtures.family.rows.map { try Self.comparison(Self.fixtures.comparison($0)) }
        let adjusted = MetricComparison.holmAdjustedPValues(family)
        #expect(adjusted.count == 7 && adjusted.compactMap(\.self).count == 4)
        for (actual, expected) in zip(adjusted, Self.fixtures.family.pAdjusted) {
            #expect(Close.relative(actual, expected))
        }
        let flags = zip(family, adjusted).map { $0.flag(adjustedP: $1) }
        #expect(flags == Self.fixtures.family.flags)
        // The low-n CES row is significant after Holm (p̃ ≈ 3e-12) and still not flagged.
        let lowN = try #require(Self.fixtures.family.rows.firstIndex(of: "ces_low_n"))
        #expect(family[lowN].isLowN && adjusted[lowN]! < 1e-10 && flags[lowN] == nil)
    }

    @Test func flagNeedsThirtyInBothWeeksAndSignificance() throws {
        let big = try MetricEstimate(kind: .csat, scale: 1...5, histogram: AnswerHistogram([5: 29, 1: 1]))
        let smaller = try MetricEstimate(kind: .csat, scale: 1...5, histogram: AnswerHistogram([5: 10, 1: 19]))
        let up = try MetricComparison(current: big, previous: smaller)
        #expect(up.delta! > 0 && up.flag(adjustedP: 0.001) == nil)  // previous n = 29
        let down = try MetricComparison(current: smaller, previous: big)
        #expect(down.isLowN && down.flag(adjustedP: 0.001) == nil)

        let thirty = try MetricEstimate(kind: .csat, scale: 1...5, histogram: AnswerHistogram([5: 10, 1: 20]))
        let flagged = try MetricComparison(current: big, previous: thirty)
        #expect(flagged.flag(adjustedP: 0.049) == .up)
        #expect(flagged.flag(adjustedP: 0.05) == nil)
        #expect(flagged.flag(adjustedP: nil) == nil)
        #expect(try MetricComparison(current: thirty, previous: big).flag(adjustedP: 0.01) == .down)
        #expect(ChangeFlag.up.symbol == "▲" && ChangeFlag.down.symbol == "▼")
    }

    @Test func suppressedEmployeeCut() throws {
        let row = Self.fixtures.comparison("enps_team_suppressed")
        let comparison = try Self.comparison(row)
        #expect(comparison.isSuppressed && !comparison.isLowN)
        #expect(comparison.disclosedCurrent == nil && comparison.disclosedPrevious == nil)
        #expect(comparison.delta == nil && comparison.pValue == nil)
        #expect(comparison.flag(adjustedP: 0) == nil)
        // The same cut is shown under a threshold of 3; a threshold below 3 is refused.
        #expect(try !Self.comparison(Self.fixtures.comparison("enps_team_threshold_3")).isSuppressed)
        let error = #expect(throws: MetricError.self) {
            try DisclosurePolicy(population: .employee, anonymityThreshold: 2)
        }
        #expect(error?.code == .thresholdTooLow)
        // Customer cuts are never suppressed, however small; an empty employee cut is.
        #expect(!DisclosurePolicy.customer.suppresses(n: 1))
        #expect(try DisclosurePolicy(population: .employee).suppresses(n: 0))
        #expect(try !DisclosurePolicy(population: .employee).suppresses(n: 5))
    }

    @Test func incomparableWeeksAreRefused() throws {
        let ces = try MetricEstimate(kind: .ces, scale: 1...7, histogram: AnswerHistogram([5: 3]))
        let ces5 = try MetricEstimate(kind: .ces, scale: 1...5, histogram: AnswerHistogram([5: 3]))
        let csat = try MetricEstimate(kind: .csat, scale: 1...7, histogram: AnswerHistogram([5: 3]))
        for other in [ces5, csat] {
            let error = #expect(throws: MetricError.self) { try MetricComparison(current: ces, previous: other) }
            #expect(error?.code == .incomparable)
        }
    }
}
