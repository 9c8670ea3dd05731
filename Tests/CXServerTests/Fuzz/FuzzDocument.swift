import CXCore

/// A JSON text under construction that can hold what ``JSONValue`` cannot: numbers as
/// written (`1e400`, 64-digit integers), strings with invalid UTF-8, lone surrogates or raw
/// NUL bytes, nesting 10,000 levels deep, and plain garbage.
///
/// It knows, by construction, whether cxloop must accept the text as JSON: RFC 8259 within
/// the limits its §9 lets a parser set and `JSONParser` documents (nesting depth 64, numbers
/// finite as a `Double`, strings of Unicode scalars). That decides 400 (not JSON) against
/// 422 or 2xx (JSON, right or wrong for the endpoint), so the two are never confused.
indirect enum FuzzDocument: Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    /// A number literal that follows the RFC 8259 grammar (out of `Double` range is allowed).
    case number(String)
    case string(FuzzString)
    case array([FuzzDocument])
    /// Members in order; keys may repeat (the last one wins).
    case object([FuzzMember])
    /// `levels` arrays (or objects under the key "a") around `inner`, written without recursion.
    case nested(levels: Int, objects: Bool, inner: FuzzDocument)
    /// Bytes written as they are where a value belongs; never JSON (see `FuzzGen.garbage`).
    case garbage([UInt8])

    /// The JSON text.
    var bytes: [UInt8] {
        var output: [UInt8] = []
        write(to: &output)
        return output
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    var description: String {
        let shown = text
        return shown.utf8.count <= 300 ? shown : String(shown.prefix(300)) + "… (\(shown.utf8.count) bytes)"
    }

    private func write(to output: inout [UInt8]) {
        switch self {
        case .null: output += Array("null".utf8)
        case .bool(let flag): output += Array((flag ? "true" : "false").utf8)
        case .number(let literal): output += Array(literal.utf8)
        case .string(let string): output += string.bytes
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                item.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (position, member) in members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                output += member.key.bytes
                output.append(UInt8(ascii: ":"))
                member.value.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .nested(let levels, let objects, let inner):
            let open = Array((objects ? #"{"a":"# : "[").utf8)
            for _ in 0..<levels { output += open }
            inner.write(to: &output)
            output += [UInt8](repeating: UInt8(ascii: objects ? "}" : "]"), count: levels)
        case .garbage(let bytes): output += bytes
        }
    }

    /// Nesting depth of arrays and objects (a scalar is 0, `[]` is 1).
    var depth: Int {
        switch self {
        case .null, .bool, .number, .string, .garbage: 0
        case .array(let items): 1 + (items.map(\.depth).max() ?? 0)
        case .object(let members): 1 + (members.map(\.value.depth).max() ?? 0)
        case .nested(let levels, _, let inner): levels + inner.depth
        }
    }

    /// The value cxloop must read from this text, or `nil` when it must refuse the text as
    /// malformed (400). Derived from the construction, not from cxloop's parser.
    var value: JSONValue? {
        guard depth <= JSONParser.maxDepth else { return nil }
        return decoded
    }

    private var decoded: JSONValue? {
        switch self {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let literal):
            guard let number = Double(literal), number.isFinite else { return nil }
            return .number(number)
        case .string(let string): return string.decoded.map(JSONValue.string)
        case .array(let items):
            var values: [JSONValue] = []
            for item in items {
                guard let value = item.decoded else { return nil }
                values.append(value)
            }
            return .array(values)
        case .object(let members):
            var values: [String: JSONValue] = [:]
            for member in members {
                guard let key = member.key.decoded, let value = member.value.decoded else { return nil }
                values[key] = value
            }
            return .object(values)
        case .nested(let levels, let objects, let inner):
            guard var value = inner.decoded else { return nil }
            for _ in 0..<levels { value = objects ? .object(["a": value]) : .array([value]) }
            return value
        case .garbage: return nil
        }
    }

    /// The members of an object, or `nil`.
    var members: [FuzzMember]? {
        if case .object(let members) = self { return members }
        return nil
    }
}

struct FuzzMember: Sendable {
    var key: FuzzString
    var value: FuzzDocument

    init(_ key: FuzzString, _ value: FuzzDocument) {
        self.key = key
        self.value = value
    }

    init(_ key: String, _ value: FuzzDocument) {
        self.init(FuzzString(key), value)
    }
}

/// A JSON string literal built from pieces, some of which may break it.
struct FuzzString: Sendable, Hashable, CustomStringConvertible {
    enum Piece: Sendable, Hashable {
        /// Text written as UTF-8 with the escapes JSON requires (`"`, `\`, controls);
        /// with `escapeAll`, every non-ASCII scalar as `\uXXXX` (surrogate pairs above U+FFFF).
        case text(String, escapeAll: Bool)
        /// Bytes that make the literal malformed (invalid UTF-8, a raw control byte, a lone
        /// surrogate escape followed by a non-escape, a bad escape).
        case invalid([UInt8])
    }

    var pieces: [Piece]

    init(_ text: String, escapeAll: Bool = false) {
        pieces = [.text(text, escapeAll: escapeAll)]
    }

    init(pieces: [Piece]) {
        self.pieces = pieces
    }

    /// The string cxloop must decode, or `nil` when the literal is malformed.
    var decoded: String? {
        var result = ""
        for piece in pieces {
            guard case .text(let text, _) = piece else { return nil }
            result += text
        }
        return result
    }

    var description: String { String(decoding: bytes, as: UTF8.self) }

    /// The literal with its quotes.
    var bytes: [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "\"")]
        for piece in pieces {
            switch piece {
            case .invalid(let bytes): output += bytes
            case .text(let text, let escapeAll):
                for scalar in text.unicodeScalars {
                    switch scalar {
                    case "\"": output += Array(#"\""#.utf8)
                    case "\\": output += Array(#"\\"#.utf8)
                    case _ where scalar.value < 0x20 || (escapeAll && scalar.value > 0x7E):
                        for unit in String(scalar).utf16 { output += Array(Self.escape(unit).utf8) }
                    default: output += Array(String(scalar).utf8)
                    }
                }
            }
        }
        output.append(UInt8(ascii: "\""))
        return output
    }

    /// `\uXXXX` of one UTF-16 code unit, in lowercase or uppercase hex alternately by value.
    static func escape(_ unit: UInt16) -> String {
        let hex = String(unit, radix: 16, uppercase: unit % 2 == 0)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
