import CXStats

/// How many times each integer answer value occurs in one cell of a report (a field, an ISO
/// week and a segment): the shape of the weekly rollups, and all any metric of §6 needs.
///
/// Only positive counts are stored, so two histograms of the same answers are equal however
/// they were built.
public struct AnswerHistogram: Sendable, Hashable {
    /// value → count, every count > 0.
    public private(set) var counts: [Int: Int]

    /// The empty histogram.
    public init() {
        counts = [:]
    }

    /// A histogram from value → count pairs; zero counts are dropped.
    /// - Precondition: no count is negative.
    public init(_ counts: [Int: Int]) {
        precondition(counts.values.allSatisfy { $0 >= 0 }, "a histogram count is negative")
        self.counts = counts.filter { $0.value > 0 }
    }

    /// The histogram of a list of answers.
    public init(values: some Sequence<Int>) {
        self.init()
        for value in values { add(value) }
    }

    /// Adds `count` answers of `value`.
    /// - Precondition: `count` ≥ 0.
    public mutating func add(_ value: Int, count: Int = 1) {
        precondition(count >= 0, "a histogram count is negative")
        guard count > 0 else { return }
        counts[value, default: 0] += count
    }

    /// The number of answers equal to `value`.
    public subscript(value: Int) -> Int { counts[value] ?? 0 }

    /// Both histograms' answers together (e.g. the segments of a week).
    public static func + (lhs: AnswerHistogram, rhs: AnswerHistogram) -> AnswerHistogram {
        AnswerHistogram(lhs.counts.merging(rhs.counts, uniquingKeysWith: +))
    }

    /// n, the number of answers.
    public var n: Int { counts.values.reduce(0, +) }

    /// Whether there are no answers.
    public var isEmpty: Bool { counts.isEmpty }

    /// Σv over all answers.
    public var sum: Int { counts.reduce(0) { $0 + $1.key * $1.value } }

    /// Σv² over all answers.
    public var sumOfSquares: Int { counts.reduce(0) { $0 + $1.key * $1.key * $1.value } }

    /// The number of answers with a value in `range`.
    public func count(in range: ClosedRange<Int>) -> Int {
        counts.reduce(0) { range.contains($1.key) ? $0 + $1.value : $0 }
    }

    /// The smallest and largest value answered, or nil when empty.
    public var valueRange: ClosedRange<Int>? {
        guard let low = counts.keys.min(), let high = counts.keys.max() else { return nil }
        return low...high
    }

    /// (n, Σv, Σv²), as SQL would aggregate them.
    public var sufficientStatistics: SufficientStatistics {
        SufficientStatistics(count: n, sum: Double(sum), sumOfSquares: Double(sumOfSquares))
    }

    /// n, mean and (n − 1)-variance by the two-pass formula (`SampleSummary(frequencies:)`).
    /// Mean NaN when n = 0, variance NaN when n < 2.
    public var summary: SampleSummary {
        SampleSummary(frequencies: counts.map { (Double($0.key), $0.value) })
    }
}
