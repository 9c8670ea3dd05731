import CXCore
import CXServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite("Survey definitions")
struct SurveyRoutesTests {
    @Test("PUT creates version 1 (201), an identical PUT keeps it (200), a change makes version 2")
    func versioning() async throws {
        let app = try await TestApp.make()
        let key = try await app.key("acme", .admin)
        try await app.test { client in
            let created = try await client.send(.put, "/v1/surveys/support", key: key, body: supportSurvey)
            #expect(created.status == .created)
            #expect(try json(created.body)["version"] as? Int == 1)
            let same = try await client.send(.put, "/v1/surveys/support", key: key, body: supportSurvey)
            #expect(same.status == .ok)
            #expect(try json(same.body)["version"] as? Int == 1)
            #expect(try json(same.body)["changed"] as? Bool == false)
            let changed = supportSurvey.replacingOccurrences(of: "Support follow-up", with: "Support survey")
            let second = try await client.send(.put, "/v1/surveys/support", key: key, body: changed)
            #expect(second.status == .ok)
            #expect(try json(second.body)["version"] as? Int == 2)
            let read = try json(try await client.send(.get, "/v1/surveys/support", key: key).body)
            #expect(read["title"] as? String == "Support survey")
            #expect((read["fields"] as? [[String: Any]])?.map { $0["id"] as? String } == ["nps", "sat", "effort", "q03", "comment"])
            // Answers keep the version they were validated against.
            #expect(try await client.send(.post, "/v1/responses", key: key, body: response("s-1")).status == .ok)
            #expect(try await client.send(.get, "/v1/surveys/nope", key: key).status == .notFound)
        }
        #expect(try await app.count("SELECT max(survey_version) FROM answers") == 2)
        #expect(try await app.count("SELECT count(*) FROM survey_versions") == 2)
    }

    @Test("an invalid definition is 422 with every problem; a bad key is 400")
    func invalidDefinition() async throws {
        let app = try await TestApp.make()
        let key = try await app.key("acme", .admin)
        try await app.test { client in
            let body = #"{"title":"x","population":"martians","fields":[{"id":"a","type":"nps","scale":[1,5]},{"id":"a","type":"csat"},{"id":"b","type":"stars"}]}"#
            let result = try await client.send(.put, "/v1/surveys/x", key: key, body: body)
            #expect(result.status == .unprocessableContent)
            let fields = Set((try json(result.body)["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["population", "fields[0].scale", "fields[1].id", "fields[2].type"])
            #expect(try await client.send(.put, "/v1/surveys/bad%20key!", key: key, body: supportSurvey).status == .badRequest)
        }
        #expect(try await app.count("SELECT count(*) FROM surveys") == 0)
    }

    @Test("a definition is one object: the same object inside an array is 422 (it was stored: found by the fuzz suite)")
    func arrayBodyIsRefused() async throws {
        let app = try await TestApp.make()
        let key = try await app.key("acme", .admin)
        try await app.test { client in
            let result = try await client.send(.put, "/v1/surveys/x", key: key, body: "[\(supportSurvey)]")
            #expect(result.status == .unprocessableContent)
            #expect(result.body.contains("the body must be one survey definition object"))
            let experiment = try await client.send(.post, "/v1/experiments", key: key, body: "[\(ExperimentRoutesTests.offer)]")
            #expect(experiment.status == .unprocessableContent)
            #expect(experiment.body.contains("must be a JSON object, got an array"), "\(experiment.body)")
        }
        #expect(try await app.count("SELECT count(*) FROM surveys") == 0)
        #expect(try await app.count("SELECT count(*) FROM experiments") == 0)
    }
}
