import CXCore
import CXDecide
import CXStore
import Foundation
import Hummingbird

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

    /// `{"decision_id","action","channel","propensity","arm","policy_version","holdout"}`;
    /// `channel` and `arm` are null rather than absent.
    struct DecisionBody: ResponseCodable {
        var decisionID: String
        var action: String
        var channel: String?
        var propensity: Double
        var arm: String?
        var policyVersion: String
        var holdout: Bool

        enum CodingKeys: String, CodingKey {
            case action, channel, propensity, arm, holdout
            case decisionID = "decision_id"
            case policyVersion = "policy_version"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(decisionID, forKey: .decisionID)
            try container.encode(action, forKey: .action)
            try container.encode(channel, forKey: .channel)
            try container.encode(propensity, forKey: .propensity)
            try container.encode(arm, forKey: .arm)
            try container.encode(policyVersion, forKey: .policyVersion)
            try container.encode(holdout, forKey: .holdout)
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
        await service.invalidate(tenant: principal.tenant)
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
        return DecisionBody(decisionID: record.decisionID, action: record.action, channel: record.channel,
                            propensity: record.propensity, arm: record.arm, policyVersion: record.policyVersion,
                            holdout: record.holdout)
    }

    /// The request's body as one JSON document (an array is refused by the parsers as not an object).
    private func oneObject(_ request: Request) async throws -> JSONValue {
        try BatchParser.document(Data(try await request.body.collectWithinLimit(maxBodyBytes).readableBytesView))
    }
}
