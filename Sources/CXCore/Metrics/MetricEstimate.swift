import CXStats

/// One metric of one report cell (a field, a week, a segment) with its 95% interval, from the
/// cell's answer histogram, per DESIGN.md §6. Units as §8: NPS and eNPS −100…100, CSAT in
/// percent 0–100, CES on the field's scale.
///
/// A cell without answers is a "no responses" estimate: `n` 0 and `value`, `ci95` and
/// `statistic` nil, never zeros.
public struct MetricEstimate: Sendable, Hashable {
    /// The statistic behind the value, for comparisons and for callers that need more than
    /// the value (e.g. the SE of an NPS or the count of the top box).
    public enum Statistic: Sendable, Hashable {
        /// NPS/eNPS: promoters (9–10), detractors (0–6) and n.
        case netPromoter(NetPromoterScore)
        /// CSAT: answers in the top two points of the scale out of n.
        case topBox(Proportion)
        /// CES: n, mean and variance, and the answers in the agree range out of n.
        case mean(SampleSummary, agree: Proportion)
    }

    /// The metric.
    public let kind: MetricKind
    /// The field's scale the answers were given on.
    public let scale: ClosedRange<Int>
    /// Number of answers.
    public let n: Int
    /// NPS/eNPS 100·(P − D)/n; CSAT 100·(top-2-box)/n; CES the mean. Nil when n = 0.
    public let value: Double?
    /// The 95% interval: adjusted Wald for NPS/eNPS (clamped to ±100, centred on
    /// 100·(P − D)/(n + 3), not on `value`), Wilson ×100 for CSAT, Student t for CES. Nil when
    /// n = 0, and for CES when n = 1 (no variance).
    public let ci95: Interval?
    /// CES only: % of answers in `agreeRange(of:)` (5–7 on 1–7), 0–100; nil otherwise or when n = 0.
    public let percentAgree: Double?
    /// The statistic behind `value`; nil when n = 0.
    public let statistic: Statistic?

    /// Whether the cell has any answers; false is a "no responses" row.
    public var hasResponses: Bool { n > 0 }

    /// The metric `kind` of `field`'s answers.
    /// - Throws: `MetricError` `.wrongFieldType` when `kind` is not defined on the field's type
    ///   (e.g. NPS on a CSAT field); `.valueOutOfScale` when the histogram holds a value off
    ///   the field's scale.
    public init(kind: MetricKind, field: SurveyField, histogram: AnswerHistogram) throws(MetricError) {
        guard kind.accepts(field.type), let scale = field.numericRange else {
            throw MetricError(code: .wrongFieldType, message: """
                \(kind.rawValue) is not defined on field \(field.id) of type \(field.type.rawValue)
                """)
        }
        try self.init(kind: kind, scale: scale, histogram: histogram)
    }

    /// The metric `kind` of answers given on `scale`.
    /// - Throws: `MetricError` `.invalidScale` for NPS/eNPS off 0–10 or a one-point scale;
    ///   `.valueOutOfScale` when the histogram holds a value off `scale`.
    public init(kind: MetricKind, scale: ClosedRange<Int>, histogram: AnswerHistogram) throws(MetricError) {
        if (kind == .nps || kind == .enps) ? scale != 0...10 : scale.lowerBound == scale.upperBound {
            throw MetricError(code: .invalidScale, message: "\(kind.rawValue) is not defined on the scale \(scale)")
        }
        if let values = histogram.valueRange, !scale.contains(values.lowerBound) || !scale.contains(values.upperBound) {
            throw MetricError(code: .valueOutOfScale, message: """
                answers from \(values.lowerBound) to \(values.upperBound) do not fit the scale \(scale)
                """)
        }
        let n = histogram.n
        switch kind {
        case .engagement:
            throw MetricError(code: .wrongFieldType, message: """
                engagement is computed from persons' index scores, not from the answers to one field
                """)
        case .nps, .enps:
            let nps = NetPromoterScore(promoters: histogram.count(in: 9...10), detractors: histogram.count(in: 0...6),
                                       count: n)
            self.init(kind: kind, scale: scale, n: n, value: nps.score, ci95: nps.interval(confidence: 0.95),
                      percentAgree: nil, statistic: .netPromoter(nps))
        case .csat:
            let topBox = Proportion(successes: histogram.count(in: Self.topTwoBox(of: scale)), count: n)
            let wilson = topBox.wilsonInterval(confidence: 0.95)
            self.init(kind: kind, scale: scale, n: n, value: 100 * topBox.estimate,
                      ci95: Interval(lower: 100 * wilson.lower, upper: 100 * wilson.upper),
                      percentAgree: nil, statistic: .topBox(topBox))
        case .ces:
            let agree = Proportion(successes: histogram.count(in: Self.agreeRange(of: scale)), count: n)
            self.init(kind: kind, scale: scale, summary: histogram.summary, agree: agree)
        }
    }

    /// A mean metric (CES, engagement): the mean with its t-interval (nil when n < 2) and the %
    /// of `agree`.
    private init(kind: MetricKind, scale: ClosedRange<Int>, summary: SampleSummary, agree: Proportion) {
        let t = summary.tInterval(confidence: 0.95)
        self.init(kind: kind, scale: scale, n: summary.count, value: summary.mean,
                  ci95: t.lower.isFinite && t.upper.isFinite ? t : nil,
                  percentAgree: 100 * agree.estimate, statistic: .mean(summary, agree: agree))
    }

    /// Every part; a cell with n = 0 keeps only kind, scale and n ("no responses").
    private init(kind: MetricKind, scale: ClosedRange<Int>, n: Int, value: Double, ci95: Interval?,
                 percentAgree: Double?, statistic: Statistic) {
        self.kind = kind
        self.scale = scale
        self.n = n
        let answered = n > 0
        self.value = answered ? value : nil
        self.ci95 = answered ? ci95 : nil
        self.percentAgree = answered ? percentAgree : nil
        self.statistic = answered ? statistic : nil
    }

    /// The engagement index of a group (DESIGN.md §6): the mean of the persons' indices with
    /// its t-interval, and `percentAgree` the % favourable (index ≥ 75).
    /// - Parameter indexScores: each distinct index value (0–100) with the number of persons
    ///   who have it, as the rollups aggregate them.
    public init(indexScores: [(value: Double, count: Int)]) {
        let summary = SampleSummary(frequencies: indexScores)
        let favourable = indexScores.reduce(0) { $1.value >= Self.favourableIndex ? $0 + $1.count : $0 }
        self.init(kind: .engagement, scale: 0...100, summary: summary,
                  agree: Proportion(successes: favourable, count: summary.count))
    }

    /// An index of at least this much is favourable.
    public static let favourableIndex = 75.0

    /// CSAT's top-2-box: the two highest points of the scale (4–5 on 1–5, 9–10 on 1–10; the
    /// whole scale if it has only two points).
    public static func topTwoBox(of scale: ClosedRange<Int>) -> ClosedRange<Int> {
        topPoints(2, of: scale)
    }

    /// CES's "agree" range: 5–7 on the default 1–7 scale (DESIGN.md §6) and, by the same rule,
    /// the three highest points of any other scale (3–5 on 1–5, which includes its midpoint;
    /// the whole scale if it has fewer than four points).
    public static func agreeRange(of scale: ClosedRange<Int>) -> ClosedRange<Int> {
        topPoints(3, of: scale)
    }

    private static func topPoints(_ points: Int, of scale: ClosedRange<Int>) -> ClosedRange<Int> {
        max(scale.lowerBound, scale.upperBound - points + 1)...scale.upperBound
    }
}
