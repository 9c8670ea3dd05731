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
    /// or none with pre-period sums of one kind): the SRM check against the intended weights,
    /// then each non-baseline arm against the baseline — fixed-horizon lifts, Holm across those
    /// comparisons, chance to win and, when asked, CUPED and the confidence sequences.
    /// - Throws: `ReportError` `.data` for fewer than two arms, a baseline that is not an arm, or
    ///   weights that do not name exactly the arms; `.usage` for weights or a tuning that no data
    ///   could satisfy.
    public init(arms: [(name: String, statistics: ExperimentArmStatistics)],
                request: ExperimentAnalysisRequest) throws(ReportError) {
        precondition(arms.allSatisfy { $0.statistics.kind == request.kind }, "every arm must be of the request's kind")
        let names = arms.map(\.name)
        guard arms.count >= 2 else {
            throw ReportError(.data, (names.first.map { "only one arm ('\($0)')" } ?? "no arms")
                + " in the data; comparing needs at least two")
        }
        guard let baseline = arms.first(where: { $0.name == request.control }) else {
            throw ReportError(.data, "the baseline '\(request.control)' is not an arm of the data (arms: "
                + names.joined(separator: ", ") + "); name it with --control")
        }
        if let tuning = request.sequentialTuning, !(tuning.isFinite && tuning > 0) {
            throw ReportError(.usage, "the sequential tuning N* must be a positive number of units, not \(tuning)")
        }
        let treatments = arms.filter { $0.name != request.control }
        let ordered = [baseline] + treatments
        let weights = try Self.weights(request.weights, arms: ordered.map(\.name))

        let sequence = request.sequentialTuning.map { ConfidenceSequence(tuningUnits: $0, confidence: Self.confidence) }
        var comparisons = treatments.map { treatment in
            let comparison = ExperimentComparison(baseline: baseline.statistics, treatment: treatment.statistics)
            return ExperimentComparisonResult(
                arm: treatment.name, baseline: baseline.name,
                lifts: ExperimentLifts(comparison.unadjusted, confidence: Self.confidence),
                adjustedP: nil,
                cuped: request.cuped ? comparison.cuped.map { ExperimentLifts($0.lift, confidence: Self.confidence) } : nil,
                sequential: sequence.map {
                    ExperimentLifts(comparison.unadjusted, sequence: $0, totalUnits: comparison.totalUnits)
                },
                chanceToWin: comparison.unadjusted.relative.lift?.chanceToWin())
        }
        let adjusted = MultipleTesting.holm(comparisons.map { $0.lifts.pValue ?? .nan })
        for index in comparisons.indices where !adjusted[index].isNaN {
            comparisons[index].adjustedP = adjusted[index]
        }

        experiment = request.experiment
        sampleRatio = ExperimentSampleRatio(
            weights: weights, check: SampleRatioMismatch(counts: ordered.map(\.statistics.count), weights: weights))
        metrics = [ExperimentMetricAnalysis(
            metric: request.metric, kind: request.kind,
            arms: ordered.map { .init(name: $0.name, summary: $0.statistics.summary) },
            comparisons: comparisons,
            lacksCovariate: request.cuped && baseline.statistics.covariate == nil)]
        sequentialTuning = request.sequentialTuning
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
