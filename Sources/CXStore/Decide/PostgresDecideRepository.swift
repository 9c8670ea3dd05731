import CXCore
import Foundation
import PostgresNIO

/// ``DecideRepository`` on PostgreSQL (`actions`, `decide_rules`, `policy_versions`,
/// `policy_applications`, `decisions`, `decision_candidate_sets`, `contact_ledger`); every
/// statement is scoped to one tenant. Definitions are stored as their JSON (sorted keys).
/// A pseudonymising tenant's decisions, contacts and history lookups use the unit's pseudonym.
///
/// Concurrent decides share transactions (``DecideBatch``, by a ``KeyedBatcher``): a decide
/// alone is a batch of one, and under load one commit logs many decisions.
public struct PostgresDecideRepository: DecideRepository {
    /// The most decides in one transaction.
    public static let maximumBatch = 64
    /// The most decide transactions at once: few, so that under load decides wait for the next
    /// batch and share it (fewer, larger transactions cost the server less), yet a batch that
    /// waits on another process's lock does not hold up every decide.
    public static let maximumConcurrentBatches = 2

    let database: Database
    let pseudonyms: TenantPseudonyms
    private let batcher: KeyedBatcher<DecideBatch.Item, DecisionRecord>

    /// - Parameter pseudonyms: as ``PostgresIngestStore/init(database:pseudonyms:)``.
    public init(database: Database, pseudonyms: TenantPseudonyms? = nil) {
        self.database = database
        self.pseudonyms = pseudonyms ?? TenantPseudonyms(database: database)
        let batch = DecideBatch(database: database)
        batcher = KeyedBatcher(maximumBatch: Self.maximumBatch, maximumConcurrentBatches: Self.maximumConcurrentBatches) { items in
            await batch.run(items)
        }
    }

    public func putAction(tenant: String, action: ActionDefinition) async throws(StoreError) -> Bool {
        let json = try Self.encode(action)
        return try await database.rows("""
            INSERT INTO actions (tenant_id, action_key, definition) VALUES (\(tenant), \(action.key), \(json)::jsonb)
            ON CONFLICT (tenant_id, action_key) DO UPDATE SET definition = EXCLUDED.definition, updated_at = now()
            RETURNING (xmax = 0)
            """) { try $0.decode(Bool.self) }[0]
    }

    public func actions(tenant: String) async throws(StoreError) -> [ActionDefinition] {
        let texts = try await database.rows(
            "SELECT definition::text FROM actions WHERE tenant_id = \(tenant) ORDER BY action_key") { try $0.decode(String.self) }
        return try texts.map { text throws(StoreError) in try Self.decode(ActionDefinition.self, text) }
    }

    public func putRules(tenant: String, suppressions: [SuppressionRule], caps: [ContactCap]) async throws(StoreError) {
        let (suppressionJSON, capJSON) = (try Self.encode(suppressions), try Self.encode(caps))
        try await database.execute("""
            INSERT INTO decide_rules (tenant_id, suppression, caps) VALUES (\(tenant), \(suppressionJSON)::jsonb, \(capJSON)::jsonb)
            ON CONFLICT (tenant_id) DO UPDATE SET suppression = EXCLUDED.suppression, caps = EXCLUDED.caps, updated_at = now()
            """)
    }

    public func rules(tenant: String) async throws(StoreError) -> (suppressions: [SuppressionRule], caps: [ContactCap]) {
        let rows = try await database.rows(
            "SELECT suppression::text, caps::text FROM decide_rules WHERE tenant_id = \(tenant)") { try $0.decode((String, String).self) }
        guard let (suppressions, caps) = rows.first else { return ([], []) }
        return (try Self.decode([SuppressionRule].self, suppressions), try Self.decode([ContactCap].self, caps))
    }

