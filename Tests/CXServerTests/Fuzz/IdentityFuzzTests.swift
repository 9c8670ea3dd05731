import CXCore
import CXStore
import Foundation
import HTTPTypes
import PostgresNIO
import PropertyBased
import Testing

/// Ids that are different bytes but equal Swift strings (canonically equivalent Unicode,
/// e.g. "é" and "e\u{301}"): PostgreSQL keeps them apart, so cxloop must too.
@Suite("Fuzz: ids equal only up to Unicode normalization")
struct IdentityFuzzTests {
    /// Pairs of canonically equivalent spellings: composed and decomposed, and singletons.
    static let equivalents: [(String, String)] = [
        ("é", "e\u{301}"), ("Å", "A\u{30A}"), ("\u{212B}", "\u{C5}"), ("ñ", "n\u{303}"), ("ệ", "e\u{323}\u{302}"),
        ("\u{1E69}", "s\u{323}\u{307}"), ("가", "\u{1100}\u{1161}"), ("\u{2126}", "\u{3A9}"),
    ]

    static let pairs: Generator<(String, String), some SendableSequenceType> = zip(
        Gen.letterOrNumber.string(of: 1...8), Gen.int(in: 0...(equivalents.count - 1))
    ).map { stem, choice in (stem + "-" + equivalents[choice].0, stem + "-" + equivalents[choice].1) }

    @Test("two stored partials whose ids differ only in normalization are updated separately; rollups equal a rebuild")
    func responses() async throws {
        try await FuzzSession.run { session in
            try await fuzz(seed: 7_201, count: 12, Self.pairs) { composed, decomposed in
                #expect(composed == decomposed && Array(composed.utf8) != Array(decomposed.utf8))
                var problems: [String] = []
                for id in [composed, decomposed] {
                    let first = try await session.send(.post, "/v1/responses", body: Array(response(id, nps: 3, status: "partial", at: "2026-11-02T10:00:00Z").utf8))
                    if first.body != #"{"accepted":1,"duplicates":0}"# { problems.append("first partial '\(id)': \(first.status) \(first.body)") }
                }
                let later = [response(decomposed, nps: 9, status: "partial", at: "2026-11-03T10:00:00Z"),
                             response(composed, nps: 10, status: "partial", at: "2026-11-04T10:00:00Z")]
                let before = try await session.rows()
                let reply = try await session.send(.post, "/v1/responses", body: Array("[\(later.joined(separator: ","))]".utf8))
                let after = try await session.rows()
                problems += ReplyProperties.general(reply, before: before, after: after)
                if reply.body != #"{"accepted":2,"duplicates":0}"# { problems.append("later partials: \(reply.status) \(reply.body)") }
                let stored = try await session.database.rows("""
                    SELECT a.value_numeric FROM answers a WHERE a.tenant_id = \(FuzzSession.tenant) AND a.field_id = 'nps'
                      AND a.submission_id = ANY(\([composed, decomposed])::text[]) ORDER BY convert_to(a.submission_id, 'UTF8')
                    """) { try $0.decode(Double.self) }
                let expected: [Double] = Array(composed.utf8).lexicographicallyPrecedes(Array(decomposed.utf8)) ? [10, 9] : [9, 10]
                if stored != expected { problems.append("nps stored \(stored), expected \(expected)") }
                problems += try await Self.rollupProblems(session)
                return problems
            }
        }
    }

