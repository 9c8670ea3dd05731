import CXCore
import CXStore
import Foundation
import PostgresNIO

extension FuzzSession {
    /// Checks that each accepted item is stored as sent: the raw item, status, respondent,
    /// time and attributes of a response and one row per answered field with its value; the
    /// unit, type, value, time and attributes of an outcome or exposure. Expected values come
    /// from the test's own reading of the text (``FuzzDocument/value``) and Foundation's
    /// encoder, not from the code under test.
    func storedProblems(_ items: [JSONValue], endpoint: IngestEndpoint) async throws -> [String] {
        var problems: [String] = []
        for item in items {
            guard let members = item.objectValue else { continue }
            let problem: String? =
                switch endpoint {
                case .responses: try await responseProblem(members)
                case .outcomes, .exposures: try await outcomeProblem(members, exposure: endpoint == .exposures)
                }
            if let problem { problems.append(problem) }
        }
        return problems
    }

    private func responseProblem(_ item: [String: JSONValue]) async throws -> String? {
        let id = item["submission_id"]?.stringValue ?? ""
        let raw = try Self.encoded(.object(item))
        let attributes = try Self.encoded(item["attributes"]?.objectValue.map(JSONValue.object) ?? .object([:]))
        let rows = try await database.rows("""
            SELECT raw = \(raw)::jsonb, attributes = \(attributes)::jsonb, status, respondent,
                   extract(epoch FROM submitted_at)::float8
            FROM submissions WHERE tenant_id = \(Self.tenant) AND survey_key = 'support' AND submission_id = \(id)
            """) { try $0.decode((Bool, Bool, String, String?, Double).self) }
        guard let (sameRaw, sameAttributes, status, respondent, epoch) = rows.first else { return "submission '\(id)' accepted but not stored" }
        let expectedStatus = item["status"]?.stringValue ?? "completed"
        let expectedTime = item["submitted_at"]?.stringValue.flatMap(Timestamp.parse)?.timeIntervalSince1970 ?? .nan
        guard sameRaw, sameAttributes, status == expectedStatus, respondent == item["respondent"]?.stringValue,
            abs(epoch - expectedTime) < 0.001
        else {
            return "submission '\(id)' stored as raw equal \(sameRaw), attributes equal \(sameAttributes), \(status), \(respondent ?? "nil"), \(epoch)"
        }
        var expected: [String] = []
        for (field, value) in item["answers"]?.objectValue ?? [:] {
            switch value {
            case .number(let number): expected.append("\(field)=\(number)")
            case .string(let text) where !text.isEmpty: expected.append("\(field)='\(text)'")
            default: continue
            }
        }
        let answers = try await database.rows("""
            SELECT field_id, value_numeric, value_text FROM answers
            WHERE tenant_id = \(Self.tenant) AND survey_key = 'support' AND submission_id = \(id)
            """) { row in
            let (field, number, text) = try row.decode((String, Double?, String?).self)
            return number.map { "\(field)=\($0)" } ?? "\(field)='\(text ?? "")'"
        }
        return answers.sorted() == expected.sorted() ? nil : "submission '\(id)' answers stored as \(answers.sorted()), sent \(expected.sorted())"
    }

    private func outcomeProblem(_ item: [String: JSONValue], exposure: Bool) async throws -> String? {
        let id = item["event_id"]?.stringValue ?? ""
        var attributes = item["attributes"]?.objectValue ?? [:]
        var type = item["type"]?.stringValue ?? ""
        if exposure {
            type = "exposure_" + (item["kind"]?.stringValue ?? "")
            for key in ["experiment", "arm", "decision_id"] {
                if let value = item[key]?.stringValue { attributes[key] = .string(value) }
            }
        }
        let expectedAttributes = try Self.encoded(.object(attributes))
        let rows = try await database.rows("""
            SELECT unit, type, value, extract(epoch FROM occurred_at)::float8, attributes = \(expectedAttributes)::jsonb
            FROM outcomes WHERE tenant_id = \(Self.tenant) AND event_id = \(id)
            """) { try $0.decode((String, String, Double?, Double, Bool).self) }
        guard let (unit, storedType, value, epoch, sameAttributes) = rows.first else { return "event '\(id)' accepted but not stored" }
        let expectedTime = item["occurred_at"]?.stringValue.flatMap(Timestamp.parse)?.timeIntervalSince1970 ?? .nan
        guard unit == item["unit"]?.stringValue, storedType == type, value == item["value"]?.numberValue,
            abs(epoch - expectedTime) < 0.001, sameAttributes
        else {
            return "event '\(id)' stored as \(unit) \(storedType) \(value.map { "\($0)" } ?? "nil") \(epoch), attributes equal \(sameAttributes)"
        }
        return nil
    }

    /// JSON text of a value by Foundation's encoder (an independent serialiser), for jsonb equality.
    private static func encoded(_ value: JSONValue) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}
