import CXStats

extension ExperimentAnalysis {
    /// One line per arm (`row` = `arm`: n, mean, sd) and one per comparison (`row` =
    /// `comparison`), numbers unrounded; every line repeats the experiment, its SRM check and
    /// the metric with its role. Each read — fixed-horizon, `cuped_` and `sequential_` — has, per scale, the
    /// estimate, the CI bounds and the reason it is unavailable, then its p. Absent values are
    /// empty cells; the comparison's verdict ends the line.
    public var csv: String {
        var header = ["experiment", "srm_chi2", "srm_p_value", "srm_ok", "metric", "kind", "role", "row", "arm", "baseline",
                      "n", "mean", "sd"]
        header += Self.columns("") + ["p_adjusted", "significant"]
        header += Self.columns("cuped_") + Self.columns("sequential_") + ["chance_to_win", "verdict"]
        var lines = [CSVText.line(header)]
        let srm = [CSVText.number(sampleRatio.check.chiSquared), CSVText.number(sampleRatio.check.pValue),
                   "\(sampleRatio.isOK)"]
        for metric in metrics {
            let prefix = [experiment] + srm + [metric.metric, metric.kind.rawValue, metric.role.rawValue]
            for arm in metric.arms {
                let summary = arm.summary
                let cells = prefix + ["arm", arm.name, "", CSVText.count(summary.count), CSVText.number(summary.mean),
                                      CSVText.number(summary.standardDeviation)]
                lines.append(CSVText.line(cells + Array(repeating: "", count: header.count - cells.count)))
            }
            for comparison in metric.comparisons {
                var cells: [String] = prefix + ["comparison", comparison.arm, comparison.baseline, "", "", ""]
                cells += Self.cells(comparison.lifts)
                cells += [CSVText.number(comparison.adjustedP), "\(comparison.isSignificant)"]
                cells += Self.cells(comparison.cuped) + Self.cells(comparison.sequential)
                cells += [CSVText.number(comparison.chanceToWin), comparison.verdict?.rawValue ?? ""]
                lines.append(CSVText.line(cells))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The columns of one read: per scale estimate, CI bounds and reason, then the p.
    private static func columns(_ prefix: String) -> [String] {
        let scales = ["absolute", "relative"].map { prefix + $0 }
        return scales.flatMap { scale -> [String] in [scale, scale + "_ci95_lower", scale + "_ci95_upper", scale + "_reason"] }
            + [prefix + "p_value"]
    }

    /// The cells of ``columns(_:)`` for `lifts`, all empty when the read is absent.
    private static func cells(_ lifts: ExperimentLifts?) -> [String] {
        let scales: [ExperimentLift?] = [lifts?.absolute, lifts?.relative]
        return scales.flatMap { lift -> [String] in
            [CSVText.number(lift?.estimate), CSVText.number(lift?.ci95?.lower), CSVText.number(lift?.ci95?.upper),
             lift?.reason?.code ?? ""]
        } + [CSVText.number(lifts?.pValue)]
    }
}
