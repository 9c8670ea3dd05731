/// The analysis of an experiment (DESIGN.md §8, "Experiment analysis JSON"): the sample-ratio
/// check, per metric the arms and the comparisons with the baseline, and survival. Built from per-arm
/// sufficient statistics (``init(arms:request:)``), whether they come from a per-unit file or
/// from SQL; renderers only format it.
public struct ExperimentAnalysis: Sendable, Hashable {
    /// The level of every interval.
    public static let confidence = 0.95
    /// A comparison is significant when its Holm-adjusted p is below this (1 − ``confidence``).
    public static let alpha = 0.05

    /// The experiment's name.
    public var experiment: String
    /// The sample-ratio check over all arms.
    public var sampleRatio: ExperimentSampleRatio
    /// The metrics analysed (one for a per-unit file).
    public var metrics: [ExperimentMetricAnalysis]
    /// Each arm's survival against the baseline's (log-rank); empty unless lifetimes were given.
    public var survival: [ExperimentSurvivalComparison]
    /// N* of the sequential reads; nil when none was asked for.
    public var sequentialTuning: Double?
    /// The as-of time and windows of a stored experiment's analysis; nil for a per-unit file.
    public var window: ExperimentAnalysisWindow?
}
