/// A channel an action can be delivered through (DESIGN.md §1). `none` is not a channel: doing
/// nothing is the built-in action ``ActionDefinition/none``, which has no channel.
public enum Channel: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
    case sms
    case email
    case app
    case web
    case call

    /// The channel names in declaration order, for messages: `sms, email, app, web, call`.
    public static let names = allCases.map(\.rawValue).joined(separator: ", ")

    /// Declaration order, so candidate lists and logs are deterministic.
    public static func < (lhs: Channel, rhs: Channel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
