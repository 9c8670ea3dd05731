#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads the members of one JSON object while collecting every problem it finds, so a
/// client learns about all invalid fields of a request at once, not one per round trip.
struct ObjectReader {
    let members: [String: JSONValue]
    let index: Int?
    private(set) var issues: [ValidationIssue] = []

    init(members: [String: JSONValue], index: Int?) {
        self.members = members
        self.index = index
    }

    /// A reader of one ingested item: it must be an object holding no NUL characters, and
    /// only `allowed` keys are accepted. Otherwise the failure to return for the item.
    static func item(_ item: JSONValue, index: Int, kind: String, allowed: Set<String>) -> Result<ObjectReader, ValidationFailure> {
        guard case .object(let members) = item else {
            return .failure(ValidationFailure([ValidationIssue(index: index, field: "", message: "each \(kind) must be a JSON object, got \(item.typeName)")]))
        }
        if let path = item.pathContainingNUL() {
            return .failure(ValidationFailure([ValidationIssue(index: index, field: path, message: "must not contain NUL characters (\\u0000)")]))
        }
        var reader = ObjectReader(members: members, index: index)
        reader.rejectUnknownKeys(allowed: allowed)
        return .success(reader)
    }

    mutating func fail(_ field: String, _ message: String) {
        issues.append(ValidationIssue(index: index, field: field, message: message))
    }

    /// Records every member not in `allowed` as an unknown key.
    mutating func rejectUnknownKeys(allowed: Set<String>) {
        for key in members.keys.sorted() where !allowed.contains(key) {
            fail(key, "unknown key; allowed keys are \(allowed.sorted().joined(separator: ", "))")
        }
    }

    /// A required or optional string of 1…`maxLength` characters without control characters.
    ///
    /// Characters are counted as Unicode scalars, not as `Character`s: one grapheme can hold
    /// any number of combining marks, and these strings go into B-tree keys (ids, units,
    /// attribute segments) that PostgreSQL refuses beyond 2,704 bytes. At most 4 bytes a
    /// scalar, a 200-character value stays within 800 bytes.
    mutating func string(_ key: String, required: Bool, maxLength: Int = 200) -> String? {
        guard let value = members[key], value != .null else {
            if required { fail(key, "is required") }
            return nil
        }
        guard case .string(let string) = value else {
            fail(key, "must be a string, got \(value.typeName)")
            return nil
        }
        if string.isEmpty {
            fail(key, "must not be empty")
            return nil
        }
        if string.unicodeScalars.count > maxLength {
            fail(key, "must be at most \(maxLength) characters")
            return nil
        }
        if string.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            fail(key, "must not contain control characters")
            return nil
        }
        return string
    }

    /// A required RFC 3339 timestamp, refused when further than `maxFuture` ahead of `now`.
    mutating func timestamp(_ key: String, now: Date, maxFuture: Double = 86_400) -> Date? {
        guard let text = string(key, required: true, maxLength: 64) else { return nil }
        guard let date = Timestamp.parse(text) else {
            fail(key, "must be an RFC 3339 timestamp with a zone, e.g. 2026-11-03T10:15:00Z")
            return nil
        }
        if date.timeIntervalSince(now) > maxFuture {
            fail(key, "must not be more than 24 hours in the future")
            return nil
        }
        return date
    }

    /// Optional flat attributes: an object whose values are strings, numbers or booleans.
    /// Names and string values are counted in Unicode scalars, as in ``string(_:required:maxLength:)``:
    /// each becomes a segment of `answer_rollups`, whose primary key holds both.
    mutating func attributes(_ key: String) -> [String: JSONValue] {
        guard let value = members[key], value != .null else { return [:] }
        guard case .object(let attributes) = value else {
            fail(key, "must be an object of strings, numbers or booleans, got \(value.typeName)")
            return [:]
        }
        var valid: [String: JSONValue] = [:]
        for (name, attribute) in attributes.sorted(by: { $0.key < $1.key }) {
            let field = "\(key).\(name)"
            guard !name.isEmpty, name.unicodeScalars.count <= 64 else {
                fail(field, "attribute names must be 1–64 characters")
                continue
            }
            switch attribute {
            case .string(let string) where string.unicodeScalars.count > 200:
                fail(field, "must be at most 200 characters")
            case .string, .bool, .null:
                valid[name] = attribute
            case .number(let number) where number.isFinite:
                valid[name] = attribute
            default:
                fail(field, "must be a string, number or boolean, got \(attribute.typeName)")
            }
        }
        return valid
    }
}
