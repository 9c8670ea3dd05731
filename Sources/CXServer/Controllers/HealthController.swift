import CXStore
import Hummingbird
import NIOCore

/// `GET /health` (checks the database) and `GET /metrics` (Prometheus text).
struct HealthController {
    typealias Context = AppRequestContext
    let database: Database
    let metrics: ServiceMetrics

    struct Health: ResponseCodable {
        var status: String
        var database: String
    }

    func addRoutes(to router: Router<Context>) {
        router.get("health", use: health)
        router.get("metrics", use: exposition)
    }

    @Sendable func health(request: Request, context: Context) async throws -> EditedResponse<Health> {
        do {
            try await database.ping()
            return EditedResponse(status: .ok, response: Health(status: "ok", database: "ok"))
        } catch {
            return EditedResponse(status: .serviceUnavailable, response: Health(status: "unavailable", database: error.message))
        }
    }

    @Sendable func exposition(request: Request, context: Context) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
    }
}
