#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A behavioural outcome that passed validation, ready to be written.
public struct OutcomeRecord: Sendable, Hashable {
    public var eventID: String
    public var unit: String
    public var type: String
    public var value: Double?
    public var occurredAt: Date
    public var attributes: [String: JSONValue]

    public init(eventID: String, unit: String, type: String, value: Double?, occurredAt: Date, attributes: [String: JSONValue]) {
        self.eventID = eventID
        self.unit = unit
        self.type = type
        self.value = value
        self.occurredAt = occurredAt
        self.attributes = attributes
    }
}
