import CXCore
import Foundation
import Testing

@Suite("ResponseValidator")
struct ResponseValidatorTests {
    static let survey = SurveyVersion(
        key: "support", version: 3,
        definition: SurveyDefinition(
            title: "Support follow-up", population: .customer,
            fields: [
                SurveyField(id: "nps", type: .nps),
                SurveyField(id: "sat", type: .csat, scale: [1, 5]),
                SurveyField(id: "effort", type: .ces, scale: [1, 7]),
                SurveyField(id: "q03", type: .likert, scale: [1, 5], index: "engagement", reverse: true),
                SurveyField(id: "plan", type: .choice, options: ["basic", "pro"]),
                SurveyField(id: "comment", type: .text),
            ]))
    /// 2026-11-03T11:15:00Z (Python: datetime.fromisoformat("2026-11-03T11:15:00+00:00").timestamp()).
    static let now = Date(timeIntervalSince1970: 1_793_704_500)
    static let validator = ResponseValidator(surveys: ["support": survey], now: now)

    static let validAnswers: [String: JSONValue] = [
        "nps": .number(9), "sat": .number(4), "effort": .number(6), "q03": .number(2),
        "plan": .string("pro"), "comment": .string("quick"),
    ]
    static let validItem: [String: JSONValue] = [
        "survey": .string("support"), "submission_id": .string("s-1001"), "respondent": .string("cust-42"),
        "submitted_at": .string("2026-11-03T10:15:00Z"),
        "answers": .object(validAnswers),
        "attributes": .object(["segment": .string("smb"), "channel": .string("web"), "tenure": .number(3), "vip": .bool(true)]),
    ]

    /// The valid item with `key` set to `value` (`nil` removes it); `answers.<id>` edits one answer.
    static func item(setting key: String, to value: JSONValue?) -> JSONValue {
        var members = validItem
        if key.hasPrefix("answers.") {
            var answers = validAnswers
            answers[String(key.dropFirst("answers.".count))] = value
            members["answers"] = .object(answers)
        } else {
            members[key] = value
        }
        return .object(members)
    }

