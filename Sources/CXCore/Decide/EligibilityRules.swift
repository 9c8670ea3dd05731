/// Who an action may be offered to: every rule must hold (DESIGN.md §7, issue 6).
///
/// Segment and lifecycle lists are "any of", an empty list meaning any; attribute and context
/// conditions are "any of" their listed values (`{"plan":"gold"}` is `["gold"]`), compared as
/// JSON values (the string `"1"` is not the number `1`); an attribute the profile lacks fails.
/// `minDaysSinceContact` asks that the last contact on any channel is at least that many
/// days ago (a unit never contacted passes).
public struct EligibilityRules: Sendable, Hashable, Codable {
    /// One rule of the set, named in the decision log when it fails.
    public enum Rule: Sendable, Hashable, CustomStringConvertible {
        case segment
        case lifecycle
        case attribute(String)
        case context(String)
        case minDaysSinceContact

        /// `segment`, `lifecycle`, `attribute.plan`, `context.trigger`, `min_days_since_contact`.
        public var description: String {
            switch self {
            case .segment: "segment"
            case .lifecycle: "lifecycle"
            case .attribute(let name): "attribute.\(name)"
            case .context(let name): "context.\(name)"
            case .minDaysSinceContact: "min_days_since_contact"
            }
        }
    }

    /// Attribute names that are rules of their own and so cannot be attribute conditions.
    public static let reservedAttributes: Set<String> = ["segment", "lifecycle"]

    public var segments: [String]
    public var lifecycle: [String]
    public var attributes: [String: [JSONValue]]
    public var context: [String: [JSONValue]]
    public var minDaysSinceContact: Double?

    /// No rules: everyone is eligible.
    public init(segments: [String] = [], lifecycle: [String] = [], attributes: [String: [JSONValue]] = [:],
                context: [String: [JSONValue]] = [:], minDaysSinceContact: Double? = nil) {
        self.segments = segments
        self.lifecycle = lifecycle
        self.attributes = attributes
        self.context = context
        self.minDaysSinceContact = minDaysSinceContact
    }

    enum CodingKeys: String, CodingKey {
        case segments, lifecycle, attributes, context
        case minDaysSinceContact = "min_days_since_contact"
    }

    /// Problems with the rules, fields relative to the rules object: duplicate list
    /// entries, conditions that can never hold (no values, a null, a non-finite number) or that
    /// would contradict the dedicated lists (an attribute named `segment` or `lifecycle`), and a
    /// negative or non-finite `min_days_since_contact`.
    public var issues: [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func fail(_ field: String, _ message: String) {
            issues.append(ValidationIssue(index: nil, field: field, message: message))
        }
        for (field, list) in [("segments", segments), ("lifecycle", lifecycle)] {
            for position in list.repeatedPositions { fail("\(field)[\(position)]", "duplicate '\(list[position])'") }
        }
        for (field, conditions) in [("attributes", attributes), ("context", context)] {
            for (name, values) in conditions.sorted(by: { $0.key < $1.key }) {
                let path = "\(field).\(name)"
                if name.isEmpty || name.count > 64 {
                    fail(path, "names must be 1–64 characters")
                } else if field == "attributes", Self.reservedAttributes.contains(name) {
                    fail(path, "the \(name) is a rule of its own; use eligibility.\(name == "segment" ? "segments" : name)")
                }
                if values.isEmpty { fail(path, "an empty list of values can never match") }
                for value in values where !Self.isComparable(value) {
                    fail(path, "values must be strings of at most 200 characters, finite numbers or booleans, got \(value.typeName)")
                }
            }
        }
        if let minDaysSinceContact, !(minDaysSinceContact.isFinite && minDaysSinceContact >= 0) {
            fail("min_days_since_contact", "must be a finite number of days ≥ 0")
        }
        return issues
    }

    private static func isComparable(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let string): string.count <= 200
        case .number(let number): number.isFinite
        case .bool: true
        case .null, .array, .object: false
        }
    }
}
