import CXCore

/// What the engine knows about the unit it decides for, as loaded by the caller: its segment
/// and lifecycle stage, attributes, and the contacts and outcome events of the last
/// ``DecisionEngine/lookbackDays`` days with their ages.
///
/// A unit the caller knows nothing about gets ``init(unit:)``: the cold-start profile, in
/// segment `default`, with no attributes and no history.
public struct CustomerProfile: Sendable, Hashable {
    /// One contact made with the unit (an action sent on a channel), for caps and fatigue.
    public struct Contact: Sendable, Hashable {
        public var channel: Channel
        /// How long ago, in days (≥ 0).
        public var daysAgo: Double

        public init(channel: Channel, daysAgo: Double) {
            self.channel = channel
            self.daysAgo = daysAgo
        }
    }

    /// One outcome event of the unit (`complaint`, `delivery_failed`, `service_wait`…), for
    /// suppression rules.
    public struct Event: Sendable, Hashable {
        public var type: String
        /// How long ago, in days (≥ 0).
        public var daysAgo: Double
        /// The event's value, if it has one (e.g. a wait in minutes).
        public var value: Double?

        public init(type: String, daysAgo: Double, value: Double? = nil) {
            self.type = type
            self.daysAgo = daysAgo
            self.value = value
        }
    }

    /// The segment of a unit without one (cold start).
    public static let defaultSegment = "default"

    public var unit: String
    public var segment: String
    public var lifecycle: String?
    public var attributes: [String: JSONValue]
    public var contacts: [Contact]
    public var events: [Event]

    /// A profile; with only `unit`, the cold-start profile.
    public init(unit: String, segment: String = defaultSegment, lifecycle: String? = nil, attributes: [String: JSONValue] = [:],
                contacts: [Contact] = [], events: [Event] = []) {
        self.unit = unit
        self.segment = segment
        self.lifecycle = lifecycle
        self.attributes = attributes
        self.contacts = contacts
        self.events = events
    }

    /// Days since the last contact on any channel; `nil` when the history holds none.
    public var daysSinceLastContact: Double? { contacts.map(\.daysAgo).min() }

    /// The contacts at most `days` ago (inclusive), on `channel` or on any channel when `nil`.
    public func contactCount(on channel: Channel? = nil, withinDays days: Double) -> Int {
        contacts.count { $0.daysAgo <= days && (channel == nil || $0.channel == channel) }
    }

    /// Problems that make the profile unusable: an empty segment, negative or non-finite ages,
    /// non-finite event values.
    var issues: [ValidationIssue] {
        func issue(_ field: String, _ message: String) -> ValidationIssue { ValidationIssue(index: nil, field: field, message: message) }
        let age = "must be a finite number of days ≥ 0"
        return (segment.isEmpty ? [issue("segment", "must not be empty")] : [])
            + contacts.indices.filter { !Self.isAge(contacts[$0].daysAgo) }.map { issue("contacts[\($0)].days_ago", age) }
            + events.indices.filter { !Self.isAge(events[$0].daysAgo) }.map { issue("events[\($0)].days_ago", age) }
            + events.indices.filter { events[$0].value.map { !$0.isFinite } ?? false }.map { issue("events[\($0)].value", "must be finite") }
    }

    private static func isAge(_ days: Double) -> Bool { days.isFinite && days >= 0 }
}
