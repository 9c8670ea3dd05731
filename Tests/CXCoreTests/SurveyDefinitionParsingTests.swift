import CXCore
import Foundation
import Testing

@Suite("SurveyDefinition.parse")
struct SurveyDefinitionParsingTests {
    /// The example of DESIGN.md §5, verbatim.
    static let designExample = """
        {"title":"Support follow-up","population":"customer",
         "fields":[{"id":"nps","type":"nps"},
                   {"id":"sat","type":"csat","scale":[1,5]},
                   {"id":"effort","type":"ces","scale":[1,7]},
                   {"id":"q03","type":"likert","scale":[1,5],"index":"engagement","reverse":true},
                   {"id":"comment","type":"text"}]}
        """

    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static func issues(_ text: String) throws -> [ValidationIssue] {
        if case .failure(let failure) = SurveyDefinition.parse(try json(text)) { return failure.issues }
        return []
    }

    /// A definition with the given fields JSON.
    static func issues(fields: String) throws -> [ValidationIssue] {
        try issues(#"{"title":"T","population":"customer","fields":\#(fields)}"#)
    }

    @Test func designExampleParses() throws {
        let definition = try SurveyDefinition.parse(try Self.json(Self.designExample)).get()
        #expect(definition.title == "Support follow-up")
        #expect(definition.population == .customer)
        #expect(definition.fields.count == 5)
        #expect(definition.fields.map(\.id) == ["nps", "sat", "effort", "q03", "comment"])
        #expect(definition.fields.map(\.type) == [.nps, .csat, .ces, .likert, .text])
        #expect(definition.fields.map(\.numericRange) == [0...10, 1...5, 1...7, 1...5, nil])
        let likert = try #require(definition.field("q03"))
        #expect(likert.index == "engagement")
        #expect(likert.reverse == true)
    }

    @Test func defaultScalesAndOtherTypes() throws {
        let definition = try SurveyDefinition.parse(try Self.json(#"""
            {"title":"Pulse","population":"employee",
             "fields":[{"id":"enps","type":"enps"},{"id":"sat","type":"csat"},{"id":"effort","type":"ces"},
                       {"id":"l","type":"likert","scale":[0,100]},{"id":"team","type":"choice","options":["a","b"]}]}
            """#)).get()
        #expect(definition.population == .employee)
        #expect(definition.fields.map(\.numericRange) == [0...10, 1...5, 1...7, 0...100, nil])
        #expect(definition.field("team")?.options == ["a", "b"])
    }

    @Test func duplicateFieldID() throws {
        let issues = try Self.issues(fields: #"[{"id":"nps","type":"nps"},{"id":"sat","type":"csat"},{"id":"nps","type":"text"}]"#)
        #expect(issues == [ValidationIssue(index: nil, field: "fields[2].id", message: "duplicate field id 'nps'")])
    }

    struct InvalidCase: Sendable, CustomStringConvertible {
        var json: String
        var field: String
        var fragment: String
        var description: String { json }
    }

    static func field(_ fieldJSON: String) -> String {
        #"{"title":"T","population":"customer","fields":[\#(fieldJSON)]}"#
    }

    @Test(arguments: [
        InvalidCase(json: field(#"{"id":"n","type":"nps","scale":[0,5]}"#), field: "fields[0].scale", fragment: "is not allowed on nps items"),
        InvalidCase(json: field(#"{"id":"n","type":"enps","scale":[0,10]}"#), field: "fields[0].scale", fragment: "is not allowed on enps items"),
        InvalidCase(json: field(#"{"id":"t","type":"text","scale":[1,5]}"#), field: "fields[0].scale", fragment: "is not allowed on text items"),
        InvalidCase(json: field(#"{"id":"s","type":"csat","scale":[5,1]}"#), field: "fields[0].scale", fragment: "must be [min, max] with integers min < max at most 100 apart"),
        InvalidCase(json: field(#"{"id":"s","type":"csat","scale":[0,101]}"#), field: "fields[0].scale", fragment: "at most 100 apart"),
        InvalidCase(json: field(#"{"id":"s","type":"csat","scale":[1.5,5]}"#), field: "fields[0].scale", fragment: "must be [min, max]"),
        InvalidCase(json: field(#"{"id":"s","type":"csat","scale":[1,5,7]}"#), field: "fields[0].scale", fragment: "must be [min, max]"),
        InvalidCase(json: field(#"{"id":"s","type":"csat","index":"engagement"}"#), field: "fields[0].index", fragment: "is only allowed on likert items"),
        InvalidCase(json: field(#"{"id":"s","type":"csat","reverse":true}"#), field: "fields[0].reverse", fragment: "is only allowed on likert items"),
        InvalidCase(json: field(#"{"id":"l","type":"likert","index":"bad name"}"#), field: "fields[0].index", fragment: "must be an identifier"),
        InvalidCase(json: field(#"{"id":"l","type":"likert","reverse":"yes"}"#), field: "fields[0].reverse", fragment: "must be true or false"),
        InvalidCase(json: field(#"{"id":"c","type":"choice","options":[]}"#), field: "fields[0].options", fragment: "must be a non-empty array of distinct non-empty strings"),
        InvalidCase(json: field(#"{"id":"c","type":"choice","options":["a","a"]}"#), field: "fields[0].options", fragment: "distinct"),
        InvalidCase(json: field(#"{"id":"t","type":"text","options":["a"]}"#), field: "fields[0].options", fragment: "is only allowed on choice items"),
        InvalidCase(json: field(#"{"id":"x","type":"stars"}"#), field: "fields[0].type", fragment: "must be one of nps, csat, ces, likert, enps, choice, text"),
        InvalidCase(json: field(#"{"id":"x"}"#), field: "fields[0].type", fragment: "must be one of"),
        InvalidCase(json: field(#"{"id":"-x","type":"nps"}"#), field: "fields[0].id", fragment: "must be a string of 1–64 letters, digits, '_' or '-' starting with a letter or digit"),
        InvalidCase(json: field(#"{"type":"nps"}"#), field: "fields[0].id", fragment: "must be a string of 1–64"),
        InvalidCase(json: field(#"{"id":"n","type":"nps","weight":2}"#), field: "fields[0].weight", fragment: "unknown key; allowed keys are id, index, options, reverse, scale, type"),
        InvalidCase(json: field(#""nps""#), field: "fields[0]", fragment: "must be an object, got a string"),
        InvalidCase(json: #"{"title":"T","population":"customers","fields":[{"id":"n","type":"nps"}]}"#, field: "population", fragment: "must be one of customer, employee"),
        InvalidCase(json: #"{"title":"T","fields":[{"id":"n","type":"nps"}]}"#, field: "population", fragment: "is required"),
        InvalidCase(json: #"{"title":"","population":"customer","fields":[{"id":"n","type":"nps"}]}"#, field: "title", fragment: "must not be empty"),
        InvalidCase(json: #"{"title":"T","population":"customer","fields":[]}"#, field: "fields", fragment: "must contain 1–500 fields"),
        InvalidCase(json: #"{"title":"T","population":"customer"}"#, field: "fields", fragment: "is required"),
        InvalidCase(json: #"{"title":"T","population":"customer","fields":{}}"#, field: "fields", fragment: "must be an array, got an object"),
        InvalidCase(json: #"{"title":"T","population":"customer","fields":[{"id":"n","type":"nps"}],"version":2}"#, field: "version", fragment: "unknown key; allowed keys are fields, population, title"),
        InvalidCase(json: #"[]"#, field: "", fragment: "must be a JSON object, got an array"),
    ])
    func invalidDefinitionsNameTheField(_ example: InvalidCase) throws {
        let issues = try Self.issues(example.json)
        #expect(issues.count == 1, "\(issues)")
        #expect(issues.first?.index == nil)
        #expect(issues.first?.field == example.field)
        #expect(issues.first?.message.contains(example.fragment) == true, "\(issues.first?.message ?? "")")
    }

    @Test func everyProblemIsReported() throws {
        let issues = try Self.issues(#"""
            {"title":"","population":"robots",
             "fields":[{"id":"n","type":"nps"},{"id":"s","type":"csat","index":"x"},{"id":"n","type":"text"},
                       {"id":"m","type":"nps","scale":[0,5]}]}
            """#)
        #expect(issues.map(\.field) == ["title", "population", "fields[1].index", "fields[2].id", "fields[3].scale"])
    }
}
