import CXCore
import CXStats
import Foundation

extension ExperimentAnalysis {
    /// The analysis as DESIGN.md §8's JSON, numbers unrounded:
    /// `{"experiment","srm":{"chi2","p_value","ok"},"metrics":[{"metric","kind","arms":[{"arm","n",
    /// "mean","sd"}],"comparisons":[{"arm","baseline","absolute":{"estimate","ci95"},"relative":{…},
    /// "p_value","p_adjusted","significant","cuped","sequential","chance_to_win"}]}]}`.
    ///
    /// - `cuped` is null unless asked for with pre-period values, else `{"absolute","relative","p_value"}`.
    /// - `sequential` is null unless asked for, else the confidence sequences in the same shape
    ///   plus `"tuning"` (N*); its `p_value` is the always-valid p of the absolute difference.
    /// - A lift the engine cannot estimate has `estimate` and `ci95` null and a `"reason"`:
    ///   `too_few_units`, `zero_baseline_mean` (relative only) or `zero_variance`; an estimated
    ///   lift has no `reason` key. `p_value`, `p_adjusted` and `chance_to_win` are then null and
    ///   `significant` false.
    /// - Every metric has its `"role"` (primary, secondary — both in the Holm family — or
    ///   guardrail) and every comparison its `"verdict"`: win, loss, inconclusive, or for a
    ///   guardrail "guardrail held"/"guardrail breached" (null without a p).
    /// - A stored experiment's analysis adds `"as_of"`, `"window_days"`, `"horizon_days"` and
    ///   `"survival"`: per arm against the baseline, `{"arm","baseline","n","baseline_n","churned",
    ///   "expected","chi2","p_value"}` of the log-rank test (empty unless retention is analysed).
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "experiment": .string(experiment),
            "srm": .object([
                "chi2": .number(sampleRatio.check.chiSquared),
                "p_value": .number(sampleRatio.check.pValue),
                "ok": .bool(sampleRatio.isOK),
            ]),
            "metrics": .array(metrics.map { metric in
                .object([
                    "metric": .string(metric.metric),
                    "kind": .string(metric.kind.rawValue),
                    "role": .string(metric.role.rawValue),
                    "arms": .array(metric.arms.map { arm in
                        .object([
                            "arm": .string(arm.name),
                            "n": .count(arm.summary.count),
                            "mean": .number(arm.summary.mean),
                            "sd": .number(arm.summary.standardDeviation),
                        ])
                    }),
                    "comparisons": .array(metric.comparisons.map { json($0) }),
                ])
            }),
        ]
        if let window {
            members["as_of"] = .string(window.asOfText)
            members["window_days"] = .count(window.windowDays)
            members["horizon_days"] = .count(window.horizonDays)
            members["survival"] = .array(survival.map { comparison in
                .object([
                    "arm": .string(comparison.arm), "baseline": .string(comparison.baseline),
                    "n": .count(comparison.units), "baseline_n": .count(comparison.baselineUnits),
                    "churned": .number(comparison.observed), "expected": .number(comparison.expected),
                    "chi2": .number(comparison.test.statistic), "p_value": .number(comparison.test.pValue),
                ])
            })
        }
        return .object(members)
    }

    private func json(_ comparison: ExperimentComparisonResult) -> JSONValue {
        var members = comparison.lifts.jsonMembers
        members["arm"] = .string(comparison.arm)
        members["baseline"] = .string(comparison.baseline)
        members["p_adjusted"] = .number(comparison.adjustedP)
        members["significant"] = .bool(comparison.isSignificant)
        members["cuped"] = comparison.cuped.map { .object($0.jsonMembers) } ?? .null
        members["sequential"] = comparison.sequential.map { sequential in
            var members = sequential.jsonMembers
            members["tuning"] = .number(sequentialTuning)
            return .object(members)
        } ?? .null
        members["chance_to_win"] = .number(comparison.chanceToWin)
        members["verdict"] = comparison.verdict.map { .string($0.rawValue) } ?? .null
        return .object(members)
    }
}

extension ExperimentLifts {
    /// `"absolute"`, `"relative"` and `"p_value"`.
    var jsonMembers: [String: JSONValue] {
        ["absolute": absolute.json, "relative": relative.json, "p_value": .number(pValue)]
    }
}

extension ExperimentLift {
    /// `{"estimate","ci95"}`, plus `"reason"` when unavailable.
    var json: JSONValue {
        var members: [String: JSONValue] = ["estimate": .number(estimate), "ci95": .interval(ci95)]
        if let reason { members["reason"] = .string(reason.code) }
        return .object(members)
    }
}
