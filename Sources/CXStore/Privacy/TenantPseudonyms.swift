import CXCore

/// Which tenants pseudonymise, remembered for a few seconds so that ingestion, assignment and
/// decisions do not read the secret per request; and the stored form of their identifiers.
///
/// A tenant that turns pseudonymisation on is seen by a running process within `ttl`; the
/// README says to turn it on before the tenant sends data.
public final class TenantPseudonyms: Sendable {
    /// How long a tenant's secret (or its absence) is reused by default.
    public static let defaultTimeToLive = Duration.seconds(5)

    private let secrets: PostgresPseudonymSecrets
    private let cache: ExpiringCache<String, Pseudonymiser?>

    public init(database: Database, ttl: Duration = defaultTimeToLive) {
        self.secrets = PostgresPseudonymSecrets(database: database)
        self.cache = ExpiringCache(timeToLive: ttl)
    }

    /// The tenant's pseudonymiser, or nil when it stores identifiers as sent.
    public func pseudonymiser(tenant: String) async throws(StoreError) -> Pseudonymiser? {
        do {
            return try await cache.value(for: tenant) { [secrets] _ in try await secrets.pseudonymiser(tenant: tenant) }
        } catch {
            throw StoreError.classify(error)
        }
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
