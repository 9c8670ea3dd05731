import CXCore
import Foundation
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test("valid documents parse to the same value Foundation's JSONDecoder gives", arguments: [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"},"f":-0.5e-3,"g":"\u00e9\ud83d\ude00\n\"\\/"}"#,
        #"  [ 1 , 2.5 , "x" , [] , {} ]  "#,
        #""just a string""#,
        "0",
        #"{"nested":[[[[[[1]]]]]],"unicode":"日本語","big":12345678901234}"#,
    ])
    func matchesFoundation(_ text: String) throws {
        let ours = try JSONParser.parse(Array(text.utf8))
        let foundations = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(ours == foundations)
    }

    @Test("escapes decode to the right scalars")
    func escapes() throws {
        #expect(try JSONParser.parse(Array(#""\ud83d\ude00 \u0041\t""#.utf8)) == .string("😀 A\t"))
    }

    @Test("invalid documents are refused with the offset of the problem", arguments: [
        ("{\"a\":1,}", "expected a string key"),
        ("[1 2]", "expected ',' or ']'"),
        ("01", "leading zeros"),
        ("1.", "digits expected after '.'"),
        ("1e400", "number out of range"),
        ("\"abc", "unterminated string"),
        ("\"a\u{01}b\"", "control character"),
        ("\"\\ud800\"", "lone surrogate"),
        ("\"\\x\"", "invalid escape"),
        ("tru", "expected true"),
        ("{} {}", "unexpected data after"),
        ("", "unexpected end of input"),
        ("NaN", "unexpected character"),
    ])
    func refused(text: String, reason: String) {
        let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(text.utf8)) }
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test("invalid UTF-8 and NUL bytes inside strings are refused")
    func bytes() {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse([0x22, 0x61, 0x00, 0x22]) }
    }

    @Test("nesting deeper than the limit is refused, at the limit accepted")
    func depth() throws {
        let limit = JSONParser.maxDepth
        _ = try JSONParser.parse(Array((String(repeating: "[", count: limit) + String(repeating: "]", count: limit)).utf8))
        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(tooDeep.utf8)) }
        #expect(error?.offset == limit)
    }
}

@Suite("JSON serialisation")
struct JSONSerializationTests {
    @Test("serialised text parses back to the same value, with sorted keys and escapes", arguments: [
        #"{"b":[1,2.5,-0.001,1e21,true,null],"a":{"z":"q\"uo\\te\n\u0001","y":{}},"c":"日本😀"}"#,
        #"[]"#,
        #""x""#,
    ])
    func roundTrip(_ text: String) throws {
        let value = try JSONParser.parse(Array(text.utf8))
        let serialized = value.serialized
        #expect(try JSONParser.parse(Array(serialized.utf8)) == value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(serialized.utf8)) == value)
    }

    @Test("objects serialise with sorted keys and integral numbers without a fraction")
    func canonical() {
        let value = JSONValue.object(["b": .number(2), "a": .number(0.5), "c": .array([.number(-3), .bool(false)])])
        #expect(value.serialized == #"{"a":0.5,"b":2,"c":[-3,false]}"#)
    }
}
