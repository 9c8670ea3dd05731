/// The sufficient statistics (n, Σy, Σy²) of a sample, as aggregated in SQL (STYLE.md).
public struct SufficientStatistics: Sendable, Hashable, Codable {
    /// n.
    public var count: Int
    /// Σy.
    public var sum: Double
    /// Σy².
    public var sumOfSquares: Double

    /// Statistics from their parts.
    public init(count: Int, sum: Double, sumOfSquares: Double) {
        self.count = count
        self.sum = sum
        self.sumOfSquares = sumOfSquares
    }

    /// n, ȳ = Σy/n and s² = (Σy² − ȳΣy)/(n − 1), floored at 0 against rounding. The one-pass
    /// formula loses digits when the mean is large against the spread; for bounded scales such
    /// as CES (1–7) or 0–100 indices the loss is below 1e-12 relative. Mean NaN when n = 0,
    /// variance NaN when n < 2.
    public var summary: SampleSummary {
        let n = Double(count)
        let mean = sum / n
        let variance = count >= 2 ? max(0, (sumOfSquares - mean * sum) / (n - 1)) : .nan
        return SampleSummary(count: count, mean: mean, variance: variance)
    }
}
