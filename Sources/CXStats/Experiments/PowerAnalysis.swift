/// Power and minimum detectable effect (MDE) of a two-sided test of a lift, by the normal
/// approximation (e.g. Chow, Shao & Wang, *Sample Size Calculations in Clinical Research*,
/// 2nd ed., §3.2; Kohavi, Tang & Xu, *Trustworthy Online Controlled Experiments*, 2020, §17):
/// with z_q the standard normal quantile, α = 1 − confidence and SE the lift's standard error,
/// - MDE = (z_{1−α/2} + z_{power})·SE, the smallest |δ| detected with the given power when the
///   test's far tail is neglected;
/// - power(δ) = Φ(|δ|/SE − z_{1−α/2}) + Φ(−|δ|/SE − z_{1−α/2}), both rejection tails (as
///   statsmodels `NormalIndPower.power` with `alternative="two-sided"`).
///
/// The far tail adds about 1e-6 to the power at the usual MDE, so power(MDE) is 0.8 + ~1e-6.
public enum PowerAnalysis {
    /// MDE = (z_{1−α/2} + z_{power})·SE for a lift with standard error `standardError`, e.g. the
    /// current one of ``Lift/standardError`` (absolute or relative).
    public static func minimumDetectableEffect(standardError: Double, confidence: Double = 0.95,
                                               power: Double = 0.8) -> Double {
        precondition(power > 0 && power < 1, "power must lie in (0, 1)")
        let z = Normal.standard.twoSidedCriticalValue(confidence: confidence) + Normal.standard.quantile(power)
        return z * standardError
    }

    /// The absolute MDE of a planned sample with per-unit variance σ² in both arms:
    /// SE = σ·√(1/n_a + 1/n_b). Divided by |ȳ_a| it is the relative MDE, which is what the
    /// delta-method SE of ``LiftAnalysis`` gives when the treatment mean equals the baseline's.
    public static func minimumDetectableEffect(variance: Double, baselineUnits: Int, treatmentUnits: Int,
                                               confidence: Double = 0.95, power: Double = 0.8) -> Double {
        precondition(baselineUnits > 0 && treatmentUnits > 0, "a planned arm needs units")
        let standardError = (variance / Double(baselineUnits) + variance / Double(treatmentUnits)).squareRoot()
        return minimumDetectableEffect(standardError: standardError, confidence: confidence, power: power)
    }

    /// The probability that the two-sided test at `confidence` rejects when the true lift is
    /// `effect`: Φ(|δ|/SE − z_{1−α/2}) + Φ(−|δ|/SE − z_{1−α/2}).
    public static func power(effect: Double, standardError: Double, confidence: Double = 0.95) -> Double {
        let z = Normal.standard.twoSidedCriticalValue(confidence: confidence)
        let shift = abs(effect) / standardError
        return Normal.standard.cdf(shift - z) + Normal.standard.cdf(-shift - z)
    }
}
