import CXCore
import Foundation
import Testing

@Suite("BatchParser")
struct BatchParserTests {
    private func parse(_ text: String, ndjson: Bool) throws -> [JSONValue] {
        try BatchParser.parse(Data(text.utf8), ndjson: ndjson)
    }

    @Test func singleObjectIsOneItem() throws {
        let items = try parse(#"{"survey":"support","answers":{"nps":9}}"#, ndjson: false)
        #expect(items == [.object(["survey": .string("support"), "answers": .object(["nps": .number(9)])])])
    }

    @Test func arrayIsOneItemPerElement() throws {
        let items = try parse(#"[{"a":1},{"a":2},{"a":3}]"#, ndjson: false)
        #expect(items == [.object(["a": .number(1)]), .object(["a": .number(2)]), .object(["a": .number(3)])])
        #expect(try parse("[]", ndjson: false).isEmpty)
    }

    @Test func valuesKeepTheirJSONTypes() throws {
        let items = try parse(#"{"n":null,"t":true,"f":false,"i":0,"d":129.9,"s":"x","a":[1,"y"]}"#, ndjson: false)
        #expect(items == [.object([
            "n": .null, "t": .bool(true), "f": .bool(false), "i": .number(0), "d": .number(129.9),
            "s": .string("x"), "a": .array([.number(1), .string("y")]),
        ])])
    }

    @Test(arguments: [#""hello""#, "42", "true", "null"])
    func scalarDocumentIsOneItemForValidationToRefuse(_ text: String) throws {
        let items = try parse(text, ndjson: false)
        #expect(items.count == 1)
        #expect(items.first?.objectValue == nil)
    }

    @Test func ndjsonWithBlankLinesAndCRLF() throws {
        let body = "{\"a\":1}\r\n\r\n{\"a\":2}\n   \n\t\n{\"a\":3}\r\n"
        let items = try parse(body, ndjson: true)
        #expect(items == [.object(["a": .number(1)]), .object(["a": .number(2)]), .object(["a": .number(3)])])
    }

    @Test func ndjsonLastLineWithoutNewline() throws {
        #expect(try parse("{\"a\":1}\n{\"a\":2}", ndjson: true).count == 2)
    }

    @Test func emptyNDJSONBodyHasNoItems() throws {
        #expect(try parse("", ndjson: true).isEmpty)
        #expect(try parse("\n\r\n", ndjson: true).isEmpty)
    }

    @Test func malformedNDJSONLineIsNamed() {
        #expect {
            try parse("{\"a\":1}\n{\"a\":\n{\"a\":3}\n", ndjson: true)
        } throws: { error in
            guard let error = error as? BatchParser.MalformedBody else { return false }
            return error.message.hasPrefix("line 2: malformed JSON")
        }
    }

    @Test func malformedLineCountsBlankLines() {
        #expect {
            try parse("\n{\"a\":1}\r\n\r\n{oops}\n", ndjson: true)
        } throws: { error in
            (error as? BatchParser.MalformedBody)?.message.hasPrefix("line 4: malformed JSON") == true
        }
    }

    @Test func arrayOnOneNDJSONLineIsOneItem() throws {
        // Each NDJSON line is one item; validation refuses an array item as the wrong type.
        #expect(try parse("[1,2]\n", ndjson: true) == [.array([.number(1), .number(2)])])
    }

    @Test(arguments: [#"{"a":1"#, "[1,2", "{'a':1}", "nope", #"{"a":1} {"a":2}"#])
    func malformedDocumentIsRefused(_ text: String) {
        #expect {
            try parse(text, ndjson: false)
        } throws: { error in
            (error as? BatchParser.MalformedBody)?.message.hasPrefix("body: malformed JSON") == true
        }
    }

    @Test func emptyBodyIsRefused() {
        #expect {
            try parse("", ndjson: false)
        } throws: { error in
            (error as? BatchParser.MalformedBody)?.message == "body: empty; expected JSON"
        }
    }
}
