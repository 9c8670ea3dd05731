import CXCore

/// One call of the engine (`POST /v1/decide`): the unit's profile, the moment's context
/// (`{"trigger":"cart_abandon"}`, matched by actions' context conditions) and the channels the
/// caller can use now.
public struct DecisionRequest: Sendable, Hashable {
    public var profile: CustomerProfile
    public var context: [String: JSONValue]
    /// The channels the caller can deliver on; empty means every channel.
    public var channels: Set<Channel>

    public init(profile: CustomerProfile, context: [String: JSONValue] = [:], channels: Set<Channel> = []) {
        self.profile = profile
        self.context = context
        self.channels = channels
    }

    /// A request with channels given by name, as in the HTTP body.
    /// - Throws: ``DecideError/Code/unknownChannel`` naming the first unknown name.
    public init(profile: CustomerProfile, context: [String: JSONValue] = [:], channelNames: [String]) throws(DecideError) {
        var channels: Set<Channel> = []
        for name in channelNames {
            guard let channel = Channel(rawValue: name) else {
                throw DecideError(.unknownChannel, "unknown channel '\(name)'; channels are \(Channel.names)")
            }
            channels.insert(channel)
        }
        self.init(profile: profile, context: context, channels: channels)
    }

    /// The channels candidates may use: the requested ones, or all when none are named.
    var usableChannels: Set<Channel> { channels.isEmpty ? Set(Channel.allCases) : channels }
}
