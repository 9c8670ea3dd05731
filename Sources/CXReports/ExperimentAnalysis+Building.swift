import CXCore
import CXStats
import Foundation

extension ExperimentAnalysis {
    /// The analysis of a per-unit file `unit_id,arm,value[,pre_value]` (``ExperimentUnitReader``).
    /// - Throws: `ReportError` `.data` naming the line and column of a bad row, or any error of
    ///   ``init(arms:request:)``.
    public init(csv: Data, request: ExperimentAnalysisRequest) throws(ReportError) {
        let arms: [ExperimentUnitReader.Arm]
        do {
            arms = try ExperimentUnitReader.read(csv, kind: request.kind, covariate: request.cuped)
        } catch {
            throw ReportError(.data, error.description)
        }
        try self.init(arms: arms, request: request)
    }

    /// The analysis of arms given by their sufficient statistics (all of `request.kind`, and all
    /// or none with pre-period sums of one kind), as the single metric `request.metric`.
    /// - Throws: as ``init(units:metrics:survival:request:)``.
    public init(arms: [(name: String, statistics: ExperimentArmStatistics)],
                request: ExperimentAnalysisRequest) throws(ReportError) {
        precondition(arms.allSatisfy { $0.statistics.kind == request.kind }, "every arm must be of the request's kind")
        try self.init(
            units: arms.map { ($0.name, $0.statistics.count) },
            metrics: [ExperimentMetricData(name: request.metric, kind: request.kind,
                                           arms: Dictionary(arms.map { ($0.name, $0.statistics) }, uniquingKeysWith: { $1 }))],
            request: request)
    }

    /// The analysis of an experiment: the SRM check of `units` against the intended weights,
    /// then per metric each non-baseline arm against the baseline — fixed-horizon lifts, chance
    /// to win and, when asked, CUPED and the confidence sequences — with Holm across the
    /// comparisons of every metric but the guardrails, and a log-rank comparison of each arm's
    /// `survival` with the baseline's when given.
    /// - Parameters:
    ///   - units: every arm and its units, in the order of the output after the baseline.
    ///   - metrics: per metric, each arm's sufficient statistics (a metric's arms agree on
    ///     having pre-period sums or not).
    ///   - survival: per arm, lifetimes from assignment to churn (event) or the as-of time.
    /// - Throws: `ReportError` `.data` for fewer than two arms, a baseline that is not an arm, or
    ///   weights that do not name exactly the arms; `.usage` for weights or a tuning that no data
    ///   could satisfy.
    public init(units: [(name: String, count: Int)], metrics: [ExperimentMetricData],
                survival: [String: [SurvivalObservation]] = [:],
                request: ExperimentAnalysisRequest) throws(ReportError) {
        let names = units.map(\.name)
        guard units.count >= 2 else {
            throw ReportError(.data, (names.first.map { "only one arm ('\($0)')" } ?? "no arms")
                + " in the data; comparing needs at least two")
        }
        guard let baseline = units.first(where: { $0.name == request.control }) else {
            throw ReportError(.data, "the baseline '\(request.control)' is not an arm of the data (arms: "
                + names.joined(separator: ", ") + "); name it with --control")
        }
        if let tuning = request.sequentialTuning, !(tuning.isFinite && tuning > 0) {
            throw ReportError(.usage, "the sequential tuning N* must be a positive number of units, not \(tuning)")
        }
        let ordered = [baseline] + units.filter { $0.name != request.control }
        let weights = try Self.weights(request.weights, arms: ordered.map(\.name))

        let sequence = request.sequentialTuning.map { ConfidenceSequence(tuningUnits: $0, confidence: Self.confidence) }
        var analyses = metrics.map { metric in
            Self.metricAnalysis(metric, arms: ordered.map(\.name), sequence: sequence, cuped: request.cuped)
        }
        let family = analyses.indices.filter { analyses[$0].role != .guardrail }
            .flatMap { metric in analyses[metric].comparisons.indices.map { (metric, $0) } }
        let adjusted = MultipleTesting.holm(family.map { analyses[$0.0].comparisons[$0.1].lifts.pValue ?? .nan })
        for ((metric, comparison), p) in zip(family, adjusted) where !p.isNaN {
            analyses[metric].comparisons[comparison].adjustedP = p
        }

        experiment = request.experiment
        sampleRatio = ExperimentSampleRatio(
            weights: weights, check: SampleRatioMismatch(counts: ordered.map(\.count), weights: weights))
        self.metrics = analyses
        self.survival = survival[baseline.name].map { baselineLives in
            ordered.dropFirst().compactMap { arm in
                survival[arm.name].map { ExperimentSurvivalComparison(arm: arm.name, baseline: baseline.name,
                                                                      lives: $0, baselineLives: baselineLives) }
            }
        } ?? []
        sequentialTuning = request.sequentialTuning
        window = nil
    }

    /// One metric's arms (baseline first) and its comparisons, before Holm.
    private static func metricAnalysis(_ metric: ExperimentMetricData, arms: [String], sequence: ConfidenceSequence?,
                                       cuped: Bool) -> ExperimentMetricAnalysis {
        let covariateKind = metric.arms.values.first?.covariate?.kind
        let empty = ExperimentArmStatistics(
            kind: metric.kind, count: 0, sum: 0, sumOfSquares: 0,
            covariate: covariateKind.map { .init(kind: $0, sum: 0, sumOfSquares: 0, sumOfProducts: 0) })
        let statistics = arms.map { metric.arms[$0] ?? empty }
        let baseline = statistics[0]
        let comparisons = zip(arms, statistics).dropFirst().map { name, treatment in
            let comparison = ExperimentComparison(baseline: baseline, treatment: treatment)
            return ExperimentComparisonResult(
                arm: name, baseline: arms[0],
                lifts: ExperimentLifts(comparison.unadjusted, confidence: confidence),
                adjustedP: nil,
                cuped: cuped ? comparison.cuped.map { ExperimentLifts($0.lift, confidence: confidence) } : nil,
                sequential: sequence.map {
                    ExperimentLifts(comparison.unadjusted, sequence: $0, totalUnits: comparison.totalUnits)
                },
                chanceToWin: comparison.unadjusted.relative.lift?.chanceToWin(),
                isGuardrail: metric.role == .guardrail, higherIsBetter: metric.higherIsBetter)
        }
        return ExperimentMetricAnalysis(
            metric: metric.name, kind: metric.kind, role: metric.role,
            arms: zip(arms, statistics).map { .init(name: $0, summary: $1.summary) },
            comparisons: comparisons, lacksCovariate: cuped && baseline.covariate == nil)
    }

    /// The intended share of each of `arms`, in order: equal without `given`.
    private static func weights(_ given: [String: Double]?, arms: [String]) throws(ReportError) -> [Double] {
        guard let given else { return arms.map { _ in 1 } }
        if let problem = ExperimentAnalysisRequest.problem(weights: given) {
            throw ReportError(.usage, problem)
        }
        let unnamed = arms.filter { given[$0] == nil }
        let absent = given.keys.filter { !arms.contains($0) }.sorted()
        guard unnamed.isEmpty, absent.isEmpty else {
            let parts = (unnamed.isEmpty ? [] : ["it does not name " + unnamed.joined(separator: ", ")])
                + (absent.isEmpty ? [] : ["the data has no units in " + absent.joined(separator: ", ")])
            throw ReportError(.data, "--weights must name exactly the arms of the data (\(arms.joined(separator: ", "))): "
                + parts.joined(separator: "; "))
        }
        return arms.map { given[$0] ?? 0 }
    }
}
