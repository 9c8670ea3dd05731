/// Why a lift has no estimate, interval or p-value, so that a renderer can say so instead of
/// printing NaN. gbstats 0.8.0 returns its "uninformative" default (estimate 0, CI [0, 0],
/// p 1, chance to win 0.5) with an `error_message` in these cases (`messages.py`).
public enum LiftUnavailableReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// An arm has fewer than 2 units, so no variance or Welch df exists. gbstats reports
    /// `ZERO_NEGATIVE_VARIANCE` (its variance is 0 for n ≤ 1) or, for n = 0,
    /// `ZERO_NEGATIVE_BASELINE_VARIATION`.
    case tooFewUnits
    /// The baseline mean is 0, so a relative lift is undefined (gbstats
    /// `ZERO_NEGATIVE_BASELINE_VARIATION`, `TTest.compute_result`).
    case zeroBaselineMean
    /// The variance is ≤ 0 in either arm, e.g. a constant control (gbstats
    /// `ZERO_NEGATIVE_VARIANCE`, `Statistic._has_zero_variance` checked in
    /// `TTest.compute_result` and `EffectBayesianABTest.compute_result`).
    case zeroVariance
}
