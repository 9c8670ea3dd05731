/// The sufficient statistics of one experiment arm for one metric, as aggregated in SQL
/// (STYLE.md: n, Σy, Σy², and for CUPED Σx, Σx², Σxy with x the unit's pre-period value).
///
/// This is the input of gbstats 0.8.0's statistics objects (`models/statistics.py`:
/// `SampleMeanStatistic(n, sum, sum_squares)`, `ProportionStatistic(n, sum)` and
/// `RegressionAdjustedStatistic(post_statistic, pre_statistic, post_pre_sum_of_products)`).
public struct ExperimentArmStatistics: Sendable, Hashable, Codable {
    /// The pre-period covariate sums of the arm's units, for CUPED.
    public struct Covariate: Sendable, Hashable, Codable {
        /// How the pre-period values are read. gbstats uses p̂(1 − p̂) for a 0/1 covariate of a
        /// proportion metric (`ProportionStatistic` as the pre statistic) and s² otherwise.
        public var kind: ExperimentMetricKind
        /// Σx.
        public var sum: Double
        /// Σx².
        public var sumOfSquares: Double
        /// Σxy over the arm's units.
        public var sumOfProducts: Double

        /// Covariate sums from their parts.
        public init(kind: ExperimentMetricKind, sum: Double, sumOfSquares: Double, sumOfProducts: Double) {
            self.kind = kind
            self.sum = sum
            self.sumOfSquares = sumOfSquares
            self.sumOfProducts = sumOfProducts
        }
    }

    /// How the outcome values are read.
    public var kind: ExperimentMetricKind
    /// n, the arm's units.
    public var count: Int
    /// Σy.
    public var sum: Double
    /// Σy².
    public var sumOfSquares: Double
    /// The pre-period sums, or nil when the metric has no covariate.
    public var covariate: Covariate?

    /// Arm statistics from their parts.
    public init(kind: ExperimentMetricKind, count: Int, sum: Double, sumOfSquares: Double,
                covariate: Covariate? = nil) {
        self.kind = kind
        self.count = count
        self.sum = sum
        self.sumOfSquares = sumOfSquares
        self.covariate = covariate
    }

    /// (n, Σy, Σy²) of the outcome.
    public var outcome: SufficientStatistics {
        SufficientStatistics(count: count, sum: sum, sumOfSquares: sumOfSquares)
    }

    /// n, ȳ and s² with the n − 1 divisor for display (the `arms` of DESIGN §8), also for a
    /// proportion; the tests use ``variance`` instead.
    public var summary: SampleSummary { outcome.summary }

    /// ȳ, 0 when n = 0 (``ExperimentMetricKind/mean(of:)``).
    public var mean: Double { kind.mean(of: outcome) }

    /// The variance the tests use (``ExperimentMetricKind/variance(of:)``).
    public var variance: Double { kind.variance(of: outcome) }

    /// (n, Σx, Σx²) of the covariate.
    var covariateStatistics: SufficientStatistics? {
        covariate.map { SufficientStatistics(count: count, sum: $0.sum, sumOfSquares: $0.sumOfSquares) }
    }

    /// The covariate's mean x̄ and variance v_x by its kind.
    var covariateMoments: (mean: Double, variance: Double)? {
        guard let covariate, let statistics = covariateStatistics else { return nil }
        return (covariate.kind.mean(of: statistics), covariate.kind.variance(of: statistics))
    }

    /// c_xy = (Σxy − ΣxΣy/n)/(n − 1), and 0 when n ≤ 1 (gbstats 0.8.0 `models/statistics.py`,
    /// `RegressionAdjustedStatistic.covariance`); nil without a covariate.
    var covariance: Double? {
        guard let covariate else { return nil }
        guard count > 1 else { return 0 }
        return (covariate.sumOfProducts - covariate.sum * sum / Double(count)) / Double(count - 1)
    }

    /// Both arms' statistics summed, ignoring assignment (gbstats 0.8.0 `models/statistics.py`,
    /// `create_joint_statistic`); the arms agree on their kinds (``ExperimentComparison`` checks).
    func pooled(with other: ExperimentArmStatistics) -> ExperimentArmStatistics {
        var pooledCovariate: Covariate?
        if let mine = covariate, let theirs = other.covariate {
            pooledCovariate = Covariate(kind: mine.kind, sum: mine.sum + theirs.sum,
                                        sumOfSquares: mine.sumOfSquares + theirs.sumOfSquares,
                                        sumOfProducts: mine.sumOfProducts + theirs.sumOfProducts)
        }
        return ExperimentArmStatistics(kind: kind, count: count + other.count, sum: sum + other.sum,
                                       sumOfSquares: sumOfSquares + other.sumOfSquares,
                                       covariate: pooledCovariate)
    }
}