    public func putPolicy(tenant: String, policy: PolicyVersion, note: String) async throws(StoreError) -> Bool {
        let json = try Self.encode(policy)
        let stored = try await database.rows("""
            WITH inserted AS (
                INSERT INTO policy_versions (tenant_id, version, definition, note) VALUES (\(tenant), \(policy.version), \(json)::jsonb, \(note))
                ON CONFLICT (tenant_id, version) DO NOTHING RETURNING definition
            )
            SELECT true, definition::text FROM inserted
            UNION ALL SELECT false, definition::text FROM policy_versions WHERE tenant_id = \(tenant) AND version = \(policy.version)
            """) { try $0.decode((Bool, String).self) }
        if stored.contains(where: \.0) { return true }
        guard let existing = stored.first, try Self.decode(PolicyVersion.self, existing.1) == policy else {
            throw StoreError(.conflict, "policy version '\(policy.version)' exists with other weights; versions are immutable, name a new one")
        }
        return false
    }

    public func policies(tenant: String) async throws(StoreError) -> [StoredPolicy] {
        let rows = try await database.rows("""
            SELECT definition::text, note, created_at FROM policy_versions WHERE tenant_id = \(tenant) ORDER BY created_at, version
            """) { try $0.decode((String, String, Date).self) }
        return try rows.map { row throws(StoreError) in
            StoredPolicy(policy: try Self.decode(PolicyVersion.self, row.0), note: row.1, createdAt: row.2)
        }
    }

    public func effectModel(tenant: String, version: String) async throws(StoreError) -> JSONValue? {
        try await database.rows("SELECT model::text FROM effect_models WHERE tenant_id = \(tenant) AND version = \(version)") {
            try $0.decode(String.self)
        }.first.map { text throws(StoreError) in try Self.decode(JSONValue.self, text) }
    }

    public func apply(tenant: String, version: String, reason: String, evidence: JSONValue?) async throws(StoreError) {
        let evidenceText = evidence?.serialized
        let applied: [Int] = try await database.rows("""
            INSERT INTO policy_applications (tenant_id, version, reason, evidence)
            SELECT tenant_id, version, \(reason), \(evidenceText)::jsonb FROM policy_versions
            WHERE tenant_id = \(tenant) AND version = \(version)
            RETURNING 1
            """) { try $0.decode(Int.self) }
        guard !applied.isEmpty else {
            throw StoreError(.notFound, "no policy version '\(version)'; cxloop weights history lists them")
        }
    }

    public func production(tenant: String) async throws(StoreError) -> PolicyVersion? {
        let rows = try await database.rows("""
            SELECT v.definition::text FROM policy_applications a
            JOIN policy_versions v ON v.tenant_id = a.tenant_id AND v.version = a.version
            WHERE a.tenant_id = \(tenant) ORDER BY a.applied_at DESC LIMIT 1
            """) { try $0.decode(String.self) }
        return try rows.first.map { text throws(StoreError) in try Self.decode(PolicyVersion.self, text) }
    }

    public func history(tenant: String) async throws(StoreError) -> [PolicyApplication] {
        let rows = try await database.rows("""
            SELECT version, applied_at, reason, evidence::text FROM policy_applications
            WHERE tenant_id = \(tenant) ORDER BY applied_at DESC
            """) { try $0.decode((String, Date, String, String?).self) }
        return try rows.map { row throws(StoreError) in
            PolicyApplication(version: row.0, appliedAt: row.1, reason: row.2,
                              evidence: try row.3.map { text throws(StoreError) in try Self.decode(JSONValue.self, text) })
        }
    }

    public func decide(tenant: String, unit: String, lookbackDays: Double, now: Date,
                       _ decide: @escaping @Sendable (UnitHistory) throws -> DecisionRecord) async throws -> DecisionRecord {
        let item = DecideBatch.Item(tenant: tenant, unit: try await pseudonyms.stored(unit, tenant: tenant),
                                    since: now.addingTimeInterval(-lookbackDays * 86_400), now: now, decide: decide)
        return try await batcher.submit(item, key: item.key)
    }

    private static func encode(_ value: some Encodable) throws(StoreError) -> String {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw StoreError(.failed, "cannot encode \(type(of: value)): \(error)")
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws(StoreError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError(.failed, "stored \(T.self) does not decode: \(error)")
        }
    }
}
