import CXStats

/// One metric of an experiment analysis (DESIGN.md §8's `metrics[]`): each arm's summary and
/// each treatment's comparison with the baseline.
public struct ExperimentMetricAnalysis: Sendable, Hashable {
    /// One arm's units, mean and (n − 1) standard deviation.
    public struct Arm: Sendable, Hashable {
        /// The arm's name.
        public var name: String
        /// n, mean and s² with the n − 1 divisor (also for a proportion, as DESIGN §8 shows it).
        public var summary: SampleSummary
    }

    /// The metric's name (`value` for a per-unit file).
    public var metric: String
    /// How its values are read.
    public var kind: ExperimentMetricKind
    /// Primary, secondary (both in the Holm family) or guardrail.
    public var role: ExperimentMetricRole
    /// The baseline first, then the other arms in the order of the data.
    public var arms: [Arm]
    /// One per non-baseline arm, in the order of `arms`.
    public var comparisons: [ExperimentComparisonResult]
    /// CUPED was asked for but the data has no pre-period values.
    public var lacksCovariate: Bool
}
