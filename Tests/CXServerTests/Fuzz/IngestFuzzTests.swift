import CXCore
import CXServer
import Foundation
import HTTPTypes
import PropertyBased
import Testing

/// Property-based fuzzing of the ingestion endpoints (issue 7, hostile input) with fixed
/// seeds: every run sends the same requests, and a failure names its case and input.
@Suite("Fuzz: ingestion")
struct IngestFuzzTests {
    @Test("random JSON and non-JSON bodies: 400 if not JSON, else 422 or stored; never 5xx; a rejection writes nothing",
          arguments: IngestEndpoint.allCases)
    func randomBodies(endpoint: IngestEndpoint) async throws {
        try await FuzzSession.run { session in
            let generator = zip(FuzzGen.body(keys: endpoint.keys), Gen.bool(0.3))
            try await fuzz(seed: 7_001, count: 120, generator) { document, ndjson in
                // As NDJSON, an array body becomes one item per line.
                let lines = ndjson ? (document.arrayItems ?? [document]) : [document]
                let body = ndjson ? Array(lines.map(\.bytes).joined(separator: Array("\n".utf8))) : document.bytes
                let values = lines.map(\.value)
                let isJSON = ndjson ? values.allSatisfy { $0 != nil } : document.value != nil
                let items = ndjson ? lines.count : (document.arrayItems?.count ?? 1)
                let before = try await session.rows()
                let reply = try await session.send(.post, endpoint.uri, body: body, contentType: ndjson ? "application/x-ndjson" : "application/json")
                let after = try await session.rows()
                return ReplyProperties.ingestion(reply, endpoint: endpoint, isJSON: isJSON, items: items, exact: false, before: before, after: after)
            }
        }
    }

    @Test("one mutated field in a valid batch (object, array, NDJSON): refused naming only that field and writing nothing, or stored exactly",
          arguments: IngestEndpoint.allCases)
    func mutatedItems(endpoint: IngestEndpoint) async throws {
        let valid = switch endpoint {
        case .responses: ItemGen.response.eraseToAny()
        case .outcomes: ItemGen.outcome.eraseToAny()
        case .exposures: ItemGen.exposure.eraseToAny()
        }
        let generator = zip(valid.array(of: 1...4), Gen.int(in: 0...3), Mutation.generator, BatchForm.generator)
        try await FuzzSession.run { session in
            try await fuzz(seed: 7_002, count: 150, generator) { original, position, mutation, form in
                let count = form.itemCount(original)
                let index = position % count
                var items = Array(original.prefix(count))
                let (mutated, field) = mutation.apply(to: items[index])
                items[index] = mutated
                let values = form.kind == .array ? FuzzDocument.array(items).value?.arrayValues : items.map(\.value)
                let isJSON = values?.allSatisfy { $0 != nil } == true && form.truncateLast == nil
                let before = try await session.rows()
                let reply = try await session.send(.post, endpoint.uri, body: form.body(items), contentType: form.contentType)
                let after = try await session.rows()
                var problems = ReplyProperties.ingestion(
                    reply, endpoint: endpoint, isJSON: isJSON, items: count, exact: true, before: before, after: after)
                switch reply.status.code {
                case 422:
                    let issues = ReplyProperties.issues(reply)
                    if issues.isEmpty { problems.append("422 without issues") }
                    let stray = issues.filter { issue in
                        issue.index != index || !(field.map { issue.field.names($0) } ?? true)
                    }
                    if !stray.isEmpty { problems.append("\(form), item \(index): issues \(stray) do not name the mutated field \(field ?? "?")") }
                case 200:
                    let duplicates = ReplyProperties.summary(reply)?.duplicates ?? 0
                    if duplicates == 0 {
                        problems += try await session.storedProblems((values ?? []).compactMap { $0 }, endpoint: endpoint)
                    } else if field != "submission_id" && field != "event_id" {
                        problems.append("\(duplicates) duplicates although every id is new")
                    }
                default: break
                }
                if !problems.isEmpty { problems.append("form: \(form), mutation: \(mutation)") }
                return problems
            }
        }
    }

