/// A closed interval [lower, upper], as returned by every confidence interval of CXStats.
public struct Interval: Sendable, Hashable, Codable {
    /// The lower bound.
    public var lower: Double
    /// The upper bound.
    public var upper: Double

    /// [lower, upper].
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// estimate ± margin.
    public init(estimate: Double, margin: Double) {
        self.init(lower: estimate - margin, upper: estimate + margin)
    }

    /// This interval with both bounds clamped into [minimum, maximum].
    public func clamped(to minimum: Double, _ maximum: Double) -> Interval {
        Interval(lower: min(max(lower, minimum), maximum), upper: min(max(upper, minimum), maximum))
    }
}
