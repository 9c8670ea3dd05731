import CXStats

/// The sample-ratio-mismatch check of an experiment: the arms' units against the intended
/// split, flagged below GrowthBook's threshold p < 0.001 (DESIGN.md §8's `srm`).
public struct ExperimentSampleRatio: Sendable, Hashable {
    /// Each arm's intended share (any positive scale), in the order of the analysis' arms.
    public var weights: [Double]
    /// χ², df and p.
    public var check: SampleRatioMismatch

    /// p ≥ 0.001: the split is consistent with the weights.
    public var isOK: Bool { !check.isMismatch() }
}
