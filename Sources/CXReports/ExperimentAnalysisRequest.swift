import CXStats

/// What `cxloop experiment analyze` asks for: which arm is the baseline, the intended split the
/// sample-ratio check tests against, and the optional CUPED and sequential reads.
public struct ExperimentAnalysisRequest: Sendable {
    /// GrowthBook's default N* of the confidence sequence (``ConfidenceSequence/tuningUnits``).
    public static let defaultSequentialTuning = 5000.0

    /// The experiment's name in the output (the file's base name for `--from`).
    public var experiment: String
    /// The metric's name in the output (`value` for a per-unit file).
    public var metric: String
    /// How the metric's values are read.
    public var kind: ExperimentMetricKind
    /// The arm every other arm is compared with (DESIGN.md §8: `control` unless named).
    public var control: String
    /// Add the CUPED comparison when the arms carry pre-period sums.
    public var cuped: Bool
    /// N* of the sequential confidence sequence, nil for no sequential read.
    public var sequentialTuning: Double?
    /// The intended share of each arm, by name (any positive scale), nil for equal shares.
    public var weights: [String: Double]?

    /// A request; the defaults are DESIGN.md §8's.
    public init(experiment: String, metric: String = "value", kind: ExperimentMetricKind = .mean,
                control: String = "control", cuped: Bool = false, sequentialTuning: Double? = nil,
                weights: [String: Double]? = nil) {
        self.experiment = experiment
        self.metric = metric
        self.kind = kind
        self.control = control
        self.cuped = cuped
        self.sequentialTuning = sequentialTuning
        self.weights = weights
    }
}
