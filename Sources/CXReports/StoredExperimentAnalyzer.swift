import CXCore
import CXStats
import CXStore
import Foundation

/// The analysis of a stored experiment: its definition, the survey fields its unit answers,
/// and one SQL pass of per-arm sufficient statistics (``ExperimentDataSource``), through the same
/// engine as a per-unit file (``ExperimentAnalysis/init(units:metrics:survival:request:)``).
///
/// Units enter at their first assignment (intention to treat: a unit assigned to a policy
/// counts in its arm whether or not an exposure followed, so that who saw what cannot bias the
/// comparison). The experiment's holdout is the arm `holdout`; the tenant's global holdout is not
/// part of any experiment. The sample-ratio check tests the arms' units against the current
/// shares × coverage and the holdout percentage.
public struct StoredExperimentAnalyzer: Sendable {
    let experiments: any ExperimentRepository
    let surveys: any SurveyRepository
    let data: any ExperimentDataSource

    public init(experiments: any ExperimentRepository, surveys: any SurveyRepository, data: any ExperimentDataSource) {
        self.experiments = experiments
        self.surveys = surveys
        self.data = data
    }

    /// Analyses the experiment.
    /// - Throws: `ReportError` `.data` for an unknown experiment or baseline, `.usage` for
    ///   windows out of range; `StoreError` when the database fails.
    public func analyze(_ request: StoredExperimentRequest, now: Date = Date()) async throws -> ExperimentAnalysis {
        let (stored, dataRequest) = try await prepare(request, metrics: request.metrics ?? ExperimentMetric.allCases, now: now)
        let definition = stored.definition
        let result = try await data.data(dataRequest)
        let arms = definition.arms.map { ($0.name, $0.share * definition.coverage) }
            + (definition.holdoutPercent > 0 ? [("holdout", definition.holdoutPercent)] : [])
        let metrics = dataRequest.metrics.filter { metric in
            request.metrics != nil || Self.role(of: metric, in: definition) != .secondary
                || Self.hasSignal(result.statistics[metric], metric)
        }
        let lifetimes = metrics.contains(.retention) ? result.lifetimes : [:]
        let analysisRequest = ExperimentAnalysisRequest(
            experiment: definition.key, control: request.control ?? Self.defaultControl(of: definition),
            cuped: request.cuped, sequentialTuning: request.sequentialTuning,
            weights: Dictionary(arms, uniquingKeysWith: { first, _ in first }))
        var analysis = try ExperimentAnalysis(
            units: arms.map { ($0.0, result.units[$0.0] ?? 0) },
            metrics: metrics.map { metric in
                ExperimentMetricData(name: metric.rawValue, kind: metric.kind, role: Self.role(of: metric, in: definition),
                                     higherIsBetter: metric.higherIsBetter, arms: result.statistics[metric] ?? [:])
            },
            survival: lifetimes.mapValues { groups in
                groups.flatMap { Array(repeating: SurvivalObservation(time: $0.days, event: $0.churned), count: $0.units) }
            },
            request: analysisRequest)
        analysis.window = ExperimentAnalysisWindow(asOf: dataRequest.asOf, windowDays: request.windowDays,
                                                   horizonDays: request.horizonDays)
        return analysis
    }

    /// Every unit's value of `metric` (`cxloop experiment export`), for offline analysis with
    /// `experiment analyze --from`.
    public func unitValues(_ request: StoredExperimentRequest, metric: ExperimentMetric,
                           now: Date = Date()) async throws -> [ExperimentUnitValue] {
        let (_, dataRequest) = try await prepare(request, metrics: [metric], now: now)
        return try await data.unitValues(dataRequest, metric: metric)
    }

    /// The stored experiment and the data request for `metrics`.
    private func prepare(_ request: StoredExperimentRequest, metrics: [ExperimentMetric],
                         now: Date) async throws -> (StoredExperiment, ExperimentDataRequest) {
        guard (1...366).contains(request.windowDays) else {
            throw ReportError(.usage, "the attribution window must be 1–366 days, not \(request.windowDays)")
        }
        guard (1...3660).contains(request.horizonDays) else {
            throw ReportError(.usage, "the retention horizon must be 1–3660 days, not \(request.horizonDays)")
        }
        guard let stored = try await experiments.get(tenant: request.tenant, key: request.experiment) else {
            throw ReportError(.data, "no experiment '\(request.experiment)'; cxloop experiment list shows them")
        }
        let definition = stored.definition
        // Asked-for metrics in their order; by default primary, then secondary, then guardrails.
        let unique = metrics.enumerated().filter { position, metric in metrics.firstIndex(of: metric) == position }
        let selected = (request.metrics == nil
            ? unique.sorted { (Self.role(of: $0.element, in: definition), $0.offset) < (Self.role(of: $1.element, in: definition), $1.offset) }
            : unique).map(\.element)
        let population: Population = definition.unit == .employee ? .employee : .customer
        let fields = ExperimentSurveyField.fields(of: try await surveys.list(tenant: request.tenant), population: population)
        let asOf = request.asOf ?? min(now, stored.stoppedAt ?? now)
        return (stored, ExperimentDataRequest(
            tenant: request.tenant, experiment: definition.key, metrics: selected, asOf: asOf,
            windowDays: request.windowDays, horizonDays: request.horizonDays, surveyFields: fields))
    }

    /// Whether a metric has something to show by default: some unit with a value other than 0
    /// (any unit at all for retention, whose 0 is a churn).
    static func hasSignal(_ arms: [String: ExperimentArmStatistics]?, _ metric: ExperimentMetric) -> Bool {
        (arms ?? [:]).values.contains { metric == .retention ? $0.count > 0 : $0.sumOfSquares > 0 }
    }

    /// Primary when the definition names it so, guardrail when listed, else secondary.
    static func role(of metric: ExperimentMetric, in definition: ExperimentDefinition) -> ExperimentMetricRole {
        if definition.primaryMetric == metric.rawValue { return .primary }
        return definition.guardrails.contains(metric.rawValue) ? .guardrail : .secondary
    }

    /// `control` when an arm is called so, else the first arm.
    static func defaultControl(of definition: ExperimentDefinition) -> String {
        definition.arms.contains { $0.name == "control" } ? "control" : definition.arms[0].name
    }
}

extension StoredExperimentAnalyzer {
    /// The analyzer over the Postgres repositories of `database`.
    public init(database: Database) {
        self.init(experiments: PostgresExperimentRepository(database: database),
                  surveys: PostgresSurveyRepository(database: database), data: PostgresExperimentData(database: database))
    }
}
