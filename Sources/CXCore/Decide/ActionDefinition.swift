/// One action of the NBX catalog (`PUT /v1/actions/{key}`, DESIGN.md §7): what it is, the
/// channels it can go out on with the unit cost of one contact on each, who is eligible, and
/// its prior uplift per objective — the ŝⱼ the engine scores with until the effect model has
/// an estimate.
///
/// Doing nothing is the built-in action ``none``: it is never stored, always a candidate and
/// scored 0 on every objective, since uplifts are measured against it.
public struct ActionDefinition: Sendable, Hashable, Codable {
    /// The key of the built-in "do nothing" action, refused for catalog actions.
    public static let noneKey = "none"

    /// The built-in action "do nothing": no channel, always eligible, uplift 0 everywhere.
    public static let none = ActionDefinition(key: noneKey, kind: .other, channelCosts: [:])

    public var key: String
    public var kind: ActionKind
    /// The channels the action can use and the unit cost of one contact on each (currency of
    /// the cost objective, ≥ 0).
    public var channelCosts: [Channel: Double]
    public var eligibility: EligibilityRules
    /// ŝⱼ per objective until the effect model has an estimate (see ``Objective`` for signs).
    public var priors: [Objective: Double]

    public init(key: String, kind: ActionKind, channelCosts: [Channel: Double], eligibility: EligibilityRules = EligibilityRules(),
                priors: [Objective: Double] = [:]) {
        self.key = key
        self.kind = kind
        self.channelCosts = channelCosts
        self.eligibility = eligibility
        self.priors = priors
    }

    enum CodingKeys: String, CodingKey {
        case key, kind, eligibility, priors
        case channelCosts = "channels"
    }

    /// Whether this is the built-in ``none``.
    public var isNone: Bool { key == Self.noneKey }

    /// The action's channels in ``Channel`` order.
    public var channels: [Channel] { channelCosts.keys.sorted() }

    /// Every rule a catalog action must satisfy, as issues naming the field: a valid key other
    /// than `none`, at least one channel, finite costs ≥ 0, valid eligibility rules (see
    /// ``EligibilityRules/issues``) and finite priors on objectives with valid names.
    public var issues: [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func fail(_ field: String, _ message: String) {
            issues.append(ValidationIssue(index: nil, field: field, message: message))
        }
        if isNone {
            fail("key", "'none' is the built-in \"do nothing\" action and cannot be defined")
        } else if !SurveyDefinition.isValidIdentifier(key) {
            fail("key", "must be 1–64 letters, digits, '_' or '-' starting with a letter or digit")
        }
        if channelCosts.isEmpty { fail("channels", "must offer at least one channel (\(Channel.names))") }
        for (channel, cost) in channelCosts.sorted(by: { $0.key < $1.key }) where !(cost.isFinite && cost >= 0) {
            fail("channels.\(channel.rawValue)", "must be a finite unit cost ≥ 0, got \(cost)")
        }
        for issue in eligibility.issues { fail("eligibility.\(issue.field)", issue.message) }
        issues += priors.objectiveIssues(field: "priors")
        return issues
    }
}
