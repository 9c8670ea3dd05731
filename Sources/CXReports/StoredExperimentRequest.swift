import CXCore
import CXStore
import Foundation

/// What `cxloop experiment analyze KEY` asks of a stored experiment.
public struct StoredExperimentRequest: Sendable, Hashable {
    /// The attribution window's default length in days: the window of the per-unit outcome sums
    /// (``ExperimentUnitSums``); another window reads raw outcomes, which is slower.
    public static let defaultWindowDays = ExperimentUnitSums.windowDays
    /// The retention horizon's default in days.
    public static let defaultHorizonDays = 30

    public var tenant: String
    public var experiment: String
    /// The metrics to analyse; nil for the experiment's primary and guardrails plus every other
    /// metric with a non-zero value in the windows (retention: with a unit past the horizon).
    public var metrics: [ExperimentMetric]?
    /// nil for now, or the stop time of a stopped experiment.
    public var asOf: Date?
    public var windowDays: Int
    public var horizonDays: Int
    /// The baseline arm; nil for `control`, or the first arm when none is called so.
    public var control: String?
    public var cuped: Bool
    public var sequentialTuning: Double?

    public init(tenant: String, experiment: String, metrics: [ExperimentMetric]? = nil, asOf: Date? = nil,
                windowDays: Int = defaultWindowDays, horizonDays: Int = defaultHorizonDays, control: String? = nil,
                cuped: Bool = false, sequentialTuning: Double? = nil) {
        self.tenant = tenant
        self.experiment = experiment
        self.metrics = metrics
        self.asOf = asOf
        self.windowDays = windowDays
        self.horizonDays = horizonDays
        self.control = control
        self.cuped = cuped
        self.sequentialTuning = sequentialTuning
    }
}
