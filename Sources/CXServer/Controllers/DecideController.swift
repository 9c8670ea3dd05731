import CXCore
import CXDecide
import CXStore
import Foundation
import Hummingbird
import NIOCore

/// `PUT /v1/actions/{key}`, `GET /v1/actions` (the NBX catalog) and `POST /v1/decide`
/// (DESIGN.md §7): the next best experience for one unit, logged with every candidate.
struct DecideController {
    typealias Context = AppRequestContext
    let repository: any DecideRepository
    let service: DecisionService
    let maxBodyBytes: Int

    struct ActionList: ResponseCodable {
        var actions: [ActionDefinition]
    }

    /// One stored action, as its JSON.
    struct ActionBody: ResponseEncodable {
        var action: ActionDefinition

        func encode(to encoder: any Encoder) throws {
            try action.encode(to: encoder)
        }
    }

    /// `{"action","arm","channel","decision_id","holdout","policy_version","propensity"}`;
    /// `channel` and `arm` are null rather than absent. Serialised by ``JSONValue`` rather than
    /// `JSONEncoder`, which cost this path more than the engine's scoring.
    struct DecisionBody: ResponseGenerator {
        var record: DecisionRecord

        var json: JSONValue {
            .object([
                "decision_id": .string(record.decisionID), "action": .string(record.action),
                "channel": record.channel.map(JSONValue.string) ?? .null, "propensity": .number(record.propensity),
                "arm": record.arm.map(JSONValue.string) ?? .null, "policy_version": .string(record.policyVersion),
                "holdout": .bool(record.holdout),
            ])
        }

        func response(from request: Request, context: some RequestContext) -> Response {
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: json.serialized)))
        }
    }

    func addRoutes(to v1: RouterGroup<Context>) {
        v1.put("actions/:key", use: putAction)
        v1.get("actions", use: listActions)
        v1.post("decide", use: decide)
    }

    @Sendable func putAction(request: Request, context: Context) async throws -> EditedResponse<ActionBody> {
        let principal = try context.require(.admin)
        let key = context.parameters.get("key") ?? ""
        let action = try ActionDefinition.parse(key: key, try await oneObject(request)).get()
        let created = try await repository.putAction(tenant: principal.tenant, action: action)
        service.invalidate(tenant: principal.tenant)
        return EditedResponse(status: created ? .created : .ok, response: ActionBody(action: action))
    }

    @Sendable func listActions(request: Request, context: Context) async throws -> ActionList {
        let principal = try context.require(.read)
        return ActionList(actions: try await repository.actions(tenant: principal.tenant))
    }

    @Sendable func decide(request: Request, context: Context) async throws -> DecisionBody {
        let principal = try context.require(.decide)
        let input = try DecideInput.parse(try await oneObject(request)).get()
        let record: DecisionRecord
        do {
            record = try await service.decide(tenant: principal.tenant, input: input)
        } catch let error as DecideError {
            switch error.code {
            case .unknownExperiment, .unknownChannel:
                throw APIError(.unprocessableContent, "validation failed", issues: [ValidationIssue(
                    index: nil, field: error.code == .unknownChannel ? "channels" : "experiment", message: error.message)])
            case .notReady, .experimentStopped, .unknownPolicy: throw APIError(.conflict, error.message)
            default: throw APIError(.conflict, "the tenant's NBX configuration cannot decide: \(error.message)")
            }
        }
        return DecisionBody(record: record)
    }

    /// The request's body as one JSON document (an array is refused by the parsers as not an object).
    private func oneObject(_ request: Request) async throws -> JSONValue {
        try BatchParser.document(Data(try await request.body.collectWithinLimit(maxBodyBytes).readableBytesView))
    }
}
