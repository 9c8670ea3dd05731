/// A sample summarised by its size, mean and (n − 1)-denominator variance.
public struct SampleSummary: Sendable, Hashable, Codable {
    /// Sample size n.
    public var count: Int
    /// Sample mean ȳ.
    public var mean: Double
    /// Sample variance s² with denominator n − 1.
    public var variance: Double

    /// A summary from its parts.
    public init(count: Int, mean: Double, variance: Double) {
        self.count = count
        self.mean = mean
        self.variance = variance
    }

    /// s = √s².
    public var standardDeviation: Double { variance.squareRoot() }

    /// s/√n.
    public var standardError: Double { (variance / Double(count)).squareRoot() }

    /// Student t interval of the mean, ȳ ± t_{n−1, 1−α/2} · s/√n (Student 1908; any text, e.g.
    /// Casella & Berger §9.2.2). NaN bounds when n < 2.
    public func tInterval(confidence: Double = 0.95) -> Interval {
        guard count >= 2 else { return Interval(lower: .nan, upper: .nan) }
        let t = StudentT(degreesOfFreedom: Double(count - 1)).twoSidedCriticalValue(confidence: confidence)
        return Interval(estimate: mean, margin: t * standardError)
    }
}
