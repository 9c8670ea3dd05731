/// One immutable version of the NBX policy (DESIGN.md §7): its weights, the label every
/// decision it makes is logged with, and the version of the effect model whose estimates ŝ
/// it scores with (`nil`: the catalog's priors only).
public struct PolicyVersion: Sendable, Hashable, Codable {
    /// The label logged with each decision (`policy_version`).
    public var version: String
    /// The effect model the weights were tuned on; the engine refuses estimates of another.
    public var modelVersion: String?
    public var weights: PolicyWeights

    public init(version: String, modelVersion: String? = nil, weights: PolicyWeights) {
        self.version = version
        self.modelVersion = modelVersion
        self.weights = weights
    }

    enum CodingKeys: String, CodingKey {
        case version, weights
        case modelVersion = "model_version"
    }

    /// Every rule a version must satisfy, as issues naming the field: a valid `version`, a
    /// `model_version` of 1–200 characters when given, and valid `weights.…`.
    public var issues: [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if !SurveyDefinition.isValidIdentifier(version) {
            issues.append(ValidationIssue(index: nil, field: "version",
                                          message: "must be 1–64 letters, digits, '_' or '-' starting with a letter or digit"))
        }
        if let modelVersion, modelVersion.isEmpty || modelVersion.count > 200 {
            issues.append(ValidationIssue(index: nil, field: "model_version", message: "must be 1–200 characters"))
        }
        return issues + weights.issues.map { ValidationIssue(index: nil, field: "weights.\($0.field)", message: $0.message) }
    }

    /// Validates a JSON policy version completely and returns it, or every problem found, each
    /// naming its field: `{"version":"v3","model_version":"effects-2026-11","weights":{…}}`
    /// with weights as in ``PolicyWeights/parse(_:)``; `version` and `weights` are required.
    public static func parse(_ json: JSONValue) -> Result<PolicyVersion, ValidationFailure> {
        ObjectReader.document(json, allowed: ["version", "model_version", "weights"]).flatMap { document in
            var reader = document
            let version = reader.string("version", required: true, maxLength: 64) ?? ""
            let modelVersion = reader.string("model_version", required: false)
            var weights: PolicyWeights?
            switch reader.members["weights"].map({ PolicyWeights.parse($0) }) {
            case .success(let parsed)?: weights = parsed
            case .failure(let failure)?:
                for issue in failure.issues { reader.fail(issue.field.isEmpty ? "weights" : "weights.\(issue.field)", issue.message) }
            case nil: reader.fail("weights", "is required")
            }
            let policy = PolicyVersion(version: version, modelVersion: modelVersion,
                                       weights: weights ?? PolicyWeights(theta: [.value: 1], inverseTemperature: 0, exploration: 0))
            return reader.result(policy, rules: policy.issues)
        }
    }
}
