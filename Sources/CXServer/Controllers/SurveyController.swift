import CXCore
import CXStore
import Foundation
import Hummingbird

/// `PUT/GET /v1/surveys/{key}`, `GET /v1/surveys`: versioned survey definitions.
struct SurveyController {
    typealias Context = AppRequestContext
    let surveys: any SurveyRepository
    let maxBodyBytes: Int

    /// A stored definition as the API returns it.
    struct SurveyBody: ResponseCodable {
        var survey: String
        var version: Int
        var changed: Bool?
        var title: String
        var population: Population
        var fields: [SurveyField]

        init(_ stored: SurveyVersion, changed: Bool? = nil) {
            survey = stored.key
            version = stored.version
            self.changed = changed
            title = stored.definition.title
            population = stored.definition.population
            fields = stored.definition.fields
        }
    }

    struct SurveyList: ResponseCodable {
        var surveys: [SurveyBody]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.put(":key", use: put)
        group.get(":key", use: get)
        group.get(use: list)
    }

    @Sendable func put(request: Request, context: Context) async throws -> EditedResponse<SurveyBody> {
        let principal = try context.require(.admin)
        let key = try surveyKey(context)
        let body = try await request.body.collectWithinLimit(maxBodyBytes)
        // One document, not a batch: `[{…}]` is an array, not a definition.
        let json = try BatchParser.document(Data(body.readableBytesView))
        guard case .object = json else {
            throw APIError(.unprocessableContent, "validation failed", issues: [ValidationIssue(index: nil, field: "", message: "the body must be one survey definition object")])
        }
        let definition = try SurveyDefinition.parse(json).get()
        let (stored, created) = try await surveys.put(tenant: principal.tenant, key: key, definition: definition)
        return EditedResponse(status: created && stored.version == 1 ? .created : .ok, response: SurveyBody(stored, changed: created))
    }

    @Sendable func get(request: Request, context: Context) async throws -> SurveyBody {
        let principal = try context.require(.read)
        let key = try surveyKey(context)
        guard let stored = try await surveys.get(tenant: principal.tenant, key: key) else {
            throw APIError(.notFound, "no survey '\(key)'")
        }
        return SurveyBody(stored)
    }

    @Sendable func list(request: Request, context: Context) async throws -> SurveyList {
        let principal = try context.require(.read)
        return SurveyList(surveys: try await surveys.list(tenant: principal.tenant).map { SurveyBody($0) })
    }

    private func surveyKey(_ context: Context) throws -> String {
        let key = context.parameters.get("key") ?? ""
        guard SurveyDefinition.isValidIdentifier(key) else {
            throw APIError(.badRequest, "survey key must be 1–64 letters, digits, '_' or '-' starting with a letter or digit")
        }
        return key
    }
}
