/// Context suppression as data (issue 6): after a recent event of a type — a complaint, a
/// failed delivery, a long service wait — actions of some kinds, on some channels, are not
/// offered for a while.
///
/// `{"name":"no-promo-after-complaint","kinds":["offer"],"after_event":"complaint","within_days":14}`
/// suppresses offers on every channel for 14 days after a complaint;
/// `{"name":"calm-after-wait","after_event":"service_wait","min_value":20,"within_days":2}`
/// suppresses every action for 2 days after a service wait of at least 20 (minutes, say).
/// A rule fires when the unit has an event of type `after_event` at most `within_days` days ago
/// (inclusive) whose value is ≥ `min_value` when one is set (an event without a value then does
/// not count). The built-in ``ActionDefinition/none`` is never suppressed.
public struct SuppressionRule: Sendable, Hashable, Codable {
    /// The rule's name, logged as the reason a candidate was suppressed.
    public var name: String
    /// The kinds of action suppressed; empty means every kind.
    public var kinds: [ActionKind]
    /// The channels suppressed; empty means every channel.
    public var channels: [Channel]
    /// The outcome type that triggers the rule (`complaint`, `delivery_failed`, `service_wait`).
    public var afterEvent: String
    /// How long after the event the rule holds, in days (> 0).
    public var withinDays: Double
    /// The least event value that triggers the rule, if any (e.g. a wait in minutes).
    public var minValue: Double?

    public init(name: String, kinds: [ActionKind] = [], channels: [Channel] = [], afterEvent: String, withinDays: Double,
                minValue: Double? = nil) {
        self.name = name
        self.kinds = kinds
        self.channels = channels
        self.afterEvent = afterEvent
        self.withinDays = withinDays
        self.minValue = minValue
    }

    enum CodingKeys: String, CodingKey {
        case name, kinds, channels
        case afterEvent = "after_event"
        case withinDays = "within_days"
        case minValue = "min_value"
    }

    /// Whether the rule covers actions of `kind` on `channel` (the event aside).
    public func covers(kind: ActionKind, channel: Channel) -> Bool {
        (kinds.isEmpty || kinds.contains(kind)) && (channels.isEmpty || channels.contains(channel))
    }

    /// Every rule a suppression rule must satisfy, as issues naming the field: a valid name, no
    /// duplicate kinds or channels, an outcome type as `after_event`, a finite `within_days` > 0
    /// and a finite `min_value`.
    public var issues: [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func fail(_ field: String, _ message: String) {
            issues.append(ValidationIssue(index: nil, field: field, message: message))
        }
        if !SurveyDefinition.isValidIdentifier(name) {
            fail("name", "must be 1–64 letters, digits, '_' or '-' starting with a letter or digit")
        }
        for position in kinds.repeatedPositions { fail("kinds[\(position)]", "duplicate kind '\(kinds[position].rawValue)'") }
        for position in channels.repeatedPositions { fail("channels[\(position)]", "duplicate channel '\(channels[position].rawValue)'") }
        if !OutcomeValidator.isValidType(afterEvent) || afterEvent.count > 64 {
            fail("after_event", "must be an outcome type: a lowercase identifier (a–z, 0–9, _) such as complaint or delivery_failed")
        }
        if !(withinDays.isFinite && withinDays > 0) { fail("within_days", "must be a finite number of days > 0") }
        if let minValue, !minValue.isFinite { fail("min_value", "must be a finite number") }
        return issues
    }
}
