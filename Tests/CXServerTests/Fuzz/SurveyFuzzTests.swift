import Foundation
import HTTPTypes
import PropertyBased
import Testing

/// Property-based fuzzing of `PUT /v1/surveys/{key}` with fixed seeds.
@Suite("Fuzz: survey definitions")
struct SurveyFuzzTests {
    @Test("random bodies: 400 if not JSON, else 422 or stored as one version; never 5xx; a rejection writes nothing")
    func randomBodies() async throws {
        try await FuzzSession.run { session in
            try await fuzz(seed: 7_101, count: 100, FuzzGen.body(keys: ItemGen.surveyKeys)) { document in
                let before = try await session.rows()
                let reply = try await session.send(.put, "/v1/surveys/fuzzed", body: document.bytes)
                let after = try await session.rows()
                return Self.properties(reply, isJSON: document.value != nil, before: before, after: after)
            }
        }
    }

    @Test("one mutated field of a valid definition: refused naming only that field and writing nothing, or stored")
    func mutatedDefinitions() async throws {
        try await FuzzSession.run { session in
            let generator = zip(Mutation.generator.optional(valueRate: 0.85), Gen.bool(0.15))
            try await fuzz(seed: 7_102, count: 100, generator) { mutation, wrapped in
                let (definition, field) = mutation?.apply(to: ItemGen.survey) ?? (ItemGen.survey, nil)
                // A definition is one object: the same object inside an array is refused (422).
                let document = wrapped ? FuzzDocument.array([definition]) : definition
                let before = try await session.rows()
                let reply = try await session.send(.put, "/v1/surveys/fuzzed", body: document.bytes)
                let after = try await session.rows()
                let code = reply.status.code
                var problems = Self.properties(reply, isJSON: document.value != nil, before: before, after: after)
                if wrapped, document.value != nil, code != 422 { problems.append("an array body answered \(code) \(reply.body.prefix(200))") }
                if mutation == nil, !wrapped, code != 200, code != 201 { problems.append("the valid definition answered \(code) \(reply.body.prefix(200))") }
                if code == 422, !wrapped {
                    let stray = ReplyProperties.issues(reply).filter { issue in issue.index != nil || !(field.map { issue.field.names($0) } ?? true) }
                    if !stray.isEmpty { problems.append("issues \(stray) do not name the mutated field \(field ?? "?")") }
                }
                if !problems.isEmpty { problems.append("mutation: \(mutation.map { "\($0)" } ?? "none"), wrapped in an array: \(wrapped)") }
                return problems
            }
        }
    }

    @Test("hostile survey keys in the path: 400, 404 or 405 as JSON, or a valid key stored; never 5xx")
    func hostileKeys() async throws {
        try await FuzzSession.run { session in
            var allowed = CharacterSet.urlPathAllowed
            allowed.remove(charactersIn: "/;?#%")
            let keys = HostileInput.strings.filter { $0.utf8.count < 2_000 } + ["a", "A-1_b", String(repeating: "k", count: 64), String(repeating: "k", count: 65)]
            for key in keys {
                let encoded = key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key
                let before = try await session.rows()
                let reply = try await session.send(.put, "/v1/surveys/" + encoded, body: Array(supportSurvey.utf8))
                let after = try await session.rows()
                var problems = ReplyProperties.general(reply, before: before, after: after)
                if ![200, 201, 400, 404, 405].contains(reply.status.code) { problems.append("status \(reply.status.code)") }
                #expect(problems == [], "key \(key.prefix(80)): \(reply.status) \(reply.body.prefix(200))")
            }
        }
    }

    /// A PUT's reply: 400 only for a body that is not JSON, 422 or 200/201 for one that is;
    /// a stored definition adds at most one version (exactly one when created).
    static func properties(_ reply: FuzzReply, isJSON: Bool, before: [TenantRows], after: [TenantRows]) -> [String] {
        var problems = ReplyProperties.general(reply, before: before, after: after)
        let versions = after[0].surveyVersions - before[0].surveyVersions
        let code = reply.status.code
        if ![200, 201, 400, 422].contains(code) {
            problems.append("unexpected status \(code): \(reply.body.prefix(200))")
        } else if (code == 400) == isJSON {
            problems.append("\(code) for a body that is\(isJSON ? "" : " not") JSON: \(reply.body.prefix(200))")
        } else if code == 201 ? versions != 1 : code == 200 && versions > 1 {
            problems.append("\(code) but \(versions) versions added")
        }
        var others = after[0]
        others.surveyVersions = before[0].surveyVersions
        if others != before[0] { problems.append("rows other than survey versions changed: \(before[0]) → \(after[0])") }
        return problems
    }
}
