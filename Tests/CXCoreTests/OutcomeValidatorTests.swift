import CXCore
import Foundation
import Testing

@Suite("OutcomeValidator")
struct OutcomeValidatorTests {
    /// 2026-11-03T12:00:00Z (Python: datetime.fromisoformat("2026-11-03T12:00:00+00:00").timestamp()).
    static let validator = OutcomeValidator(now: Date(timeIntervalSince1970: 1_793_707_200))

    static func outcome(type: String, value: JSONValue? = nil, extra: [String: JSONValue] = [:]) -> JSONValue {
        var members: [String: JSONValue] = [
            "event_id": .string("e-77"), "unit": .string("cust-42"), "type": .string(type),
            "occurred_at": .string("2026-11-03T11:00:00Z"),
        ]
        members["value"] = value
        members.merge(extra) { $1 }
        return .object(members)
    }

    static func issues(_ item: JSONValue, index: Int = 0) -> [ValidationIssue] {
        if case .failure(let failure) = validator.validate(item, index: index) { return failure.issues }
        return []
    }

    @Test func validOutcomeBecomesARecord() throws {
        let item = Self.outcome(type: "purchase", value: .number(129.90), extra: ["attributes": .object(["channel": .string("app")])])
        let record = try Self.validator.validate(item, index: 0).get()
        #expect(record == OutcomeRecord(
            eventID: "e-77", unit: "cust-42", type: "purchase", value: 129.90,
            // 2026-11-03T11:00:00Z (Python: datetime.fromisoformat("2026-11-03T11:00:00+00:00").timestamp())
            occurredAt: Date(timeIntervalSince1970: 1_793_703_600),
            attributes: ["channel": .string("app")]))
    }

    @Test(arguments: ["purchase", "refund", "cost"])
    func monetaryTypesRequireAValue(type: String) {
        #expect(Self.issues(Self.outcome(type: type)) == [
            ValidationIssue(index: 0, field: "value", message: "is required for type \(type)")
        ])
        #expect(Self.issues(Self.outcome(type: type, value: .null)).map(\.field) == ["value"])
        #expect(Self.issues(Self.outcome(type: type, value: .number(-12.5))).isEmpty)
    }

    @Test(arguments: ["churn", "contact", "loyalty_join", "loyalty_leave", "action_response", "custom_event_2"])
    func otherTypesDoNotNeedAValue(type: String) throws {
        let record = try Self.validator.validate(Self.outcome(type: type), index: 0).get()
        #expect(record.type == type)
        #expect(record.value == nil)
    }

    @Test(arguments: ["Purchase", "purchase-order", "2fa_login", "_x", "churn!", "café", "a b"])
    func typeMustBeALowercaseIdentifier(type: String) {
        let issues = Self.issues(Self.outcome(type: type, value: .number(1)), index: 4)
        #expect(issues.count == 1)
        #expect(issues.first?.index == 4)
        #expect(issues.first?.field == "type")
        #expect(issues.first?.message.hasPrefix("must be a lowercase identifier (a–z, 0–9, _)") == true)
    }

    @Test func typeLongerThan64CharactersIsRefused() {
        let issues = Self.issues(Self.outcome(type: String(repeating: "a", count: 65)))
        #expect(issues == [ValidationIssue(index: 0, field: "type", message: "must be at most 64 characters")])
    }

    @Test(arguments: [
        (JSONValue.number(.infinity), "got a number"), (.number(-.infinity), "got a number"), (.number(.nan), "got a number"),
        (.number(1e15), "got a number"), (.number(-2e300), "got a number"),
        (.string("129.90"), "got a string"), (.bool(true), "got a boolean"),
    ])
    func valueMustBeAFiniteBoundedNumber(value: JSONValue, got: String) {
        let issues = Self.issues(Self.outcome(type: "churn", value: value))
        #expect(issues.count == 1)
        #expect(issues.first?.field == "value")
        #expect(issues.first?.message == "must be a finite number below 1e15 in magnitude, \(got)")
    }

    @Test func valueJustBelowTheLimitIsAccepted() throws {
        let record = try Self.validator.validate(Self.outcome(type: "cost", value: .number(999_999_999_999_999)), index: 0).get()
        #expect(record.value == 999_999_999_999_999)
    }

    @Test func everyIssueIsReported() {
        let item = JSONValue.object([
            "unit": .number(42), "type": .string("purchase"), "occurred_at": .string("2026-11-03"),
            "attributes": .object(["x": .array([])]), "amount": .number(3),
        ])
        let issues = Self.issues(item, index: 9)
        #expect(issues.allSatisfy { $0.index == 9 })
        #expect(Set(issues.map(\.field)) == ["amount", "event_id", "unit", "value", "occurred_at", "attributes.x"])
        #expect(issues.count == 6)
        #expect(issues.first { $0.field == "amount" }?.message == "unknown key; allowed keys are attributes, event_id, occurred_at, type, unit, value")
    }

    @Test func occurredAtInTheFarFutureIsRefused() {
        let issues = Self.issues(.object([
            "event_id": .string("e-1"), "unit": .string("u"), "type": .string("churn"), "occurred_at": .string("2027-01-01T00:00:00Z"),
        ]))
        #expect(issues == [ValidationIssue(index: 0, field: "occurred_at", message: "must not be more than 24 hours in the future")])
    }

    @Test func nonObjectIsRefused() {
        #expect(Self.issues(.array([]), index: 1) == [
            ValidationIssue(index: 1, field: "", message: "each outcome must be a JSON object, got an array")
        ])
    }
}