    @Test("a body one byte over the limit is 413 in every form and writes nothing; a body at the limit is read")
    func oversizedBodies() async throws {
        try await FuzzSession.run { session in
            let limit = session.configuration.maxBodyBytes
            #expect(limit == 16 * 1024 * 1024)
            for endpoint in IngestEndpoint.allCases {
                for ndjson in [false, true] {
                    // Whitespace pads a valid body to exactly `limit` bytes, then one byte more.
                    let item = Array(Self.validItem(endpoint).utf8)
                    let open = ndjson ? item + Array("\n".utf8) : Array("[".utf8) + item + Array("]".utf8)
                    let atLimit = open + [UInt8](repeating: UInt8(ascii: " "), count: limit - open.count)
                    let contentType = ndjson ? "application/x-ndjson" : "application/json"
                    let before = try await session.rows()
                    let over = try await session.send(.post, endpoint.uri, body: atLimit + [UInt8(ascii: "\n")], contentType: contentType)
                    let after = try await session.rows()
                    #expect(over.status == .contentTooLarge, "\(endpoint) over the limit: \(over.status)")
                    #expect(over.body.contains("\(limit) bytes"), "\(over.body)")
                    #expect(ReplyProperties.general(over, before: before, after: after) == [])
                    // Reading a whole 16 MiB body costs seconds in a debug build: once is enough.
                    if endpoint == .outcomes && !ndjson {
                        let at = try await session.send(.post, endpoint.uri, body: atLimit, contentType: contentType)
                        #expect(at.body == #"{"accepted":1,"duplicates":0}"#, "at the limit: \(at.status) \(at.body)")
                    }
                }
            }
            // Survey definitions have their own limit of 1 MiB.
            let survey = Array(supportSurvey.utf8)
            let before = try await session.rows()
            let overSurvey = try await session.send(
                .put, "/v1/surveys/big", body: survey + [UInt8](repeating: UInt8(ascii: " "), count: 1024 * 1024 + 1 - survey.count))
            #expect(overSurvey.status == .contentTooLarge)
            #expect(ReplyProperties.general(overSurvey, before: before, after: try await session.rows()) == [])
            // Many tiny items within the byte limit but over the item limit: 413 naming the item limit.
            let items = session.configuration.maxBatchItems + 1
            let reply = try await session.send(.post, "/v1/outcomes", body: Array(("[" + Array(repeating: "{}", count: items).joined(separator: ",") + "]").utf8))
            #expect(reply.status == .contentTooLarge)
            #expect(reply.body.contains("the limit is \(items - 1)"), "\(reply.body)")
            #expect(ReplyProperties.general(reply, before: before, after: try await session.rows()) == [])
        }
    }

    @Test("oversized and hostile header values get a 4xx JSON answer or are ignored, never 5xx")
    func hostileHeaders() async throws {
        try await FuzzSession.run { session in
            let huge = String(repeating: "A", count: 100_000)
            let many = HTTPFields((0..<1_000).map { HTTPField(name: HTTPField.Name("x-fuzz-\($0)")!, value: String(huge.prefix(1_000))) })
            let cases: [(name: String, authorization: String??, contentType: String, extra: HTTPFields, expected: HTTPResponse.Status)] = [
                ("no key", .some(nil), "application/json", [:], .unauthorized),
                ("a 100 kB bearer key", "Bearer " + huge, "application/json", [:], .unauthorized),
                ("a 100 kB key without a scheme", huge, "application/json", [:], .unauthorized),
                ("SQL as the key", "Bearer ' OR 1=1 --", "application/json", [:], .unauthorized),
                ("a NUL in the key", "Bearer cx_\u{0}x", "application/json", [:], .unauthorized),
                ("a 100 kB content type", .none, "application/" + huge, [:], .ok),
                ("an unknown content type", .none, "text/plain; charset=EBCDIC", [:], .ok),
                ("a thousand 1 kB headers", .none, "application/json", many, .ok),
            ]
            for header in cases {
                let body = Array(Self.validItem(.outcomes).utf8)
                let before = try await session.rows()
                let reply = try await session.send(
                    .post, "/v1/outcomes", body: body, contentType: header.contentType, authorization: header.authorization, headers: header.extra)
                let after = try await session.rows()
                #expect(reply.status == header.expected, "\(header.name): \(reply.status) \(reply.body)")
                #expect(ReplyProperties.general(reply, before: before, after: after) == [], "\(header.name)")
            }
        }
    }

    /// A valid item with a new id, as JSON text.
    static func validItem(_ endpoint: IngestEndpoint) -> String {
        let id = UUID().uuidString
        return switch endpoint {
        case .responses: response("s-\(id)")
        case .outcomes: #"{"event_id":"e-\#(id)","unit":"c","type":"purchase","value":1.5,"occurred_at":"2026-11-03T11:00:00Z"}"#
        case .exposures: ExposureTests.exposure("x-\(id)")
        }
    }
}

extension String {
    /// Whether this error field is `path` or lies under it (`path.key`, `path[2]`).
    func names(_ path: String) -> Bool {
        self == path || hasPrefix(path + ".") || hasPrefix(path + "[")
    }
}

extension FuzzDocument {
    /// The items of an array, or nil.
    var arrayItems: [FuzzDocument]? {
        if case .array(let items) = self { return items }
        return nil
    }
}

extension JSONValue {
    /// The elements of an array as optionals (to compare with per-line readings), or nil.
    var arrayValues: [JSONValue?]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
