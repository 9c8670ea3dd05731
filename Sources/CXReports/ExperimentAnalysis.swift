/// The analysis of an experiment (DESIGN.md §8, "Experiment analysis JSON"): the sample-ratio
/// check and, per metric, the arms and the comparisons with the baseline. Built from per-arm
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
    /// N* of the sequential reads; nil when none was asked for.
    public var sequentialTuning: Double?
}
