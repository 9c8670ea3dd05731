import CXCore
import CXStats

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
    public var json: JSONValue {
        .object([
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
        ])
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
