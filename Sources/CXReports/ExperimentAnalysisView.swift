import CXCore
import CXStats
import Foundation

/// The experiment analysis prepared for `dashboards-text/experiment.mustache`: every number
/// rounded and padded to its column (the table fits 80 columns), so the template only arranges
/// lines (see ``WeeklyReportView``). Rendered through `Mirror`, hence plain stored properties.
struct ExperimentAnalysisView {
    /// Column widths of the table.
    enum Width {
        static let arm = 12, n = 7, value = 9, lift = 24, p = 6, label = 14
    }

    /// One arm of the table; the baseline has no comparison cells.
    struct Row {
        var arm: String
        var n: String
        var value: String
        var lift: String
        var p: String
        var verdict: String
        var isBaseline: Bool
    }

    /// One line of the CUPED, sequential and chance-to-win blocks; the label only on a block's first line.
    struct ReadLine {
        var label: String
        var arm: String
        var detail: String
    }

    /// One metric: its table, why cells are empty, and the extra reads.
    struct Section {
        var title: String
        var header: String
        var rows: [Row]
        var notes: [String]
        var reads: [ReadLine]
        var hasReads: Bool
    }

    var srmOK: Bool
    var srmAlarm: String
    var srmP: String
    var srmChi2: String
    var srmThreshold: String
    var split: String
    var sections: [Section]
    var family: String
    var hasCuped: Bool
    var hasSequential: Bool
    var tuning: String
    /// One line per arm's log-rank comparison with the baseline.
    var survival: [String]
    var hasSurvival: Bool
    var hasGuardrails: Bool
    /// The as-of time and windows of a stored experiment; empty for a file.
    var window: String
    /// `metric  definition` lines of the stored experiment's metrics.
    var definitions: [String]

    init(_ analysis: ExperimentAnalysis, style: TextStyle) {
        let srm = analysis.sampleRatio
        srmOK = srm.isOK
        srmAlarm = style.red("⚠ sample ratio mismatch")
        srmP = NumberText.smallP(srm.check.pValue)
        srmChi2 = NumberText.fixed(srm.check.chiSquared, 2)
        srmThreshold = "\(SampleRatioMismatch.defaultThreshold)"
        let totalWeight = srm.weights.reduce(0, +)
        split = srm.weights.map { NumberText.share($0, of: totalWeight) }.joined(separator: "/")
        sections = analysis.metrics.map { metric in
            let cells = MetricCells(metric)
            let reads = cells.reads()
            return Section(
                title: "\(analysis.experiment) · \(metric.metric) (\(metric.kind.rawValue)"
                    + (analysis.window == nil ? "" : ", \(metric.role.rawValue)") + ") · vs " + (metric.arms.first?.name ?? ""),
                header: [NumberText.left("arm", Width.arm), NumberText.right("n", Width.n),
                         NumberText.right("value", Width.value)].joined(separator: " ")
                    + "  " + NumberText.left("lift [95% CI]", Width.lift) + " "
                    + NumberText.right(metric.role == .guardrail ? "p" : "p adj", Width.p)
                    + "  verdict",
                rows: cells.rows(style: style), notes: cells.notes(), reads: reads, hasReads: !reads.isEmpty)
        }
        let comparisons = analysis.metrics.flatMap(\.comparisons)
        let familySize = comparisons.filter { !$0.isGuardrail }.count
        family = "\(familySize) comparison\(familySize == 1 ? "" : "s")"
        hasCuped = comparisons.contains { $0.cuped != nil }
        hasSequential = analysis.sequentialTuning != nil
        tuning = analysis.sequentialTuning.map { NumberText.fixed($0, 0) } ?? ""
        survival = analysis.survival.map { comparison in
            NumberText.left(comparison.arm, Width.arm) + " churned " + NumberText.fixed(comparison.observed, 0)
                + " of \(comparison.units), expected " + NumberText.fixed(comparison.expected, 1)
                + (comparison.test.pValue.isNaN ? "; no churn to compare"
                    : " · log-rank χ² " + NumberText.fixed(comparison.test.statistic, 2) + " p " + NumberText.p(comparison.test.pValue))
        }
        hasSurvival = !survival.isEmpty
        hasGuardrails = analysis.metrics.contains { $0.role == .guardrail }
        window = analysis.window.map { window in
            "as of \(window.asOfText) · window \(window.windowDays) days · retention at \(window.horizonDays) days"
        } ?? ""
        definitions = analysis.window == nil ? [] : analysis.metrics.compactMap { metric in
            ExperimentMetric(rawValue: metric.metric).map { NumberText.left($0.rawValue, Width.label) + " " + $0.definition }
        }
    }
}

/// The cells of one metric's section.
private struct MetricCells {
    typealias Width = ExperimentAnalysisView.Width

    let metric: ExperimentMetricAnalysis
    let arms: [String: ExperimentMetricAnalysis.Arm]
    /// Decimals of the means (about four significant digits of the largest).
    let decimals: Int

