#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Validates behavioural outcome events (DESIGN.md §5).
///
/// `type` is one of the known types or a custom lowercase identifier; `value` is required
/// for the monetary types (purchase, refund, cost) and must be a finite number when given.
public struct OutcomeValidator: Sendable {
    public var now: Date

    /// Types cxloop's metrics and decisioning give a meaning to.
    public static let knownTypes: [String] = [
        "purchase", "refund", "contact", "cost", "churn", "loyalty_join", "loyalty_leave", "action_response",
    ]
    /// Types whose `value` is an amount and therefore required.
    public static let monetaryTypes: Set<String> = ["purchase", "refund", "cost"]
    public static let topLevelKeys: Set<String> = ["event_id", "unit", "type", "value", "occurred_at", "attributes"]

    public init(now: Date = Date()) {
        self.now = now
    }

    /// Validates the item at `index`; returns the record or the item's issues.
    public func validate(_ item: JSONValue, index: Int) -> Result<OutcomeRecord, ValidationFailure> {
        var reader: ObjectReader
        switch ObjectReader.item(item, index: index, kind: "outcome", allowed: Self.topLevelKeys) {
        case .success(let opened): reader = opened
        case .failure(let failure): return .failure(failure)
        }
        let eventID = reader.string("event_id", required: true)
        let unit = reader.string("unit", required: true)
        let type = reader.string("type", required: true, maxLength: 64)
        if let type, !Self.isValidType(type) {
            reader.fail("type", "must be a lowercase identifier (a–z, 0–9, _) such as \(Self.knownTypes.prefix(4).joined(separator: ", "))")
        }
        var value: Double?
        switch reader.members["value"] {
        case .number(let number)? where number.isFinite && abs(number) < 1e15:
            value = number
        case nil, .null?:
            if let type, Self.monetaryTypes.contains(type) { reader.fail("value", "is required for type \(type)") }
        case let other?:
            reader.fail("value", "must be a finite number below 1e15 in magnitude, got \(other.typeName)")
        }
        let occurredAt = reader.timestamp("occurred_at", now: now)
        let attributes = reader.attributes("attributes")
        guard reader.issues.isEmpty, let eventID, let unit, let type, let occurredAt else {
            return .failure(ValidationFailure(reader.issues))
        }
        return .success(
            OutcomeRecord(eventID: eventID, unit: unit, type: type, value: value, occurredAt: occurredAt, attributes: attributes))
    }

    static func isValidType(_ type: String) -> Bool {
        guard let first = type.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return type.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
