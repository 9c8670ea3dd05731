import CXCore
import CXStore

/// A ``SurveyRepository`` that remembers current survey versions for a few seconds, so
/// validating a request costs no database round trip.
///
/// A `put` through this instance takes effect at once; one made by another replica is
/// seen within `ttl` (answers are then validated against the previous version, which
/// stays valid and is recorded with them).
actor CachedSurveyRepository: SurveyRepository {
    private struct Entry {
        var version: SurveyVersion?
        var expires: ContinuousClock.Instant
    }

    private let base: any SurveyRepository
    private let ttl: Duration
    private var entries: [String: [String: Entry]] = [:]
    private var entryCount = 0

    init(_ base: any SurveyRepository, ttl: Duration = .seconds(2)) {
        self.base = base
        self.ttl = ttl
    }

    func put(tenant: String, key: String, definition: SurveyDefinition) async throws(StoreError) -> (version: SurveyVersion, created: Bool) {
        let result = try await base.put(tenant: tenant, key: key, definition: definition)
        entries[tenant]?[key] = nil
        return result
    }

    func get(tenant: String, key: String) async throws(StoreError) -> SurveyVersion? {
        try await current(tenant: tenant, keys: [key])[key]
    }

    func list(tenant: String) async throws(StoreError) -> [SurveyVersion] {
        try await base.list(tenant: tenant)
    }

    func current(tenant: String, keys: Set<String>) async throws(StoreError) -> [String: SurveyVersion] {
        let now = ContinuousClock.now
        var found: [String: SurveyVersion] = [:]
        var missing: Set<String> = []
        for key in keys {
            if let entry = entries[tenant]?[key], entry.expires > now {
                found[key] = entry.version
            } else {
                missing.insert(key)
            }
        }
        guard !missing.isEmpty else { return found }
        let loaded = try await base.current(tenant: tenant, keys: missing)
        if entryCount > 10_000 {
            entries.removeAll()
            entryCount = 0
        }
        for key in missing {
            entries[tenant, default: [:]][key] = Entry(version: loaded[key], expires: now.advanced(by: ttl))
            entryCount += 1
            found[key] = loaded[key]
        }
        return found
    }
}
