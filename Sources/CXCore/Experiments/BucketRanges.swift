/// GrowthBook's split of the bucket line [0, 1) among arms (JS SDK `getBucketRanges` and
/// `chooseVariation`): arm i takes [cᵢ, cᵢ + coverage·wᵢ) where cᵢ is the sum of the
/// earlier weights. Units whose bucket falls in no range are outside the experiment's
/// coverage — cxloop's per-experiment holdout (`--holdout H` is coverage 1 − H/100).
public struct BucketRanges: Sendable, Hashable {
    /// [start, end) per arm, in arm order.
    public let ranges: [(start: Double, end: Double)]

    /// The ranges of `count` arms. Coverage is clamped to [0, 1]; weights that are missing,
    /// of the wrong length or not summing to 1 ± 0.01 become equal weights, as GrowthBook does.
    public init(count: Int, coverage: Double = 1, weights: [Double]? = nil) {
        let coverage = min(max(coverage, 0), 1)
        let equal = count <= 0 ? [] : Array(repeating: 1 / Double(count), count: count)
        var chosen = weights ?? equal
        if chosen.count != count { chosen = equal }
        let total = chosen.reduce(0, +)
        if total < 0.99 || total > 1.01 { chosen = equal }
        var cumulative = 0.0
        ranges = chosen.map { weight in
            let start = cumulative
            cumulative += weight
            return (start, start + coverage * weight)
        }
    }

    /// The arm whose range holds `bucket`, or nil when none does (outside the coverage).
    public func arm(for bucket: Double) -> Int? {
        ranges.firstIndex { bucket >= $0.start && bucket < $0.end }
    }

    public static func == (lhs: BucketRanges, rhs: BucketRanges) -> Bool {
        lhs.ranges.elementsEqual(rhs.ranges) { $0.start == $1.start && $0.end == $1.end }
    }

    public func hash(into hasher: inout Hasher) {
        for range in ranges {
            hasher.combine(range.start)
            hasher.combine(range.end)
        }
    }
}
