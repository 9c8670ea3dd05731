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

    /// The summary of a sample given as distinct values with their frequencies (a histogram),
    /// by the two-pass formula s² = Σcᵥ(v − ȳ)²/(n − 1), free of the cancellation of the
    /// one-pass Σv² − nȳ². Values are summed in ascending order so the last bits do not depend
    /// on the order of `frequencies`. Mean NaN when n = 0, variance NaN when n < 2.
    /// - Precondition: no frequency is negative.
    public init(frequencies: [(value: Double, count: Int)]) {
        precondition(frequencies.allSatisfy { $0.count >= 0 }, "a frequency is negative")
        let sorted = frequencies.sorted { $0.value < $1.value }
        let n = sorted.reduce(0) { $0 + $1.count }
        let mean = sorted.reduce(0.0) { $0 + $1.value * Double($1.count) } / Double(n)
        guard n >= 2 else {
            self.init(count: n, mean: mean, variance: .nan)
            return
        }
        let squares = sorted.reduce(0.0) { partial, entry in
            let deviation = entry.value - mean
            return partial + Double(entry.count) * deviation * deviation
        }
        self.init(count: n, mean: mean, variance: squares / Double(n - 1))
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
