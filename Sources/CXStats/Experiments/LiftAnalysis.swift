/// The absolute and relative lift of a treatment arm over its baseline arm, as GrowthBook's
/// frequentist engine computes them (gbstats 0.8.0 `frequentist/tests.py`, `TTest`,
/// `frequentist_diff` and `frequentist_variance`), with a = baseline and b = treatment:
/// - absolute: ȳ_b − ȳ_a, Var = v_b/n_b + v_a/n_a (``WelchTTest``);
/// - relative: (ȳ_b − ȳ_a)/ȳ_a⁰, by the delta method with independent arms (no covariance term)
///   Var = v_b/((ȳ_a⁰)²n_b) + v_a(ȳ_b⁰)²/((ȳ_a⁰)⁴n_a), dividing by ȳ_a⁰ itself, not |ȳ_a⁰|;
/// - both on the Welch–Satterthwaite ν = (v_b/n_b + v_a/n_a)² / (v_b²/(n_b²(n_b−1)) + v_a²/(n_a²(n_a−1))).
///
/// ȳ and v are the CUPED-adjusted mean and variance when the arms are adjusted, and ȳ⁰ the
/// unadjusted means (`Statistic.unadjusted_mean`): gbstats 0.8.0's relative CUPED divides the
/// adjusted difference by the unadjusted baseline mean and plugs the adjusted variances into the
/// unadjusted delta formula (fixture README, item 5).
///
/// Unavailable cases, checked in this order (gbstats checks the baseline mean first, for both
/// scales, and returns estimate 0, CI [0, 0], p 1):
/// - an arm with n < 2: ``LiftUnavailableReason/tooFewUnits`` on both scales;
/// - ȳ_a⁰ = 0: ``LiftUnavailableReason/zeroBaselineMean`` on the relative scale only. The
///   absolute difference stays defined and is reported (gbstats' frequentist test refuses it
///   too, and also refuses a CUPED-adjusted baseline mean of exactly 0; its Bayesian test does not);
/// - v ≤ 0 in either arm: ``LiftUnavailableReason/zeroVariance`` (gbstats `_has_zero_variance`;
///   a NaN variance from non-finite sums lands here too rather than in a NaN interval).
public struct LiftAnalysis: Sendable, Hashable {
    /// The difference of means, treatment − baseline.
    public let absolute: LiftOutcome
    /// The difference over the baseline mean.
    public let relative: LiftOutcome

    /// The p-value of a comparison (DESIGN §8): the two-sided p of the absolute difference, nil
    /// when unavailable. gbstats/GrowthBook show the relative test's p, `relative.lift?.test.pValue`.
    public var pValue: Double? { absolute.lift?.test.pValue }

    init(baseline: ArmMoments, treatment: ArmMoments) {
        guard baseline.count >= 2, treatment.count >= 2 else {
            absolute = .unavailable(.tooFewUnits)
            relative = .unavailable(.tooFewUnits)
            return
        }
        let hasZeroVariance = !(baseline.variance > 0 && treatment.variance > 0)
        let welch = WelchTTest(
            SampleSummary(count: treatment.count, mean: treatment.mean, variance: treatment.variance),
            SampleSummary(count: baseline.count, mean: baseline.mean, variance: baseline.variance))
        absolute = hasZeroVariance ? .unavailable(.zeroVariance) : .estimated(
            Lift(estimate: welch.difference, standardError: welch.standardError,
                 degreesOfFreedom: welch.degreesOfFreedom))
        let scale = baseline.unadjustedMean
        if scale == 0 {
            relative = .unavailable(.zeroBaselineMean)
        } else if hasZeroVariance {
            relative = .unavailable(.zeroVariance)
        } else {
            let ratio = treatment.unadjustedMean / scale
            let variance = treatment.variance / Double(treatment.count) / (scale * scale)
                + baseline.variance * ratio * ratio / Double(baseline.count) / (scale * scale)
            relative = .estimated(Lift(estimate: welch.difference / scale, standardError: variance.squareRoot(),
                                       degreesOfFreedom: welch.degreesOfFreedom))
        }
    }
}