    @Test("outcomes whose event ids differ only in normalization are two events, in one batch or two")
    func outcomes() async throws {
        try await FuzzSession.run { session in
            try await fuzz(seed: 7_202, count: 12, zip(Self.pairs, Gen.bool)) { pair, together in
                let items = [pair.0, pair.1].map { #"{"event_id":"\#($0)","unit":"u","type":"contact","occurred_at":"2026-11-03T11:00:00Z"}"# }
                var bodies = together ? ["[\(items.joined(separator: ","))]"] : items
                bodies.append(items[1])  // a replay of the second
                var replies: [String] = []
                for body in bodies { replies.append(try await session.send(.post, "/v1/outcomes", body: Array(body.utf8)).body) }
                let expected = (together ? [#"{"accepted":2,"duplicates":0}"#] : Array(repeating: #"{"accepted":1,"duplicates":0}"#, count: 2))
                    + [#"{"accepted":0,"duplicates":1}"#]
                return replies == expected ? [] : ["replies \(replies), expected \(expected)"]
            }
        }
    }

    @Test("a field, option, experiment or arm named in another normalization is stored as its definition spells it")
    func definitionSpellings() async throws {
        try await FuzzSession.run { session in
            let survey = #"{"title":"K","population":"customer","fields":[{"id":"K1","type":"nps"},{"id":"plan","type":"choice","options":["caf\u00e9"]}]}"#
            let experiment = #"{"key":"Kelvin-q4","arms":[{"name":"Kontrol","share":50},{"name":"treatment","share":50}]}"#
            #expect(try await session.send(.put, "/v1/surveys/kelvin", body: Array(survey.utf8)).status == .created)
            #expect(try await session.send(.post, "/v1/experiments", body: Array(experiment.utf8)).status == .created)
            // Each name as defined or in an equivalent spelling: a Kelvin sign for K (ids and keys are
            // ASCII identifiers, and K is the one such letter with a canonical equivalent), é decomposed.
            let spellings = zip(Gen.bool, Gen.bool, Gen.bool, Gen.bool, ItemGen.id)
            try await fuzz(seed: 7_203, count: 8, spellings) { kelvinField, decomposedOption, kelvinKey, kelvinArm, id in
                let field = kelvinField ? "\\u212a1" : "K1"
                let option = decomposedOption ? "cafe\\u0301" : "caf\\u00e9"
                let key = kelvinKey ? "\\u212Aelvin-q4" : "Kelvin-q4"
                let arm = kelvinArm ? "\\u212aontrol" : "Kontrol"
                let answer = #"{"survey":"kelvin","submission_id":"k-\#(id)","submitted_at":"2026-11-03T10:15:00Z","answers":{"\#(field)":9,"plan":"\#(option)"}}"#
                let exposure = #"{"event_id":"x-\#(id)","experiment":"\#(key)","unit":"u","arm":"\#(arm)","kind":"seen","occurred_at":"2026-11-03T10:00:00Z"}"#
                var problems: [String] = []
                for (uri, body) in [("/v1/responses", answer), ("/v1/exposures", exposure)] {
                    let reply = try await session.send(.post, uri, body: Array(body.utf8))
                    if reply.body != #"{"accepted":1,"duplicates":0}"# { problems.append("\(uri): \(reply.status) \(reply.body)") }
                }
                // Compared as bytes: `convert_to` makes PostgreSQL's `=` byte-wise whatever the collation.
                let answers = try await session.database.rows("""
                    SELECT count(*) FILTER (WHERE convert_to(field_id, 'UTF8') = convert_to('K1', 'UTF8')
                                              OR convert_to(value_text, 'UTF8') = convert_to(\("caf\u{E9}"), 'UTF8'))
                    FROM answers WHERE tenant_id = \(FuzzSession.tenant) AND submission_id = \("k-" + id)
                    """) { try $0.decode(Int.self) }
                if answers != [2] { problems.append("answers not stored under the defined field id and option: \(answers)") }
                let exposures = try await session.database.rows("""
                    SELECT count(*) FROM outcomes WHERE tenant_id = \(FuzzSession.tenant) AND event_id = \("x-" + id)
                      AND attributes->>'experiment' = 'Kelvin-q4'
                      AND attributes->>'arm' = 'Kontrol'
                    """) { try $0.decode(Int.self) }
                if exposures != [1] { problems.append("exposure not stored under the defined experiment key and arm") }
                return problems
            }
        }
    }

    /// Differences between the incrementally kept rollups and a rebuild from the answers.
    static func rollupProblems(_ session: FuzzSession) async throws -> [String] {
        let query: PostgresQuery = """
            SELECT field_id || ' ' || week || ' ' || segment_key || '=' || segment_value || ' ' || value || ' ×' || count
            FROM answer_rollups WHERE tenant_id = \(FuzzSession.tenant) AND count <> 0 ORDER BY 1
            """
        let kept = try await session.database.rows(query) { try $0.decode(String.self) }
        _ = try await PostgresIngestStore(database: session.database).rebuildRollups(tenant: FuzzSession.tenant)
        let rebuilt = try await session.database.rows(query) { try $0.decode(String.self) }
        return kept == rebuilt ? [] : ["rollups kept \(kept.filter { !rebuilt.contains($0) }) differ from a rebuild \(rebuilt.filter { !kept.contains($0) })"]
    }
}