    @Test func validItemBecomesARecord() throws {
        let item = JSONValue.object(Self.validItem)
        let record = try Self.validator.validate(item, index: 0).get()
        #expect(record.survey == "support")
        #expect(record.surveyVersion == 3)
        #expect(record.submissionID == "s-1001")
        #expect(record.respondent == "cust-42")
        #expect(record.status == .completed)
        #expect(record.submittedAt == Date(timeIntervalSince1970: 1_793_700_900))  // Python, see `now`
        #expect(record.answers == [
            Answer(fieldID: "comment", text: "quick"),
            Answer(fieldID: "effort", numeric: 6),
            Answer(fieldID: "nps", numeric: 9),
            Answer(fieldID: "plan", text: "pro"),
            Answer(fieldID: "q03", numeric: 2),
            Answer(fieldID: "sat", numeric: 4),
        ])
        #expect(record.attributes == ["segment": .string("smb"), "channel": .string("web"), "tenure": .number(3), "vip": .bool(true)])
        #expect(record.raw == item)
    }

    @Test func partialStatusAndOptionalMembers() throws {
        var members = Self.validItem
        members["status"] = .string("partial")
        members["respondent"] = nil
        members["attributes"] = nil
        let record = try Self.validator.validate(.object(members), index: 0).get()
        #expect(record.status == .partial)
        #expect(record.respondent == nil)
        #expect(record.attributes.isEmpty)
    }

    @Test func skippedAnswersHaveNoRow() throws {
        let item = JSONValue.object([
            "survey": .string("support"), "submission_id": .string("s-2"), "submitted_at": .string("2026-11-03T10:15:00Z"),
            "answers": .object(["nps": .null, "sat": .number(5), "plan": .null, "comment": .string("")]),
        ])
        let record = try Self.validator.validate(item, index: 0).get()
        #expect(record.answers == [Answer(fieldID: "sat", numeric: 5)])
    }

    @Test func emptyAnswersObjectIsValid() throws {
        let record = try Self.validator.validate(Self.item(setting: "answers", to: .object([:])), index: 0).get()
        #expect(record.answers.isEmpty)
    }

    @Test func scaleBoundsAreAccepted() throws {
        for (field, value) in [("nps", 0.0), ("nps", 10), ("sat", 1), ("sat", 5), ("effort", 1), ("effort", 7), ("q03", 5)] {
            let result = Self.validator.validate(Self.item(setting: "answers.\(field)", to: .number(value)), index: 0)
            #expect(throws: Never.self, "\(field) = \(value)") { try result.get() }
        }
    }

    @Test func submittedAtUpTo24HoursAheadIsAccepted() throws {
        let item = Self.item(setting: "submitted_at", to: .string("2026-11-04T11:00:00Z"))
        #expect(throws: Never.self) { try Self.validator.validate(item, index: 0).get() }
    }

    struct InvalidCase: Sendable, CustomStringConvertible {
        var key: String
        var value: JSONValue?
        var field: String
        var fragment: String
        var description: String { "\(key) = \(value.map { "\($0)" } ?? "absent")" }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase(key: "answers.nps", value: .number(11), field: "answers.nps", fragment: "must be an integer 0–10"),
        InvalidCase(key: "answers.nps", value: .number(-1), field: "answers.nps", fragment: "must be an integer 0–10"),
        InvalidCase(key: "answers.nps", value: .number(9.5), field: "answers.nps", fragment: "must be an integer 0–10"),
        InvalidCase(key: "answers.nps", value: .string("9"), field: "answers.nps", fragment: "must be an integer 0–10"),
        InvalidCase(key: "answers.nps", value: .bool(true), field: "answers.nps", fragment: "must be an integer 0–10"),
        InvalidCase(key: "answers.sat", value: .number(0), field: "answers.sat", fragment: "must be an integer 1–5"),
        InvalidCase(key: "answers.sat", value: .number(6), field: "answers.sat", fragment: "must be an integer 1–5"),
        InvalidCase(key: "answers.effort", value: .number(8), field: "answers.effort", fragment: "must be an integer 1–7"),
        InvalidCase(key: "answers.q03", value: .number(6), field: "answers.q03", fragment: "must be an integer 1–5"),
        InvalidCase(key: "answers.plan", value: .string("gold"), field: "answers.plan", fragment: "must be one of basic, pro"),
        InvalidCase(key: "answers.plan", value: .string(""), field: "answers.plan", fragment: "must be a non-empty string of at most 200 characters"),
        InvalidCase(key: "answers.plan", value: .number(1), field: "answers.plan", fragment: "must be a non-empty string"),
        InvalidCase(key: "answers.comment", value: .number(5), field: "answers.comment", fragment: "must be a string of at most 10000 characters"),
        InvalidCase(key: "answers.comment", value: .string(String(repeating: "x", count: 10_001)), field: "answers.comment", fragment: "at most 10000 characters"),
        InvalidCase(key: "answers.foo", value: .number(1), field: "answers.foo", fragment: "unknown field 'foo'; the survey's fields are nps, sat, effort, q03, plan, comment"),
        InvalidCase(key: "answers.foo", value: .null, field: "answers.foo", fragment: "unknown field 'foo'"),
        InvalidCase(key: "answers", value: nil, field: "answers", fragment: "is required"),
        InvalidCase(key: "answers", value: .array([]), field: "answers", fragment: "must be an object of field id → value, got an array"),
        InvalidCase(key: "survey", value: .string("nope"), field: "survey", fragment: "unknown survey 'nope'; define it first with PUT /v1/surveys/nope"),
        InvalidCase(key: "survey", value: nil, field: "survey", fragment: "is required"),
        InvalidCase(key: "survey", value: .string(String(repeating: "s", count: 65)), field: "survey", fragment: "must be at most 64 characters"),
        InvalidCase(key: "submission_id", value: nil, field: "submission_id", fragment: "is required"),
        InvalidCase(key: "submission_id", value: .null, field: "submission_id", fragment: "is required"),
        InvalidCase(key: "submission_id", value: .string(""), field: "submission_id", fragment: "must not be empty"),
        InvalidCase(key: "submission_id", value: .number(1001), field: "submission_id", fragment: "must be a string, got a number"),
        InvalidCase(key: "submission_id", value: .string("s\n1"), field: "submission_id", fragment: "must not contain control characters"),
        InvalidCase(key: "respondent", value: .number(42), field: "respondent", fragment: "must be a string, got a number"),
        InvalidCase(key: "submitted_at", value: .string("2026-11-03T10:15:00"), field: "submitted_at", fragment: "must be an RFC 3339 timestamp with a zone"),
        InvalidCase(key: "submitted_at", value: .string("yesterday"), field: "submitted_at", fragment: "must be an RFC 3339 timestamp"),
        InvalidCase(key: "submitted_at", value: .string("2026-11-05T10:15:00Z"), field: "submitted_at", fragment: "must not be more than 24 hours in the future"),
        InvalidCase(key: "submitted_at", value: nil, field: "submitted_at", fragment: "is required"),
        InvalidCase(key: "status", value: .string("done"), field: "status", fragment: "must be one of completed, partial"),
        InvalidCase(key: "status", value: .bool(true), field: "status", fragment: "must be a string, got a boolean"),
        InvalidCase(key: "attributes", value: .object(["x": .object(["y": .number(1)])]), field: "attributes.x", fragment: "must be a string, number or boolean, got an object"),
        InvalidCase(key: "attributes", value: .object(["x": .array([])]), field: "attributes.x", fragment: "got an array"),
        InvalidCase(key: "attributes", value: .object(["": .string("v")]), field: "attributes.", fragment: "attribute names must be 1–64 characters"),
        InvalidCase(key: "attributes", value: .object(["x": .string(String(repeating: "v", count: 201))]), field: "attributes.x", fragment: "must be at most 200 characters"),
        InvalidCase(key: "attributes", value: .string("smb"), field: "attributes", fragment: "must be an object of strings, numbers or booleans, got a string"),
        InvalidCase(key: "colour", value: .string("blue"), field: "colour", fragment: "unknown key; allowed keys are answers, attributes, respondent, status, submission_id, submitted_at, survey"),
    ]

    @Test(arguments: invalidCases)
    func invalidInputNamesFieldAndRule(_ example: InvalidCase) {
        let result = Self.validator.validate(Self.item(setting: example.key, to: example.value), index: 7)
        guard case .failure(let failure) = result else {
            Issue.record("accepted an invalid item")
            return
        }
        #expect(failure.issues.count == 1, "\(failure.issues)")
        let issue = failure.issues.first
        #expect(issue?.index == 7)
        #expect(issue?.field == example.field)
        #expect(issue?.message.contains(example.fragment) == true, "\(issue?.message ?? "")")
    }

    @Test func everyIssueOfAnItemIsReportedAtOnce() {
        var members = Self.validItem
        members["answers"] = .object(["nps": .number(11), "foo": .number(1), "sat": .string("4"), "comment": .string("fine")])
        members["status"] = .string("done")
        members["submission_id"] = nil
        members["submitted_at"] = .string("soon")
        members["attributes"] = .object(["x": .object([:])])
        members["extra"] = .bool(true)
        guard case .failure(let failure) = Self.validator.validate(.object(members), index: 3) else {
            Issue.record("accepted an invalid item")
            return
        }
        #expect(failure.issues.allSatisfy { $0.index == 3 })
        #expect(Set(failure.issues.map(\.field)) == [
            "extra", "submission_id", "submitted_at", "status", "attributes.x", "answers.foo", "answers.nps", "answers.sat",
        ])
        #expect(failure.issues.count == 8)
    }

    @Test func unknownSurveySkipsAnswerChecks() {
        var members = Self.validItem
        members["survey"] = .string("other")
        members["answers"] = .object(["whatever": .number(99)])
        guard case .failure(let failure) = Self.validator.validate(.object(members), index: 0) else {
            Issue.record("accepted an invalid item")
            return
        }
        #expect(failure.issues.map(\.field) == ["survey"])
    }

    @Test(arguments: [JSONValue.array([]), .string("x"), .number(1), .null])
    func nonObjectItemsAreRefused(_ item: JSONValue) {
        let result = Self.validator.validate(item, index: 2)
        #expect(throws: ValidationFailure([
            ValidationIssue(index: 2, field: "", message: "each response must be a JSON object, got \(item.typeName)")
        ])) { try result.get() }
    }

    @Test("a field id or choice option in an equivalent Unicode spelling is stored as the definition spells it")
    func definitionSpellingIsStored() throws {
        // "\u{212A}1" (Kelvin sign) == "K1" and "cafe\u{301}" == "caf\u{E9}" as Swift strings, not as
        // stored bytes: reports would miss answers stored under the client's spelling.
        let survey = SurveyVersion(key: "k", version: 1, definition: SurveyDefinition(title: "K", population: .customer, fields: [
            SurveyField(id: "K1", type: .nps), SurveyField(id: "plan", type: .choice, options: ["caf\u{E9}"]),
        ]))
        let item = JSONValue.object([
            "survey": .string("k"), "submission_id": .string("s-1"), "submitted_at": .string("2026-11-03T10:15:00Z"),
            "answers": .object(["\u{212A}1": .number(9), "plan": .string("cafe\u{301}")]),
        ])
        let record = try ResponseValidator(surveys: ["k": survey], now: Self.now).validate(item, index: 0).get()
        #expect(record.answers.map { Array($0.fieldID.utf8) } == [Array("K1".utf8), Array("plan".utf8)])
        #expect(record.answers.map { $0.text.map { Array($0.utf8) } } == [nil, Array("caf\u{E9}".utf8)])
    }
}
