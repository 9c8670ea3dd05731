import CXCore
import CXStore
import Foundation
import Hummingbird
import NIOCore

/// `POST /v1/responses`, `POST /v1/outcomes` and `POST /v1/exposures`: one JSON object, a JSON array, or NDJSON
/// (`Content-Type: application/x-ndjson`). Answers `200 {"accepted":N,"duplicates":M}`
/// only after the items are committed.
struct IngestController {
    typealias Context = AppRequestContext
    let ingestor: Ingestor
    let maxBodyBytes: Int
    let maxBatchItems: Int

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("responses", use: responses)
        group.post("outcomes", use: outcomes)
        group.post("exposures", use: exposures)
    }

    @Sendable func responses(request: Request, context: Context) async throws -> IngestSummary {
        let principal = try context.require(.ingest)
        let items = try await readItems(request)
        return try await ingestor.ingestResponses(items, tenant: principal.tenant).summary
    }

    @Sendable func outcomes(request: Request, context: Context) async throws -> IngestSummary {
        let principal = try context.require(.ingest)
        let items = try await readItems(request)
        return try await ingestor.ingestOutcomes(items, tenant: principal.tenant).summary
    }

    @Sendable func exposures(request: Request, context: Context) async throws -> IngestSummary {
        let principal = try context.require(.ingest)
        let items = try await readItems(request)
        return try await ingestor.ingestExposures(items, tenant: principal.tenant).summary
    }

    private func readItems(_ request: Request) async throws -> [JSONValue] {
        try items(in: try await request.body.collectWithinLimit(maxBodyBytes), of: request)
    }

    /// The items of a collected `body`: one object, an array, or NDJSON by the request's
    /// `Content-Type`; a batch over the item limit is refused with 413.
    func items(in body: ByteBuffer, of request: Request) throws -> [JSONValue] {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let ndjson = contentType.contains("ndjson") || contentType.contains("jsonl") || contentType.contains("json-seq")
        let items = try BatchParser.parse(Data(body.readableBytesView), ndjson: ndjson)
        guard items.count <= maxBatchItems else {
            throw APIError(.contentTooLarge, "the batch has \(items.count) items; the limit is \(maxBatchItems) per request")
        }
        return items
    }
}

extension IngestSummary: ResponseCodable {}
