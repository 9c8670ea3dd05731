/// CUPED (Deng, Xu, Kohavi & Walker 2013, "Improving the sensitivity of online controlled
/// experiments by utilizing pre-experiment data", WSDM) exactly as gbstats 0.8.0 computes it:
/// **one** slope θ per (baseline, treatment) pair, pooled over both arms' units regardless of
/// assignment (not per arm, and not an ANCOVA).
///
/// gbstats 0.8.0 `models/statistics.py`, `compute_theta` and `create_joint_statistic`, called
/// from `models/tests.py`, `BaseABTest.__init__`:
/// - pool the two arms' sums: n, Σx, Σy, Σx², Σy², Σxy;
/// - θ = c_xy / v_x with c_xy = (Σxy − ΣxΣy/n)/(n − 1) and v_x by the covariate's kind, so a 0/1
///   covariate of a proportion metric has v_x = p̄(1 − p̄) with the n divisor while c_xy keeps
///   n − 1 (gbstats' quirk, matched here);
/// - θ = 0 when the pooled v_x or the pooled v_y is 0; the test then runs on the unadjusted
///   statistics, which ``ArmMoments/init(_:theta:)`` reproduces at θ = 0.
struct CupedAdjustment: Sendable, Hashable {
    /// The pooled slope θ.
    let theta: Double

    /// θ pooled over `baseline` and `treatment`, which must both carry covariate sums of one kind.
    init(baseline: ExperimentArmStatistics, treatment: ExperimentArmStatistics) {
        let pooled = baseline.pooled(with: treatment)
        guard let covariate = pooled.covariateMoments, let covariance = pooled.covariance else {
            preconditionFailure("CUPED needs covariate sums in both arms")
        }
        theta = covariate.variance == 0 || pooled.variance == 0 ? 0 : covariance / covariate.variance
    }

    /// The arm's moments adjusted by θ.
    func adjusted(_ arm: ExperimentArmStatistics) -> ArmMoments {
        ArmMoments(arm, theta: theta)
    }
}
