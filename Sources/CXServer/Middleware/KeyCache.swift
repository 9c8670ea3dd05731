import CXCore
import CXStore
import Foundation

/// Caches key → principal lookups for a few seconds so authentication costs no database
/// round trip per request. The cache lives in process memory only (nothing is written);
/// a revoked key stops working within `ttl`.
struct KeyCache: Sendable {
    private let repository: any APIKeyRepository
    private let cache: ExpiringCache<String, Principal?>

    init(repository: any APIKeyRepository, ttl: Duration = .seconds(10)) {
        self.repository = repository
        self.cache = ExpiringCache(timeToLive: ttl)
    }

    func principal(for key: String) async throws -> Principal? {
        try await cache.value(for: key) { [repository] _ in try await repository.authenticate(key: key) }
    }
}
