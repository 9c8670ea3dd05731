import CXCore
import CXStats

/// The sufficient statistics of a stored experiment, aggregated in one SQL pass: units per
/// arm (for the sample-ratio check), per metric and arm n, Σy, Σy² and the pre-period sums,
/// and per arm the lifetimes the log-rank comparison needs. Units outside every arm form the
/// arm `holdout`; units of the tenant's global holdout are not part of the experiment.
public struct ExperimentData: Sendable, Hashable {
    /// Assigned units per arm.
    public var units: [String: Int]
    /// Per metric, per arm (arms without a unit having a value are absent).
    public var statistics: [ExperimentMetric: [String: ExperimentArmStatistics]]
    /// Per arm, whole days from assignment to churn or to the as-of time; only when
    /// ``ExperimentMetric/retention`` was asked for.
    public var lifetimes: [String: [LifetimeGroup]]

    public init(units: [String: Int], statistics: [ExperimentMetric: [String: ExperimentArmStatistics]],
                lifetimes: [String: [LifetimeGroup]]) {
        self.units = units
        self.statistics = statistics
        self.lifetimes = lifetimes
    }
}

/// One unit's value of a metric, as `cxloop experiment export` writes it
/// (`unit_id,arm,value,pre_value`).
public struct ExperimentUnitValue: Sendable, Hashable {
    public var unit: String
    public var arm: String
    public var value: Double
    /// The pre-period value; nil for a metric without one (retention).
    public var preValue: Double?

    public init(unit: String, arm: String, value: Double, preValue: Double?) {
        self.unit = unit
        self.arm = arm
        self.value = value
        self.preValue = preValue
    }
}

/// Reads the data of stored experiments for analysis and export.
public protocol ExperimentDataSource: Sendable {
    /// Per-arm units and sufficient statistics of `request.metrics`.
    func data(_ request: ExperimentDataRequest) async throws(StoreError) -> ExperimentData
    /// Every unit's value of `metric` (units without one, e.g. non-respondents of a survey
    /// metric, are left out), ordered by arm and unit.
    func unitValues(_ request: ExperimentDataRequest, metric: ExperimentMetric) async throws(StoreError) -> [ExperimentUnitValue]
}
