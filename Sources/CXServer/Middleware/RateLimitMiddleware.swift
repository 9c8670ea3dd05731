import CXCore
import HTTPTypes
import Hummingbird

/// Answers 429 with `Retry-After` when an API key exceeds its request rate
/// (`ServerConfiguration.rateLimit`), before any work is done for the request. Requests
/// without a valid key are not counted (they get 401 from the route).
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let principal = context.principal, let wait = await limiter.acquire(principal.keyID) {
            var headers = HTTPFields()
            headers[.retryAfter] = String(wait)
            throw APIError(.tooManyRequests, "rate limit of \(limiter.rate.formatted) requests per second for this key exceeded; retry after \(wait) s",
                           headers: headers)
        }
        return try await next(request, context)
    }
}

private extension Double {
    var formatted: String { self == rounded() ? String(Int(self)) : String(self) }
}
