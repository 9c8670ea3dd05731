import CXCore
import CXStore
import Foundation
import Hummingbird

/// `POST /v1/experiments`, `GET /v1/experiments/{key}`, `GET /v1/experiments` and
/// `GET /v1/assign?experiment=KEY&unit=U` (DESIGN.md §7): GrowthBook-compatible, sticky
/// assignment that respects the tenant's global holdout.
struct ExperimentController {
    typealias Context = AppRequestContext
    let experiments: any ExperimentRepository
    let maxBodyBytes: Int

    struct ExperimentList: ResponseCodable {
        var experiments: [ExperimentBody]
    }

    /// `{"arm":"treatment","bucket":0.4211,"holdout":false}` (arm null in a holdout).
    struct AssignmentBody: ResponseCodable {
        var arm: String?
        var bucket: Double
        var holdout: Bool

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(arm, forKey: .arm)  // null, not absent, in a holdout
            try container.encode(bucket, forKey: .bucket)
            try container.encode(holdout, forKey: .holdout)
        }
    }

    func addRoutes(to v1: RouterGroup<Context>) {
        v1.post("experiments", use: create)
        v1.get("experiments", use: list)
        v1.get("experiments/:key", use: get)
        v1.get("assign", use: assign)
    }

    @Sendable func create(request: Request, context: Context) async throws -> EditedResponse<ExperimentBody> {
        let principal = try context.require(.admin)
        let body = try await request.body.collectWithinLimit(maxBodyBytes)
        // One document, not a batch: `[{…}]` is an array, which `parse` refuses.
        let json = try BatchParser.document(Data(body.readableBytesView))
        let definition = try ExperimentDefinition.parse(json).get()
        let (stored, created) = try await experiments.put(tenant: principal.tenant, definition: definition)
        return EditedResponse(status: created ? .created : .ok, response: ExperimentBody(stored, created: created))
    }

    @Sendable func get(request: Request, context: Context) async throws -> ExperimentBody {
        let principal = try context.require(.read)
        let key = context.parameters.get("key") ?? ""
        guard let stored = try await experiments.get(tenant: principal.tenant, key: key) else {
            throw APIError(.notFound, "no experiment '\(key)'")
        }
        return ExperimentBody(stored)
    }

    @Sendable func list(request: Request, context: Context) async throws -> ExperimentList {
        let principal = try context.require(.read)
        return ExperimentList(experiments: try await experiments.list(tenant: principal.tenant).map { ExperimentBody($0) })
    }

    @Sendable func assign(request: Request, context: Context) async throws -> AssignmentBody {
        let principal = try context.require(.decide)
        let query = request.uri.queryParameters
        guard let key = query["experiment"].map(String.init), !key.isEmpty else {
            throw APIError(.badRequest, "query parameter 'experiment' is required")
        }
        // Counted in Unicode scalars: the unit is part of a B-tree key (see ObjectReader.string).
        guard let unit = query["unit"].map(String.init), !unit.isEmpty, unit.unicodeScalars.count <= 200,
              !unit.unicodeScalars.contains(where: { $0.value < 0x20 })
        else {
            throw APIError(.badRequest, "query parameter 'unit' is required: 1–200 characters without control characters")
        }
        guard let stored = try await experiments.get(tenant: principal.tenant, key: key) else {
            throw APIError(.notFound, "no experiment '\(key)'")
        }
        guard stored.running else { throw APIError(.conflict, "experiment '\(key)' is stopped") }
        if let start = stored.definition.start, start > Date() {
            throw APIError(.conflict, "experiment '\(key)' starts at \(Timestamp.format(start))")
        }
        let first = ExperimentAssignment.assign(
            unit: unit, experiment: stored.definition, globalHoldout: try await experiments.globalHoldout(tenant: principal.tenant))
        let assignment = try await experiments.assign(tenant: principal.tenant, experiment: key, unit: unit, assignment: first)
        return AssignmentBody(arm: assignment.arm, bucket: assignment.bucket, holdout: assignment.holdout)
    }
}
