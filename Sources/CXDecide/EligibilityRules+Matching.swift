import CXCore

extension EligibilityRules {
    /// The first rule the unit fails, in the order segment, lifecycle, attributes and context
    /// conditions (by name), days since the last contact; `nil` when the unit is eligible.
    func firstViolation(by profile: CustomerProfile, context: [String: JSONValue]) -> Rule? {
        if !segments.isEmpty, !segments.contains(profile.segment) { return .segment }
        if !lifecycle.isEmpty, !(profile.lifecycle.map(lifecycle.contains) ?? false) { return .lifecycle }
        if let name = Self.firstUnmet(attributes, in: profile.attributes) { return .attribute(name) }
        if let name = Self.firstUnmet(self.context, in: context) { return .context(name) }
        if let minDaysSinceContact, let days = profile.daysSinceLastContact, days < minDaysSinceContact { return .minDaysSinceContact }
        return nil
    }

    /// The first condition (by name) whose accepted values do not include the given value.
    private static func firstUnmet(_ conditions: [String: [JSONValue]], in values: [String: JSONValue]) -> String? {
        conditions.keys.sorted().first { name in !(values[name].map(conditions[name]!.contains) ?? false) }
    }
}
