import CXCore
import CXDecide
import CXStats

extension TuningResult {
    /// The result as `cxloop weights tune --format json` prints it and a trial stores it:
    /// `{"drawn","survivors","refusals":{reason: n},"production":{…},"top":[{…}]}`, each candidate
    /// `{"number","theta","value","ci95","snips","ess","guardrails":[{"objective","value","change",
    /// "lower_bound","held"}],"refusal"}`.
    public var json: JSONValue {
        .object([
            "drawn": .number(Double(drawn)), "survivors": .number(Double(survivors)),
            "refusals": .object(refusals.mapValues { .number(Double($0)) }),
            "production": production.json, "top": .array(top.map(\.json)),
        ])
    }
}

extension TuningCandidate {
    /// One candidate's JSON (see ``TuningResult/json``).
    public var json: JSONValue {
        func finite(_ value: Double) -> JSONValue { value.isFinite ? .number(value) : .null }
        return .object([
            "number": .number(Double(number)),
            "theta": JSONValue.object(Dictionary(uniqueKeysWithValues: theta.map { ($0.key.name, finite($0.value)) })),
            "value": finite(value), "ci95": .array([finite(valueInterval.lower), finite(valueInterval.upper)]),
            "snips": finite(selfNormalizedValue), "ess": finite(effectiveSampleSize),
            "guardrails": .array(guardrails.map { guardrail in
                .object(["objective": .string(guardrail.objective.name), "value": finite(guardrail.value), "change": finite(guardrail.change),
                         "lower_bound": finite(guardrail.lowerBound), "held": .bool(guardrail.held)])
            }),
            "refusal": refusal.map(JSONValue.string) ?? .null,
        ])
    }
}
