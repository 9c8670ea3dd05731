import CXCore
import Foundation
import Hummingbird

/// Request context of the cxloop API: the standard storage plus the authenticated caller.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``AuthMiddleware`` when the request carries a valid API key.
    public var principal: Principal?

    /// JSON responses with sorted keys, so bodies are stable and diffable.
    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.principal = nil
    }

    /// The caller, having checked that its key allows `scope`.
    /// - Throws: 401 when unauthenticated, 403 when the key's scope does not permit it.
    public func require(_ scope: Scope) throws -> Principal {
        guard let principal else {
            throw APIError(.unauthorized, "missing or unknown API key; send Authorization: Bearer <key>")
        }
        guard principal.scope.permits(scope) else {
            throw APIError(.forbidden, "this key has scope '\(principal.scope.rawValue)'; this endpoint needs '\(scope.rawValue)' (or admin)")
        }
        return principal
    }
}
