/// How an experiment metric's per-unit values are read: as a mean of arbitrary numbers or as a
/// proportion of 0/1 values. The kind fixes the variance that every experiment test uses.
public enum ExperimentMetricKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Arbitrary numeric values; variance with the n − 1 divisor.
    case mean
    /// 0/1 values (conversion); variance p̂(1 − p̂) with the n divisor, as gbstats.
    case proportion

    /// ȳ = Σy/n, and 0 when n = 0 (gbstats 0.8.0 `models/statistics.py`,
    /// `SampleMeanStatistic.mean` and `ProportionStatistic.mean`).
    public func mean(of statistics: SufficientStatistics) -> Double {
        statistics.count > 0 ? statistics.summary.mean : 0
    }

    /// The per-unit variance the tests use (gbstats 0.8.0 `models/statistics.py`):
    /// - mean: s² = (Σy² − (Σy)²/n)/(n − 1), and 0 when n ≤ 1 (`SampleMeanStatistic.variance`);
    /// - proportion: p̂(1 − p̂), p̂ = Σy/n, with no n − 1 correction (`ProportionStatistic.variance`).
    ///
    /// Never NaN, so that degenerate arms are caught by the `variance ≤ 0` guard of the tests.
    public func variance(of statistics: SufficientStatistics) -> Double {
        switch self {
        case .mean:
            return statistics.count > 1 ? statistics.summary.variance : 0
        case .proportion:
            let p = mean(of: statistics)
            return p * (1 - p)
        }
    }
}
