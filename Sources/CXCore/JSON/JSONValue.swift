/// A JSON document as a value, so ingestion can validate every field itself and name
/// the exact field and rule that failed instead of surfacing a decoder's message.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The object's members, or `nil` when this is not an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The string, or `nil` when this is not a string.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The number, or `nil` when this is not a number.
    public var numberValue: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// A short name of the JSON type, for error messages ("got an array").
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let bool): try container.encode(bool)
        case .number(let number): try container.encode(number)
        case .string(let string): try container.encode(string)
        case .array(let array): try container.encode(array)
        case .object(let object): try container.encode(object)
        }
    }
}

extension JSONValue {
    /// The path (`answers.comment`, `attributes.x`) of the first string or key that holds a
    /// NUL character, which PostgreSQL text and jsonb cannot store; `nil` when there is none.
    public func pathContainingNUL(prefix: String = "") -> String? {
        func join(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }
        switch self {
        case .string(let string):
            return string.utf8.contains(0) ? prefix : nil
        case .array(let items):
            for (position, item) in items.enumerated() {
                if let path = item.pathContainingNUL(prefix: "\(prefix)[\(position)]") { return path }
            }
            return nil
        case .object(let members):
            for (key, value) in members.sorted(by: { $0.key < $1.key }) {
                if key.utf8.contains(0) { return join(key) }
                if let path = value.pathContainingNUL(prefix: join(key)) { return path }
            }
            return nil
        case .null, .bool, .number:
            return nil
        }
    }
}
