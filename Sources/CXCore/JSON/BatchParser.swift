#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Splits an ingestion body into items: one JSON object, a JSON array of objects, or
/// NDJSON (one object per line, blank lines ignored).
public enum BatchParser {
    /// The body is not well-formed JSON/NDJSON (HTTP 400).
    public struct MalformedBody: Error, Sendable, Equatable {
        public var message: String
    }

    /// Parses `body`; NDJSON when `ndjson` is true, otherwise a JSON document.
    ///
    /// A document that is valid JSON but neither an object nor an array is returned as a
    /// single item, so validation reports it (422) as the wrong type.
    public static func parse(_ body: Data, ndjson: Bool) throws(MalformedBody) -> [JSONValue] {
        if ndjson {
            var items: [JSONValue] = []
            var lineNumber = 0
            for line in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                lineNumber += 1
                let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
                if trimmed.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
                items.append(try decode(Data(trimmed), context: "line \(lineNumber)"))
            }
            return items
        }
        let document = try decode(body, context: "body")
        if case .array(let items) = document { return items }
        return [document]
    }

    /// Parses a body that is one JSON document (a definition, not a batch): an array stays
    /// an array, for the caller to refuse.
    public static func document(_ body: Data) throws(MalformedBody) -> JSONValue {
        try decode(body, context: "body")
    }

    private static func decode(_ data: Data, context: String) throws(MalformedBody) -> JSONValue {
        guard !data.isEmpty else { throw MalformedBody(message: "\(context): empty; expected JSON") }
        do {
            return try JSONParser.parse(data)
        } catch {
            throw MalformedBody(message: "\(context): malformed JSON \(error)")
        }
    }
}
