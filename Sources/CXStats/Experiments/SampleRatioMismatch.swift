/// The sample-ratio-mismatch check of an experiment: Pearson's χ² of the arms' unit counts
/// against the intended weights (gbstats 0.8.0 `utils.py`, `check_srm`, called per dimension in
/// `gbstats.py`, `analyze_metric_df`; equal to scipy's `chisquare` and spotify-confidence's
/// `sample_ratio_test`):
/// - e_i = w_i/Σw · Σo, χ² = Σ (o_i − e_i)²/e_i over the arms with w_i > 0;
/// - p = P(χ²_{k−1} > χ²) (``ChiSquared``), where k counts every arm, zero-weight ones included
///   (gbstats' convention, matched here);
/// - p = 1 when there are no units or fewer than two arms.
public struct SampleRatioMismatch: Sendable, Hashable {
    /// GrowthBook's default threshold: a mismatch is flagged when p < 0.001.
    public static let defaultThreshold = 0.001

    /// Pearson's χ².
    public let chiSquared: Double
    /// k − 1.
    public let degreesOfFreedom: Int
    /// P(χ²_{k−1} > χ²).
    public let pValue: Double

    /// The check of observed `counts` against `weights` (any positive scale, one per arm, in
    /// the same order). Weights must not be negative and must not all be 0.
    public init(counts: [Int], weights: [Double]) {
        precondition(counts.count == weights.count, "one weight per arm")
        precondition(weights.allSatisfy { $0 >= 0 } && weights.contains { $0 > 0 }, "weights must be ≥ 0, not all 0")
        let total = Double(counts.reduce(0, +))
        let totalWeight = weights.reduce(0, +)
        var chiSquared = 0.0
        for (observed, weight) in zip(counts, weights) where weight > 0 && total > 0 {
            let expected = weight / totalWeight * total
            let deviation = Double(observed) - expected
            chiSquared += deviation * deviation / expected
        }
        self.chiSquared = chiSquared
        degreesOfFreedom = counts.count - 1
        pValue = degreesOfFreedom > 0 && total > 0
            ? ChiSquared(degreesOfFreedom: Double(degreesOfFreedom)).survival(chiSquared) : 1
    }

    /// Whether p < `threshold`, i.e. the split deviates from the weights.
    public func isMismatch(threshold: Double = defaultThreshold) -> Bool {
        pValue < threshold
    }
}
