extension ActionDefinition {
    /// The keys of an action body.
    public static let bodyKeys: Set<String> = ["kind", "channels", "eligibility", "priors"]

    /// Validates the JSON body of `PUT /v1/actions/{key}` completely and returns the action, or
    /// every problem found, each naming its field:
    /// `{"kind":"offer","channels":{"sms":0.05,"email":0.01},
    ///   "eligibility":{"segments":["smb"],"lifecycle":["active"],"attributes":{"plan":"gold"},
    ///                  "context":{"trigger":["cart","browse"]},"min_days_since_contact":7},
    ///   "priors":{"value":4.0,"satisfaction":0.02}}` — `kind` and `channels` are required.
    /// A condition's value is one value or a list of accepted values.
    public static func parse(key: String, _ json: JSONValue) -> Result<ActionDefinition, ValidationFailure> {
        ObjectReader.document(json, allowed: bodyKeys).flatMap { document in
            var reader = document
            let kind: ActionKind? = reader.choice("kind", required: true)
            var channelCosts: [Channel: Double] = [:]
            if reader.members["channels"] == nil {
                reader.fail("channels", "is required: an object of channel → unit cost, e.g. {\"sms\":0.05}")
            }
            for (name, cost) in reader.numbers("channels") ?? [] {
                guard let channel = Channel(rawValue: name) else {
                    reader.fail("channels.\(name)", "unknown channel; channels are \(Channel.names)")
                    continue
                }
                channelCosts[channel] = cost
            }
            let eligibility = reader.nested("eligibility", allowed: ["segments", "lifecycle", "attributes", "context", "min_days_since_contact"]) {
                EligibilityRules(segments: $0.strings("segments") ?? [], lifecycle: $0.strings("lifecycle") ?? [],
                                 attributes: $0.conditions("attributes"), context: $0.conditions("context"),
                                 minDaysSinceContact: $0.number("min_days_since_contact"))
            } ?? EligibilityRules()
            let priors = reader.objectiveNumbers("priors")
            let action = ActionDefinition(key: key, kind: kind ?? .other, channelCosts: channelCosts, eligibility: eligibility, priors: priors)
            return reader.result(action, rules: action.issues)
        }
    }
}

extension ObjectReader {
    /// Per-objective numbers (`{"value":4.0}`); empty when absent.
    mutating func objectiveNumbers(_ key: String) -> [Objective: Double] {
        Dictionary(uniqueKeysWithValues: (numbers(key) ?? []).map { (Objective($0.name), $0.value) })
    }

    /// Conditions `{"plan":"gold","tier":[1,2]}`: each a value or a list of accepted values.
    fileprivate mutating func conditions(_ key: String) -> [String: [JSONValue]] {
        nested(key, allowed: nil) { reader in
            reader.members.mapValues { value in
                if case .array(let values) = value { return values }
                return [value]
            }
        } ?? [:]
    }
}
