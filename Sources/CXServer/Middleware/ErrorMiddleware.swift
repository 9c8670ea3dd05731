import CXCore
import CXStore
import Hummingbird
import Logging

/// Turns domain errors into API errors: validation → 422 with every issue, malformed
/// body → 400, database unavailable → 503 with `Retry-After`, a conflict with stored data
/// → 409 with its message, anything else → 500
/// without internals (logged instead).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let retryAfterSeconds: Int
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let failure as ValidationFailure {
            throw APIError.invalid(failure)
        } catch let malformed as BatchParser.MalformedBody {
            throw APIError(.badRequest, malformed.message)
        } catch let error as StoreError where error.code == .unavailable {
            metrics.recordUnavailable()
            throw APIError.unavailable(retryAfterSeconds: retryAfterSeconds)
        } catch let error as StoreError where error.code == .conflict {
            throw APIError(.conflict, error.message)
        } catch let error as StoreError where error.code == .notFound {
            throw APIError(.notFound, error.message)
        } catch let error as HTTPError {
            throw APIError(error.status, error.body ?? error.status.reasonPhrase)
        } catch let error as any HTTPResponseError {
            throw APIError(error.status, error.status.reasonPhrase)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            throw APIError(.internalServerError, "internal error; the request id is \(context.id)")
        }
    }
}
