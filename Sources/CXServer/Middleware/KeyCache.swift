import CXCore
import CXStore
import Foundation

/// Caches key → principal lookups for a few seconds so authentication costs no database
/// round trip per request. The cache lives in process memory only (nothing is written);
/// a revoked key stops working within `ttl`.
actor KeyCache {
    private struct Entry {
        var principal: Principal?
        var expires: ContinuousClock.Instant
    }

    private let repository: any APIKeyRepository
    private let ttl: Duration
    private var entries: [String: Entry] = [:]

    init(repository: any APIKeyRepository, ttl: Duration = .seconds(10)) {
        self.repository = repository
        self.ttl = ttl
    }

    func principal(for key: String) async throws -> Principal? {
        let now = ContinuousClock.now
        if let entry = entries[key], entry.expires > now { return entry.principal }
        let principal = try await repository.authenticate(key: key)
        if entries.count > 10_000 { entries.removeAll() }
        entries[key] = Entry(principal: principal, expires: now.advanced(by: ttl))
        return principal
    }
}
