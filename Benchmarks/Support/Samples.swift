/// Wall-clock durations of repeated runs of one measurement, in milliseconds.
public struct Samples: Sendable {
    public var milliseconds: [Double]

    public init(milliseconds: [Double]) {
        self.milliseconds = milliseconds
    }

    /// Runs `body` once as a warm-up, then `runs` times timed, one after another.
    public static func measure(runs: Int, _ body: () async throws -> Void) async rethrows -> Samples {
        let clock = ContinuousClock()
        try await body()
        var milliseconds: [Double] = []
        for _ in 0..<runs {
            let elapsed = try await clock.measure { try await body() }
            milliseconds.append(elapsed.milliseconds)
        }
        return Samples(milliseconds: milliseconds)
    }

    public var median: Double { quantile(0.5) }
    public var p90: Double { quantile(0.9) }
    public var min: Double { milliseconds.min() ?? .nan }
    public var max: Double { milliseconds.max() ?? .nan }

    /// The `q` quantile, linear between order statistics (the median of an even count is the
    /// mean of the middle two).
    public func quantile(_ q: Double) -> Double {
        let sorted = milliseconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}

extension Duration {
    /// The duration in milliseconds.
    public var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
    }

    /// The duration in seconds.
    public var seconds: Double { milliseconds / 1_000 }
}
