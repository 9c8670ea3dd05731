/// What the lift formulas need of one arm: n, the (possibly CUPED-adjusted) mean and variance,
/// and the unadjusted mean that gbstats scales relative lifts by (gbstats 0.8.0
/// `models/statistics.py`, `Statistic.mean`, `.variance` and `.unadjusted_mean`).
struct ArmMoments: Sendable, Hashable {
    /// n.
    var count: Int
    /// ȳ, or ȳ − θx̄ under CUPED.
    var mean: Double
    /// ȳ, never adjusted.
    var unadjustedMean: Double
    /// v, or v_adj under CUPED.
    var variance: Double

    /// The arm as it is: mean ȳ, variance by the metric's kind.
    init(_ arm: ExperimentArmStatistics) {
        count = arm.count
        mean = arm.mean
        unadjustedMean = arm.mean
        variance = arm.variance
    }

    /// The arm adjusted by a CUPED slope θ (gbstats 0.8.0 `RegressionAdjustedStatistic`):
    /// mean ȳ − θx̄ and variance v_y + θ²v_x − 2θc_xy, with v_y, v_x by their kinds and
    /// c_xy = (Σxy − ΣxΣy/n)/(n − 1). With θ = 0 this is the unadjusted arm, gbstats' fallback.
    /// For n ≤ 1 all three terms are 0, as gbstats' adjusted variance is.
    init(_ arm: ExperimentArmStatistics, theta: Double) {
        guard let covariate = arm.covariateMoments, let covariance = arm.covariance else {
            preconditionFailure("CUPED needs the arm's covariate sums")
        }
        self.init(arm)
        mean -= theta * covariate.mean
        variance += theta * theta * covariate.variance - 2 * theta * covariance
    }
}
