/// The value of a target policy estimated from logged data, with its normal-theory uncertainty.
///
/// The standard error is the sample standard deviation (n − 1 divisor) of the per-round
/// contributions over √n: the contributions are the `_estimate_round_rewards` of obp 0.5.7, and
/// the estimate is their mean, as obp's `estimate_policy_value` returns. obp itself only offers
/// bootstrap intervals (`estimate_interval`); the normal interval here is estimate ± z·SE, which is
/// what a bootstrap of the mean converges to and is deterministic. For SNIPS the contributions
/// wᵢrᵢ/mean(w) treat the normaliser as fixed, as obp does; this ignores the variance of mean(w),
/// so for very uneven weights the delta-method SE √(Σwᵢ²(rᵢ − V̂)²)/Σwᵢ can be larger.
public struct OffPolicyEstimate: Sendable, Hashable {
    /// The estimator that produced this estimate.
    public let estimator: OffPolicyEstimator
    /// The estimated policy value V̂, the mean of the per-round contributions.
    public let estimate: Double
    /// s/√n with s the (n − 1)-denominator standard deviation of the contributions; NaN for n = 1.
    public let standardError: Double
    /// The number of rounds n.
    public let count: Int
    /// Kish's (Σw)²/Σw² of the importance weights (``OffPolicyData/effectiveSampleSize``), or nil
    /// for the direct method, which uses no weights.
    public let effectiveSampleSize: Double?

    /// An estimate from its parts.
    public init(estimator: OffPolicyEstimator, estimate: Double, standardError: Double, count: Int,
                effectiveSampleSize: Double?) {
        self.estimator = estimator
        self.estimate = estimate
        self.standardError = standardError
        self.count = count
        self.effectiveSampleSize = effectiveSampleSize
    }

    /// The estimate of `roundRewards` (non-empty): their mean and, by the two-pass formula
    /// s² = Σ(xᵢ − x̄)²/(n − 1), s/√n.
    init(estimator: OffPolicyEstimator, roundRewards: [Double], effectiveSampleSize: Double?) {
        precondition(!roundRewards.isEmpty, "an estimate needs at least one round")
        let n = Double(roundRewards.count)
        let mean = roundRewards.reduce(0, +) / n
        var standardError = Double.nan
        if roundRewards.count > 1 {
            let squares = roundRewards.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) }
            standardError = (squares / (n - 1) / n).squareRoot()
        }
        self.init(estimator: estimator, estimate: mean, standardError: standardError,
                  count: roundRewards.count, effectiveSampleSize: effectiveSampleSize)
    }

    /// The estimate whose per-round contributions have these statistics (n > 0): their mean
    /// and s/√n with s² = (Σc² − c̄Σc)/(n − 1) (``SufficientStatistics/summary``).
    init(estimator: OffPolicyEstimator, contributions: SufficientStatistics, effectiveSampleSize: Double?) {
        precondition(contributions.count > 0, "an estimate needs at least one round")
        let summary = contributions.summary
        self.init(estimator: estimator, estimate: summary.mean, standardError: contributions.count > 1 ? summary.standardError : .nan,
                  count: contributions.count, effectiveSampleSize: effectiveSampleSize)
    }

    /// estimate ± z_{1−α/2}·SE with α = 1 − confidence, z the standard normal quantile
    /// (1.959964 at the default 0.95). NaN bounds when n = 1.
    public func interval(confidence: Double = 0.95) -> Interval {
        Interval(estimate: estimate,
                 margin: Normal.standard.twoSidedCriticalValue(confidence: confidence) * standardError)
    }
}
