import Foundation

/// The always-valid asymptotic confidence sequence of GrowthBook's sequential testing: an
/// interval that may be looked at after every new unit and still covers the true lift at the
/// stated confidence (Waudby-Smith, Arbour, Sinha, Kennedy & Ramdas, "Time-uniform central
/// limit theory and asymptotic confidence sequences", arXiv:2103.06476v7, 2023).
///
/// gbstats 0.8.0 `frequentist/tests.py`, `SequentialTwoSidedTTest`, with α = 1 − confidence,
/// N = n_a + n_b the pair's units, N* the tuning parameter and Var the lift's variance
/// (absolute or relative, CUPED-adjusted or not):
/// - ρ = √((−2 ln α + ln(−2 ln α + 1)) / N*) (`.rho`, eq. 161), independent of the data;
/// - half-width = √(Var·N) · √(2(Nρ² + 1) · ln(√(Nρ² + 1)/α) / (N²ρ²))
///   (`.confidence_interval`, eq. 9);
/// - p = min(1, 1/E) with E = exp(ρ²S/(2(Nρ² + 1))) / √(Nρ² + 1), S = estimate²·N/Var
///   (`.p_value`, eq. 155), evaluated here in logs so a huge S gives p = 0, not NaN.
///
/// No t quantile enters; the Welch df of the lift is not used.
public struct ConfidenceSequence: Sendable, Hashable {
    /// N*, the number of units at which the sequence is tightest (gbstats'
    /// `sequential_tuning_parameter`, default 5000).
    public let tuningUnits: Double
    /// 1 − α.
    public let confidence: Double

    /// A sequence tuned for `tuningUnits` > 0 units at `confidence` in (0, 1).
    public init(tuningUnits: Double = 5000, confidence: Double = 0.95) {
        precondition(tuningUnits > 0, "the tuning parameter N* must be positive")
        precondition(confidence > 0 && confidence < 1, "confidence must lie in (0, 1)")
        self.tuningUnits = tuningUnits
        self.confidence = confidence
    }

    /// ρ = √((−2 ln α + ln(−2 ln α + 1)) / N*).
    public var rho: Double {
        let minusTwoLogAlpha = -2 * log(alpha)
        return ((minusTwoLogAlpha + log(minusTwoLogAlpha + 1)) / tuningUnits).squareRoot()
    }

    /// The confidence sequence at N = `totalUnits`: estimate ± half-width.
    public func interval(for lift: Lift, totalUnits: Int) -> Interval {
        let n = Double(totalUnits)
        let spread = nRhoSquaredPlusOne(totalUnits)
        let halfWidth = (lift.variance * n).squareRoot()
            * (2 * spread * log(spread.squareRoot() / alpha) / (n * n * rho * rho)).squareRoot()
        return Interval(estimate: lift.estimate, margin: halfWidth)
    }

    /// The always-valid p-value min(1, 1/E) at N = `totalUnits`.
    public func pValue(for lift: Lift, totalUnits: Int) -> Double {
        let spread = nRhoSquaredPlusOne(totalUnits)
        let s = lift.estimate * lift.estimate * Double(totalUnits) / lift.variance
        let logEValue = rho * rho * s / (2 * spread) - 0.5 * log(spread)
        return min(1, exp(-logEValue))
    }

    /// α.
    private var alpha: Double { 1 - confidence }

    /// Nρ² + 1.
    private func nRhoSquaredPlusOne(_ totalUnits: Int) -> Double {
        Double(totalUnits) * rho * rho + 1
    }
}
