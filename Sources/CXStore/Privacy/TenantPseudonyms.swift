import CXCore

/// Which tenants pseudonymise, remembered for a few seconds so that ingestion, assignment and
/// decisions do not read the secret per request; and the stored form of their identifiers.
///
/// A tenant that turns pseudonymisation on is seen by a running process within `ttl`; the
/// README says to turn it on before the tenant sends data.
public actor TenantPseudonyms {
    private struct Entry {
        var pseudonymiser: Pseudonymiser?
        var expires: ContinuousClock.Instant
    }

    /// How long a tenant's secret (or its absence) is reused by default.
    public static let defaultTimeToLive = Duration.seconds(5)

    private let secrets: PostgresPseudonymSecrets
    private let ttl: Duration
    private var entries: [String: Entry] = [:]

    public init(database: Database, ttl: Duration = defaultTimeToLive) {
        self.secrets = PostgresPseudonymSecrets(database: database)
        self.ttl = ttl
    }

    /// The tenant's pseudonymiser, or nil when it stores identifiers as sent.
    public func pseudonymiser(tenant: String) async throws(StoreError) -> Pseudonymiser? {
        let now = ContinuousClock.now
        if let entry = entries[tenant], entry.expires > now { return entry.pseudonymiser }
        let pseudonymiser = try await secrets.pseudonymiser(tenant: tenant)
        if entries.count > 10_000 { entries.removeAll() }
        entries[tenant] = Entry(pseudonymiser: pseudonymiser, expires: now.advanced(by: ttl))
        return pseudonymiser
    }

    /// The form in which `tenant` stores the unit or respondent id `identifier`.
    public func stored(_ identifier: String, tenant: String) async throws(StoreError) -> String {
        try await pseudonymiser(tenant: tenant)?.pseudonym(for: identifier) ?? identifier
    }

    /// `batch` with the identifiers of every pseudonymising tenant replaced.
    public func pseudonymised(_ batch: IngestBatch) async throws(StoreError) -> IngestBatch {
        var pseudonymisers: [String: Pseudonymiser] = [:]
        for tenant in Set(batch.responses.map(\.tenant)).union(batch.outcomes.map(\.tenant)) {
            pseudonymisers[tenant] = try await pseudonymiser(tenant: tenant)
        }
        guard !pseudonymisers.isEmpty else { return batch }
        var batch = batch
        for index in batch.responses.indices {
            if let pseudonymiser = pseudonymisers[batch.responses[index].tenant] {
                batch.responses[index].record = pseudonymiser.pseudonymised(batch.responses[index].record)
            }
        }
        for index in batch.outcomes.indices {
            if let pseudonymiser = pseudonymisers[batch.outcomes[index].tenant] {
                batch.outcomes[index].record = pseudonymiser.pseudonymised(batch.outcomes[index].record)
            }
        }
        return batch
    }
}
