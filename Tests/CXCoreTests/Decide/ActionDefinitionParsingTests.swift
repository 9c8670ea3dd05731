import CXCore
import Foundation
import Testing

@Suite("ActionDefinition.parse")
struct ActionDefinitionParsingTests {
    /// The body of issue 6's `PUT /v1/actions/{key}` example, with a context condition added.
    static let example = """
        {"kind":"offer","channels":{"sms":0.05,"email":0.01},
         "eligibility":{"segments":["smb"],"lifecycle":["active"],"attributes":{"plan":"gold"},
                        "context":{"trigger":["cart","browse"]},"min_days_since_contact":7},
         "priors":{"value":4.0,"satisfaction":0.02}}
        """

    static func json(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    static func issues(_ text: String, key: String = "gold-upgrade") throws -> [ValidationIssue] {
        if case .failure(let failure) = ActionDefinition.parse(key: key, try json(text)) { return failure.issues }
        return []
    }

    @Test("The issue's example parses into every field")
    func example() throws {
        let action = try ActionDefinition.parse(key: "gold-upgrade", try Self.json(Self.example)).get()
        #expect(action == ActionDefinition(
            key: "gold-upgrade", kind: .offer, channelCosts: [.sms: 0.05, .email: 0.01],
            eligibility: EligibilityRules(segments: ["smb"], lifecycle: ["active"], attributes: ["plan": [.string("gold")]],
                                          context: ["trigger": [.string("cart"), .string("browse")]], minDaysSinceContact: 7),
            priors: [.value: 4, .satisfaction: 0.02]))
        #expect(action.channels == [.sms, .email])
    }

    @Test("Eligibility and priors are optional; no rules means everyone")
    func minimal() throws {
        let action = try ActionDefinition.parse(key: "tips", try Self.json(#"{"kind":"education","channels":{"app":0}}"#)).get()
        #expect(action.eligibility == EligibilityRules())
        #expect(action.priors.isEmpty)
    }

    @Test("Encoding and decoding keeps the action")
    func codableRoundTrip() throws {
        let action = try ActionDefinition.parse(key: "gold-upgrade", try Self.json(Self.example)).get()
        let decoded = try JSONDecoder().decode(ActionDefinition.self, from: JSONEncoder().encode(action))
        #expect(decoded == action)
    }

    struct InvalidCase: Sendable, CustomTestStringConvertible {
        var body: String
        var key = "gold-upgrade"
        var field: String
        var message: String
        var testDescription: String { "\(field): \(body)" }
    }

    @Test("Each problem names its field", arguments: [
        InvalidCase(body: #"{"kind":"offer","channels":{"fax":1}}"#, field: "channels.fax",
                    message: "unknown channel; channels are sms, email, app, web, call"),
        InvalidCase(body: #"{"kind":"offer","channels":{"sms":-0.5}}"#, field: "channels.sms", message: "must be a finite unit cost ≥ 0, got -0.5"),
        InvalidCase(body: #"{"kind":"offer","channels":{"sms":"cheap"}}"#, field: "channels.sms", message: "must be a number, got a string"),
        InvalidCase(body: #"{"kind":"offer","channels":{}}"#, field: "channels",
                    message: "must offer at least one channel (sms, email, app, web, call)"),
        InvalidCase(body: #"{"kind":"offer"}"#, field: "channels", message: #"is required: an object of channel → unit cost, e.g. {"sms":0.05}"#),
        InvalidCase(body: #"{"kind":"offer","channels":[]}"#, field: "channels", message: "must be an object, got an array"),
        InvalidCase(body: #"{"kind":"promo","channels":{"sms":1}}"#, field: "kind",
                    message: "must be one of offer, service, education, retention, other, got 'promo'"),
        InvalidCase(body: #"{"channels":{"sms":1}}"#, field: "kind", message: "is required"),
        InvalidCase(body: #"{"kind":"offer","channels":{"sms":1},"cost":3}"#, field: "cost",
                    message: "unknown key; allowed keys are channels, eligibility, kind, priors"),
        InvalidCase(body: #"{"kind":"offer","channels":{"sms":1}}"#, key: "none", field: "key",
                    message: #"'none' is the built-in "do nothing" action and cannot be defined"#),
        InvalidCase(body: #"{"kind":"offer","channels":{"sms":1}}"#, key: "bad key", field: "key",
                    message: "must be 1–64 letters, digits, '_' or '-' starting with a letter or digit"),
        InvalidCase(body: #"{"kind":"offer","channels":{"sms":1},"priors":{"value":"high"}}"#, field: "priors.value",
                    message: "must be a number, got a string"),
        InvalidCase(body: #"{"kind":"offer","channels":{"sms":1},"priors":{"net value":1}}"#, field: "priors.net value",
                    message: "objective names must be 1–64 letters, digits, '_' or '-' starting with a letter or digit"),
        InvalidCase(body: #"{"kind":"offer","channels":{"sms":1},"eligibility":{"min_days_since_contact":-1}}"#,
                    field: "eligibility.min_days_since_contact", message: "must be a finite number of days ≥ 0"),
        InvalidCase(body: #"{"kind":"offer","channels":{"sms":1},"eligibility":{"segments":["smb","smb"]}}"#,
                    field: "eligibility.segments[1]", message: "duplicate 'smb'"),
        InvalidCase(body: #"{"kind":"offer","channels":{"sms":1},"eligibility":{"lifecycle":["active",3]}}"#,
                    field: "eligibility.lifecycle[1]", message: "must be a string, got a number"),
        InvalidCase(body: #"{"kind":"offer","channels":{"sms":1},"eligibility":{"attributes":{"plan":[]}}}"#,
                    field: "eligibility.attributes.plan", message: "an empty list of values can never match"),
        InvalidCase(body: #"{"kind":"offer","channels":{"sms":1},"eligibility":{"attributes":{"plan":null}}}"#,
                    field: "eligibility.attributes.plan",
                    message: "values must be strings of at most 200 characters, finite numbers or booleans, got null"),
        InvalidCase(body: #"{"kind":"offer","channels":{"sms":1},"eligibility":{"attributes":{"segment":"smb"}}}"#,
                    field: "eligibility.attributes.segment", message: "the segment is a rule of its own; use eligibility.segments"),
        InvalidCase(body: #"{"kind":"offer","channels":{"sms":1},"eligibility":{"context":{"page":{"a":1}}}}"#,
                    field: "eligibility.context.page",
                    message: "values must be strings of at most 200 characters, finite numbers or booleans, got an object"),
        InvalidCase(body: #"{"kind":"offer","channels":{"sms":1},"eligibility":{"channel":"sms"}}"#, field: "eligibility.channel",
                    message: "unknown key; allowed keys are attributes, context, lifecycle, min_days_since_contact, segments"),
        InvalidCase(body: #"["offer"]"#, field: "", message: "must be a JSON object, got an array"),
    ])
    func invalid(_ row: InvalidCase) throws {
        #expect(try Self.issues(row.body, key: row.key) == [ValidationIssue(index: nil, field: row.field, message: row.message)])
    }

    @Test("Every problem of a body is reported at once")
    func everyProblem() throws {
        let issues = try Self.issues(#"""
            {"kind":"gift","channels":{"fax":1,"sms":-1},"eligibility":{"min_days_since_contact":-2},"extra":true}
            """#, key: "none")
        #expect(issues.map(\.field) == ["extra", "kind", "channels.fax", "key", "channels.sms", "eligibility.min_days_since_contact"])
    }

    @Test("Values built in code are checked too: non-finite priors and costs")
    func nonFinite() {
        let action = ActionDefinition(key: "a", kind: .offer, channelCosts: [.sms: .nan, .email: .infinity], priors: [.value: .infinity])
        #expect(action.issues.map(\.field) == ["channels.sms", "channels.email", "priors.value"])
    }

    @Test("none is built in: no channel, no rules, no priors")
    func none() {
        #expect(ActionDefinition.none.isNone)
        #expect(ActionDefinition.none.channels.isEmpty)
        #expect(ActionDefinition.none.eligibility == EligibilityRules())
        #expect(ActionDefinition.none.priors.isEmpty)
    }
}
