import Foundation

extension ExperimentDefinition {
    /// Validates a JSON experiment (`POST /v1/experiments`) completely and returns it, or every
    /// problem found, each naming its field:
    /// `{"key":"offer-q4","arms":[{"name":"control","share":50},{"name":"treatment","share":50}],
    ///   "holdout":5,"salt":"…","unit":"customer","primary":"nps","guardrails":["csat"],
    ///   "start":"2026-11-02T00:00:00Z"}` — only `key` and `arms` are required.
    public static func parse(_ json: JSONValue, now: Date = Date()) -> Result<ExperimentDefinition, ValidationFailure> {
        guard case .object(let members) = json else {
            return .failure(ValidationFailure([ValidationIssue(index: nil, field: "", message: "must be a JSON object, got \(json.typeName)")]))
        }
        if let path = json.pathContainingNUL() {
            return .failure(ValidationFailure([ValidationIssue(index: nil, field: path, message: "must not contain NUL characters (\\u0000)")]))
        }
        var reader = ObjectReader(members: members, index: nil)
        reader.rejectUnknownKeys(allowed: ["key", "arms", "holdout", "salt", "unit", "primary", "guardrails", "start"])
        let key = reader.string("key", required: true, maxLength: 64)
        let salt = reader.string("salt", required: false)
        let primary = reader.string("primary", required: false, maxLength: 64)
        var unit = Unit.customer
        if let text = reader.string("unit", required: false, maxLength: 32) {
            if let parsed = Unit(rawValue: text) { unit = parsed } else { reader.fail("unit", "must be one of customer, employee") }
        }
        var holdout = 0.0
        switch members["holdout"] {
        case nil, .null?: break
        case .number(let value)?: holdout = value
        case let other?: reader.fail("holdout", "must be a number (percent), got \(other.typeName)")
        }
        var guardrails: [String] = []
        switch members["guardrails"] {
        case nil, .null?: break
        case .array(let items)? where items.allSatisfy({ $0.stringValue != nil }): guardrails = items.compactMap(\.stringValue)
        case let other?: reader.fail("guardrails", "must be an array of metric names, got \(other.typeName)")
        }
        let start = members["start"] == nil ? nil : reader.timestamp("start", now: now, maxFuture: .infinity)
        var arms: [Arm] = []
        switch members["arms"] {
        case .array(let items)?:
            for (index, item) in items.enumerated() {
                guard case .object(let arm) = item, let name = arm["name"]?.stringValue, let share = arm["share"]?.numberValue,
                      arm.count == 2
                else {
                    reader.fail("arms[\(index)]", #"must be {"name": string, "share": number}"#)
                    continue
                }
                arms.append(Arm(name: name, share: share))
            }
        case nil, .null?: reader.fail("arms", "is required")
        case let other?: reader.fail("arms", "must be an array of {name, share}, got \(other.typeName)")
        }
        guard reader.issues.isEmpty, let key else { return .failure(ValidationFailure(reader.issues)) }
        let definition = ExperimentDefinition(key: key, arms: arms, holdoutPercent: holdout, salt: salt, unit: unit,
                                              primaryMetric: primary, guardrails: guardrails, start: start)
        let issues = definition.issues
        return issues.isEmpty ? .success(definition) : .failure(ValidationFailure(issues))
    }
}

extension ExperimentDefinition {
    /// The definition as the body ``parse(_:now:)`` reads (`POST /v1/experiments`); the salt
    /// is left out when it is the key, its default.
    public var body: JSONValue {
        var members: [String: JSONValue] = [
            "key": .string(key), "holdout": .number(holdoutPercent), "unit": .string(unit.rawValue),
            "arms": .array(arms.map { .object(["name": .string($0.name), "share": .number($0.share)]) }),
            "guardrails": .array(guardrails.map(JSONValue.string)),
        ]
        if salt != key { members["salt"] = .string(salt) }
        if let primaryMetric { members["primary"] = .string(primaryMetric) }
        if let start { members["start"] = .string(Timestamp.format(start)) }
        return .object(members)
    }
}
