import CXCore
import CXStore
import Foundation
import HTTPTypes
import Hummingbird

/// Resolves `Authorization: Bearer <key>` to a ``Principal``. Routes decide which scope
/// they need (``AppRequestContext/require(_:)``); this middleware only identifies.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let keys: KeyCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization], header.count < 512 {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                context.principal = try await keys.principal(for: parts[1].trimmingSpacesAndTabs())
            }
        }
        return try await next(request, context)
    }
}