    init(_ metric: ExperimentMetricAnalysis) {
        self.metric = metric
        arms = Dictionary(metric.arms.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        decimals = NumberText.meanDecimals(metric.arms.map { abs($0.summary.mean) }.filter(\.isFinite).max() ?? 0)
    }

    /// The baseline's row, then one per comparison.
    func rows(style: TextStyle) -> [ExperimentAnalysisView.Row] {
        let baseline = metric.arms.prefix(1).map { arm in
            ExperimentAnalysisView.Row(arm: NumberText.left(arm.name, Width.arm), n: count(arm), value: value(arm),
                                       lift: "", p: "", verdict: "", isBaseline: true)
        }
        return baseline + metric.comparisons.map { comparison in
            let arm = arms[comparison.arm]
            return ExperimentAnalysisView.Row(
                arm: NumberText.left(comparison.arm, Width.arm), n: count(arm), value: value(arm),
                lift: NumberText.leftUntruncated(Self.relativeText(comparison.lifts.relative) ?? "—", Width.lift),
                p: NumberText.right((comparison.isGuardrail ? comparison.lifts.pValue : comparison.adjustedP).map(NumberText.p)
                    ?? "—", Width.p),
                verdict: comparison.verdict.map { verdict in
                    switch verdict {  // the section's title says which metrics are guardrails
                    case .win: style.green(verdict.rawValue)
                    case .loss: style.red(verdict.rawValue)
                    case .breached: style.red("breached")
                    case .held: "held"
                    case .inconclusive: verdict.rawValue
                    }
                } ?? "—",
                isBaseline: false)
        }
    }

    /// Why a comparison's lift is missing (with the difference when only the relative lift is),
    /// and a CUPED that could not be done.
    func notes() -> [String] {
        var notes = metric.comparisons.compactMap { comparison -> String? in
            let absolute = comparison.lifts.absolute
            guard let missing = explanation(comparison.lifts.relative, comparison) else { return nil }
            let difference = absolute.estimate.flatMap { estimate in
                absolute.ci95.map { "; difference " + NumberText.lift(estimate, $0) { NumberText.signed($0, decimals: decimals) } }
            }
            return "\(comparison.arm): \(missing.what): \(missing.cause)" + (difference ?? "")
        }
        if metric.lacksCovariate {
            notes.append("CUPED: not available, the data has no pre-period value (pre_value)")
        }
        return notes
    }

    /// The CUPED, sequential and chance-to-win lines of the comparisons that have them.
    func reads() -> [ExperimentAnalysisView.ReadLine] {
        func block(_ label: String, _ detail: (ExperimentComparisonResult) -> String?) -> [ExperimentAnalysisView.ReadLine] {
            metric.comparisons.enumerated().compactMap { position, comparison in
                detail(comparison).map {
                    ExperimentAnalysisView.ReadLine(label: NumberText.left(position == 0 ? label : "", Width.label),
                                                    arm: NumberText.left(comparison.arm, Width.arm), detail: $0)
                }
            }
        }
        func read(_ lifts: ExperimentLifts?, _ comparison: ExperimentComparisonResult) -> String? {
            guard let lifts else { return nil }
            if let missing = explanation(lifts.relative, comparison) { return "\(missing.what): \(missing.cause)" }
            return NumberText.leftUntruncated(Self.relativeText(lifts.relative) ?? "", Width.lift)
                + " p " + (lifts.pValue.map(NumberText.p) ?? "—")
        }
        return block("CUPED") { read($0.cuped, $0) } + block("sequential") { read($0.sequential, $0) }
            + block("chance to win") { comparison in
                comparison.chanceToWin.map(NumberText.probability)
                    ?? explanation(comparison.lifts.relative, comparison).map { "not available: \($0.cause)" }
            }
    }

    private func count(_ arm: ExperimentMetricAnalysis.Arm?) -> String {
        NumberText.right(arm.map { "\($0.summary.count)" } ?? "", Width.n)
    }

    /// The arm's mean: a percentage for a proportion.
    private func value(_ arm: ExperimentMetricAnalysis.Arm?) -> String {
        guard let mean = arm?.summary.mean, mean.isFinite else { return NumberText.right("—", Width.value) }
        return NumberText.right(metric.kind == .proportion ? NumberText.percent(mean) : NumberText.fixed(mean, decimals),
                                Width.value)
    }

    /// `+7.9% [+2.5, +13.4]`, nil when unavailable.
    private static func relativeText(_ lift: ExperimentLift) -> String? {
        guard let estimate = lift.estimate, let interval = lift.ci95 else { return nil }
        return NumberText.relativeLift(estimate, interval)
    }

    /// Why `lift` is missing, in the arms' terms — what is missing (`no CI`) and the cause
    /// (`control has zero variance (all 1)`); nil when it is there.
    private func explanation(_ lift: ExperimentLift, _ comparison: ExperimentComparisonResult)
        -> (what: String, cause: String)? {
        guard let reason = lift.reason else { return nil }
        let pair = [arms[comparison.baseline], arms[comparison.arm]].compactMap { $0 }
        switch reason {
        case .tooFewUnits:
            let few = pair.filter { $0.summary.count < 2 }
            return ("no CI", (few.count == 2 ? "both arms have" : "\(few.first?.name ?? "an arm") has") + " fewer than 2 units")
        case .zeroVariance:
            let constant = pair.filter { $0.summary.variance == 0 }
            switch constant.count {
            case 2: return ("no CI", "both arms have zero variance")
            case 1: return ("no CI", "\(constant[0].name) has zero variance (all \(String(format: "%g", constant[0].summary.mean)))")
            default: return ("no CI", "zero variance after the CUPED adjustment")
            }
        case .zeroBaselineMean:
            return ("no relative lift", "\(comparison.baseline)'s mean is 0")
        }
    }
}
