/// A hard contact cap (DESIGN.md §1, §7): at most `maxContacts` contacts on `channel` within
/// the last `windowDays` days (inclusive), e.g. `{"channel":"sms","max":2,"window_days":7}`.
/// A candidate on a channel whose cap is reached is never chosen; a cap of 0 closes the channel.
public struct ContactCap: Sendable, Hashable, Codable, CustomStringConvertible {
    public var channel: Channel
    public var maxContacts: Int
    public var windowDays: Double

    public init(channel: Channel, maxContacts: Int, windowDays: Double) {
        self.channel = channel
        self.maxContacts = maxContacts
        self.windowDays = windowDays
    }

    enum CodingKeys: String, CodingKey {
        case channel
        case maxContacts = "max"
        case windowDays = "window_days"
    }

    /// `sms:2/7d`, as logged when the cap filters a candidate.
    public var description: String {
        let days = windowDays == windowDays.rounded() && abs(windowDays) < 1e15 ? String(Int(windowDays)) : String(windowDays)
        return "\(channel.rawValue):\(maxContacts)/\(days)d"
    }

    /// Every rule a cap must satisfy, as issues naming the field: `max` ≥ 0 and a finite
    /// `window_days` > 0.
    public var issues: [ValidationIssue] {
        (maxContacts >= 0 ? [] : [ValidationIssue(index: nil, field: "max", message: "must be an integer ≥ 0")])
            + (windowDays.isFinite && windowDays > 0 ? [] : [ValidationIssue(index: nil, field: "window_days", message: "must be a finite number of days > 0")])
    }

    /// The keys of a cap body.
    public static let bodyKeys: Set<String> = ["channel", "max", "window_days"]

    /// Validates a JSON contact cap completely and returns it, or every problem found, each
    /// naming its field. All three keys are required; `max` is an integer.
    public static func parse(_ json: JSONValue) -> Result<ContactCap, ValidationFailure> {
        ObjectReader.document(json, allowed: bodyKeys).flatMap { document in
            var reader = document
            let channel: Channel? = reader.choice("channel", required: true)
            let maximum = reader.number("max", required: true)
            if let maximum, maximum != maximum.rounded() || abs(maximum) > 1e9 { reader.fail("max", "must be an integer ≥ 0") }
            let cap = ContactCap(channel: channel ?? .sms, maxContacts: maximum.map { Int(exactly: $0) ?? 0 } ?? 0,
                                 windowDays: reader.number("window_days", required: true) ?? 1)
            return reader.result(cap, rules: cap.issues)
        }
    }
}
