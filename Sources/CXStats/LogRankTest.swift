/// Two-group log-rank test of equal survival (Mantel 1966, Cancer Chemother. Rep. 50:163–170;
/// Peto & Peto 1972).
///
/// Over the pooled distinct event times tᵢ with nᵢ = n₁ᵢ + n₂ᵢ at risk and dᵢ events, group 1's
/// expected events are E₁ = Σ dᵢ n₁ᵢ/nᵢ and the hypergeometric variance is
/// V = Σ n₁ᵢ n₂ᵢ dᵢ (nᵢ − dᵢ) / (nᵢ² (nᵢ − 1)); χ² = (O₁ − E₁)²/V on 1 df. Matches R
/// `survdiff`, lifelines `logrank_test` and scipy `logrank`.
public struct LogRankTest: Sendable, Hashable {
    /// O₁, events observed in the first group.
    public let observed: Double
    /// E₁, events expected in the first group under H₀.
    public let expected: Double
    /// V, the variance of O₁ − E₁ under H₀.
    public let variance: Double

    /// Compares the survival of `first` and `second`.
    public init(_ first: [SurvivalObservation], _ second: [SurvivalObservation]) {
        let pooled = (first + second).eventTable()
        let firstAtRisk = Self.atRisk(first, at: pooled.map(\.time))
        let firstEvents = Dictionary(first.filter(\.event).map { ($0.time, 1) }, uniquingKeysWith: +)
        var observed = 0.0
        var expected = 0.0
        var variance = 0.0
        for (index, row) in pooled.enumerated() {
            let n = Double(row.atRisk)
            let d = Double(row.events)
            let n1 = Double(firstAtRisk[index])
            observed += Double(firstEvents[row.time] ?? 0)
            expected += d * n1 / n
            if row.atRisk > 1 {
                variance += n1 * (n - n1) * d * (n - d) / (n * n * (n - 1))
            }
        }
        self.observed = observed
        self.expected = expected
        self.variance = variance
    }

    /// χ² = (O₁ − E₁)²/V with 1 df and its upper-tail p; NaN when V is 0.
    public var test: TestResult {
        let difference = observed - expected
        let chiSquared = difference * difference / variance
        return TestResult(statistic: chiSquared, pValue: ChiSquared(degreesOfFreedom: 1).survival(chiSquared),
                          degreesOfFreedom: 1)
    }

    /// Units of `group` with time ≥ each of `times` (ascending).
    private static func atRisk(_ group: [SurvivalObservation], at times: [Double]) -> [Int] {
        let sorted = group.map(\.time).sorted()
        var start = 0
        return times.map { time in
            while start < sorted.count && sorted[start] < time { start += 1 }
            return sorted.count - start
        }
    }
}
