import CXStats

/// One read of a comparison — fixed-horizon, CUPED or sequential — on both scales, with the
/// two-sided p of the absolute difference (DESIGN.md §8: `{"absolute","relative","p_value"}`).
public struct ExperimentLifts: Sendable, Hashable {
    /// Treatment − baseline.
    public var absolute: ExperimentLift
    /// (Treatment − baseline) / the baseline's unadjusted mean.
    public var relative: ExperimentLift
    /// The p of the absolute difference; nil when it is unavailable.
    public var pValue: Double?

    /// The fixed-horizon read: Welch t intervals at `confidence` and the t test's p.
    init(_ analysis: LiftAnalysis, confidence: Double) {
        absolute = ExperimentLift(analysis.absolute) { $0.interval(confidence: confidence) }
        relative = ExperimentLift(analysis.relative) { $0.interval(confidence: confidence) }
        pValue = analysis.pValue
    }

    /// The sequential read: the confidence sequences at N = `totalUnits` and the always-valid p.
    init(_ analysis: LiftAnalysis, sequence: ConfidenceSequence, totalUnits: Int) {
        absolute = ExperimentLift(analysis.absolute) { sequence.interval(for: $0, totalUnits: totalUnits) }
        relative = ExperimentLift(analysis.relative) { sequence.interval(for: $0, totalUnits: totalUnits) }
        pValue = analysis.absolute.lift.map { sequence.pValue(for: $0, totalUnits: totalUnits) }
    }
}
