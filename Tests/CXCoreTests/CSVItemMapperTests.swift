import CXCore
import Testing

@Suite("CSVItemMapper")
struct CSVItemMapperTests {
    @Test func responseRowsHaveTheJSONBodyShape() throws {
        let csv = """
            survey,submission_id,respondent,submitted_at,status,answer.nps,answer.sat,answer.comment,attr.segment,attr.region
            support,s-1001,cust-42,2026-11-03T10:15:00Z,completed,9,4.5,"quick, thanks",smb,eu
            support,s-1002,,2026-11-03T11:00:00Z,,,-3,,,007

            """
        let items = try CSVItemMapper.items(from: csv, kind: .responses)
        #expect(items.map(\.line) == [2, 3])
        #expect(items[0].item == .object([
            "survey": .string("support"),
            "submission_id": .string("s-1001"),
            "respondent": .string("cust-42"),
            "submitted_at": .string("2026-11-03T10:15:00Z"),
            "status": .string("completed"),
            "answers": .object(["nps": .number(9), "sat": .number(4.5), "comment": .string("quick, thanks")]),
            "attributes": .object(["segment": .string("smb"), "region": .string("eu")]),
        ]))
        // Empty cells are omitted; attributes stay strings even when numeric.
        #expect(items[1].item == .object([
            "survey": .string("support"),
            "submission_id": .string("s-1002"),
            "submitted_at": .string("2026-11-03T11:00:00Z"),
            "answers": .object(["sat": .number(-3)]),
            "attributes": .object(["region": .string("007")]),
        ]))
    }

    @Test func everyResponseGetsAnAnswersObject() throws {
        let items = try CSVItemMapper.items(from: "survey,submission_id,answer.nps\nsupport,s-1,\n", kind: .responses)
        #expect(items.count == 1)
        #expect(items[0].item == .object([
            "survey": .string("support"), "submission_id": .string("s-1"), "answers": .object([:]),
        ]))
    }

    @Test func outcomeRowsHaveTheJSONBodyShape() throws {
        let csv = "event_id,unit,type,value,occurred_at,attr.channel\r\ne-77,cust-42,purchase,129.90,2026-11-03T11:00:00Z,app\r\ne-78,cust-43,churn,,2026-11-04T09:00:00Z,\r\n"
        let items = try CSVItemMapper.items(from: csv, kind: .outcomes)
        #expect(items.map(\.line) == [2, 3])
        #expect(items[0].item == .object([
            "event_id": .string("e-77"), "unit": .string("cust-42"), "type": .string("purchase"),
            "value": .number(129.90), "occurred_at": .string("2026-11-03T11:00:00Z"),
            "attributes": .object(["channel": .string("app")]),
        ]))
        #expect(items[1].item == .object([
            "event_id": .string("e-78"), "unit": .string("cust-43"), "type": .string("churn"),
            "occurred_at": .string("2026-11-04T09:00:00Z"),
        ]))
    }

    @Test(arguments: [
        ("9", JSONValue.number(9)), ("4.5", .number(4.5)), ("-3", .number(-3)), ("0", .number(0)),
        ("1e3", .number(1000)), ("2.5E-1", .number(0.25)),
        ("nine", .string("nine")), (" 9", .string(" 9")), ("9 ", .string("9 ")), ("+9", .string("+9")),
        ("0x10", .string("0x10")), ("inf", .string("inf")), ("nan", .string("nan")), (".5", .string(".5")),
        ("5.", .string("5.")), ("1e400", .string("1e400")), ("-", .string("-")), ("1e", .string("1e")),
    ])
    func numericCellsBecomeNumbers(cell: String, expected: JSONValue) throws {
        let answers = try CSVItemMapper.items(from: "answer.x\n\(cell)\n", kind: .responses)
        #expect(answers.first?.item.objectValue?["answers"] == .object(["x": expected]))
        let outcomes = try CSVItemMapper.items(from: "value\n\(cell)\n", kind: .outcomes)
        #expect(outcomes.first?.item.objectValue?["value"] == expected)
    }

    static let surveys = [
        "support": SurveyDefinition(title: "Support", population: .customer, fields: [
            SurveyField(id: "nps", type: .nps),
            SurveyField(id: "comment", type: .text),
            SurveyField(id: "tier", type: .choice, options: ["1", "2", "3"]),
        ]),
    ]

    @Test func answerCellsAreTypedByTheirSurveyField() throws {
        let csv = "answer.comment,answer.tier,answer.nps,survey,answer.other\n10,2,9,support,4\n"
        let items = try CSVItemMapper.items(from: csv, kind: .responses, surveys: Self.surveys)
        // text and choice stay strings; numeric and unknown fields keep the number-or-string rule.
        #expect(items[0].item.objectValue?["answers"] == .object([
            "comment": .string("10"), "tier": .string("2"), "nps": .number(9), "other": .number(4),
        ]))
    }

    @Test func answerCellsOfUnknownOrMissingSurveysKeepTheNumberRule() throws {
        let csv = "survey,answer.comment,answer.tier\nsupport,10,2\nbilling,10,2\n"
        let expected = JSONValue.object(["comment": .number(10), "tier": .number(2)])
        let without = try CSVItemMapper.items(from: csv, kind: .responses)
        #expect(without.map { $0.item.objectValue?["answers"] } == [expected, expected])
        let unknown = try CSVItemMapper.items(from: csv, kind: .responses, surveys: Self.surveys)
        #expect(unknown[1].item.objectValue?["answers"] == expected)
        let noSurveyColumn = try CSVItemMapper.items(from: "answer.comment\n10\n", kind: .responses, surveys: Self.surveys)
        #expect(noSurveyColumn[0].item.objectValue?["answers"] == .object(["comment": .number(10)]))
    }

    @Test func topLevelAndAttributeCellsStayStrings() throws {
        let items = try CSVItemMapper.items(from: "survey,submission_id,attr.size\n42,7,10\n", kind: .responses)
        #expect(items[0].item == .object([
            "survey": .string("42"), "submission_id": .string("7"), "answers": .object([:]),
            "attributes": .object(["size": .string("10")]),
        ]))
    }

    @Test func unknownColumnsPassThroughAsTopLevelStrings() throws {
        let responses = try CSVItemMapper.items(from: "survey,colour,value\ns,blue,3\n", kind: .responses)
        #expect(responses[0].item == .object([
            "survey": .string("s"), "colour": .string("blue"), "value": .string("3"), "answers": .object([:]),
        ]))
        // answer.* columns mean nothing for outcomes: passed through, so validation reports them.
        let outcomes = try CSVItemMapper.items(from: "event_id,answer.nps\ne-1,9\n", kind: .outcomes)
        #expect(outcomes[0].item == .object(["event_id": .string("e-1"), "answer.nps": .string("9")]))
    }

    @Test func headerNamesAreTrimmed() throws {
        let items = try CSVItemMapper.items(from: "survey , answer.nps\ns,9\n", kind: .responses)
        #expect(items[0].item == .object(["survey": .string("s"), "answers": .object(["nps": .number(9)])]))
    }

    @Test func headerOnlyGivesNoItems() throws {
        #expect(try CSVItemMapper.items(from: "survey,submission_id\n", kind: .responses).isEmpty)
    }

    @Test func rowLinesCountMultilineCellsAndBlankLines() throws {
        let csv = "survey,answer.comment\n\ns,\"two\nlines\"\ns,ok\n"
        let items = try CSVItemMapper.items(from: csv, kind: .responses)
        #expect(items.map(\.line) == [3, 5])
    }

    struct BadCase: Sendable, CustomStringConvertible {
        var csv: String
        var kind: CSVItemMapper.Kind
        var line: Int
        var fragment: String
        var description: String { csv.debugDescription }
    }

    @Test(arguments: [
        BadCase(csv: "a,b,c\n1,2,3\n1,2\n", kind: .responses, line: 3, fragment: "the row has 2 cells but the header has 3 columns"),
        BadCase(csv: "a,b\n1,2,3\n", kind: .outcomes, line: 2, fragment: "the row has 3 cells but the header has 2 columns"),
        BadCase(csv: "", kind: .responses, line: 1, fragment: "the file is empty"),
        BadCase(csv: "survey,,status\n", kind: .responses, line: 1, fragment: "a header cell is empty"),
        BadCase(csv: "answer.nps,answer.nps\n", kind: .responses, line: 1, fragment: "column 'answer.nps' appears more than once"),
        BadCase(csv: "\nunit, unit\n", kind: .outcomes, line: 2, fragment: "column 'unit' appears more than once"),
        BadCase(csv: "survey,answer.\n", kind: .responses, line: 1, fragment: "column 'answer.' needs a field id"),
        BadCase(csv: "unit,attr.\n", kind: .outcomes, line: 1, fragment: "column 'attr.' needs an attribute name"),
        BadCase(csv: "survey,answers\n", kind: .responses, line: 1, fragment: "column 'answers' is not supported"),
        BadCase(csv: "unit,attributes\n", kind: .outcomes, line: 1, fragment: "column 'attributes' is not supported"),
        BadCase(csv: "a\n\"open\n", kind: .responses, line: 2, fragment: "never closed"),
    ])
    func malformedFilesNameTheLine(_ example: BadCase) {
        #expect {
            try CSVItemMapper.items(from: example.csv, kind: example.kind)
        } throws: { error in
            guard let error = error as? CSVReader.MalformedCSV else { return false }
            return error.line == example.line && error.message.contains(example.fragment)
        }
    }
}
