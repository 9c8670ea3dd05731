import CXCore
import Foundation
import Testing

@Suite("CSVReader")
struct CSVReaderTests {
    private func fields(_ text: String) throws -> [[String]] {
        try CSVReader.parse(text).map(\.fields)
    }

    @Test func plainRecordsWithLineNumbers() throws {
        let records = try CSVReader.parse("a,b,c\n1,2,3\n")
        #expect(records == [
            CSVReader.Record(line: 1, fields: ["a", "b", "c"]),
            CSVReader.Record(line: 2, fields: ["1", "2", "3"]),
        ])
    }

    @Test func lastLineWithoutLineEnd() throws {
        #expect(try fields("a,b\n1,2") == [["a", "b"], ["1", "2"]])
    }

    @Test func crlfLineEnds() throws {
        let records = try CSVReader.parse("a,b\r\n1,2\r\n3,4\r\n")
        #expect(records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test func loneCarriageReturnEndsALine() throws {
        let records = try CSVReader.parse("a\r1\r2")
        #expect(records.map(\.fields) == [["a"], ["1"], ["2"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test func emptyFields() throws {
        #expect(try fields(",a,,\n") == [["", "a", "", ""]])
        #expect(try fields("a,") == [["a", ""]])
    }

    @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
        let text = "id,comment\n1,\"fast, friendly\"\n2,\"she said \"\"wow\"\"\"\n3,\"line one\nline two\"\n4,\"\"\n"
        #expect(try fields(text) == [
            ["id", "comment"],
            ["1", "fast, friendly"],
            ["2", "she said \"wow\""],
            ["3", "line one\nline two"],
            ["4", ""],
        ])
    }

    @Test func recordsAfterAMultilineFieldKeepTheirPhysicalLine() throws {
        let text = "h1,h2\r\n1,\"a\r\nb\r\nc\"\r\n2,x\r\n"
        let records = try CSVReader.parse(text)
        #expect(records.map(\.line) == [1, 2, 5])
        #expect(records[1].fields == ["1", "a\r\nb\r\nc"])
    }

    @Test func byteOrderMarkIsDropped() throws {
        let text = "\u{FEFF}survey,nps\ns,9\n"
        #expect(try fields(text) == [["survey", "nps"], ["s", "9"]])
        let data = Data([0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8))
        #expect(try CSVReader.parse(data).map(\.fields) == [["a", "b"]])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let records = try CSVReader.parse("a\n\n1\r\n\r\n2\n\n")
        #expect(records == [
            CSVReader.Record(line: 1, fields: ["a"]),
            CSVReader.Record(line: 3, fields: ["1"]),
            CSVReader.Record(line: 5, fields: ["2"]),
        ])
    }

    @Test func emptyInputHasNoRecords() throws {
        #expect(try CSVReader.parse("").isEmpty)
        #expect(try CSVReader.parse("\u{FEFF}").isEmpty)
        #expect(try CSVReader.parse("\n\n").isEmpty)
    }

    @Test func whitespaceIsKept() throws {
        #expect(try fields(" a , b ") == [[" a ", " b "]])
    }

    @Test func nonASCIIText() throws {
        #expect(try fields("comment\n\"très bien, 👍\"\n") == [["comment"], ["très bien, 👍"]])
    }

    struct MalformedCase: Sendable, CustomStringConvertible {
        var text: String
        var line: Int
        var fragment: String
        var description: String { text.debugDescription }
    }

    @Test(arguments: [
        MalformedCase(text: "a,b\n1,\"open\n2,3\n", line: 2, fragment: "never closed"),
        MalformedCase(text: "a\n\"x\"\"", line: 2, fragment: "never closed"),
        MalformedCase(text: "a,b\n1,2\nab\"c,d\n", line: 3, fragment: "quote inside an unquoted field"),
        MalformedCase(text: "a, \"b\"\n", line: 1, fragment: "field 2: a quote inside an unquoted field"),
        MalformedCase(text: "a,b\n\"x\"y,2\n", line: 2, fragment: "after a closing quote"),
        MalformedCase(text: "a,b\n\"x\ny\"z,2\n", line: 3, fragment: "after a closing quote"),
    ])
    func malformedInputNamesTheLine(_ example: MalformedCase) {
        #expect {
            try CSVReader.parse(example.text)
        } throws: { error in
            guard let error = error as? CSVReader.MalformedCSV else { return false }
            return error.line == example.line && error.message.contains(example.fragment)
                && error.description.hasPrefix("line \(example.line): ")
        }
    }

    @Test func invalidUTF8IsRefused() {
        let data = Data(Array("a\nok\n".utf8) + [0xFF, 0xFE] + Array("\n".utf8))
        #expect(throws: CSVReader.MalformedCSV(line: 3, message: "field 1: not valid UTF-8; save the file as UTF-8")) {
            try CSVReader.parse(data)
        }
    }
}
