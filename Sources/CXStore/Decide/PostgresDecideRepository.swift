import CXCore
import Foundation
import PostgresNIO

/// ``DecideRepository`` on PostgreSQL (`actions`, `decide_rules`, `policy_versions`,
/// `policy_applications`, `decisions`, `decision_candidates`, `contact_ledger`); every
/// statement is scoped to one tenant. Definitions are stored as their JSON (sorted keys).
/// A pseudonymising tenant's decisions, contacts and history lookups use the unit's pseudonym.
public struct PostgresDecideRepository: DecideRepository {
    let database: Database
    let pseudonyms: TenantPseudonyms

    /// - Parameter pseudonyms: as ``PostgresIngestStore/init(database:pseudonyms:)``.
    public init(database: Database, pseudonyms: TenantPseudonyms? = nil) {
        self.database = database
        self.pseudonyms = pseudonyms ?? TenantPseudonyms(database: database)
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
        let logger = database.logger
        let since = now.addingTimeInterval(-lookbackDays * 86_400)
        let unit = try await pseudonyms.stored(unit, tenant: tenant)
        return try await database.transaction { connection in
            // One decide per unit at a time: the next one sees this one's contact.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(tenant + "/" + unit), 0))", logger: logger)
            // The history in one round trip: contacts from the ledger, events from the outcomes.
            var contacts: [UnitHistory.Contact] = []
            var events: [UnitHistory.Event] = []
            for try await (isContact, name, at, value) in try await connection.query("""
                SELECT true, channel, contacted_at, NULL::float8 FROM contact_ledger
                WHERE tenant_id = \(tenant) AND unit = \(unit) AND contacted_at >= \(since)
                UNION ALL
                SELECT false, type, occurred_at, value FROM outcomes
                WHERE tenant_id = \(tenant) AND unit = \(unit) AND occurred_at >= \(since) AND occurred_at <= \(now)
                """, logger: logger).decode((Bool, String, Date, Double?).self) {
                if isContact {
                    contacts.append(UnitHistory.Contact(channel: name, at: at))
                } else {
                    events.append(UnitHistory.Event(type: name, at: at, value: value))
                }
            }
            var record = try decide(UnitHistory(contacts: contacts, events: events))
            record.unit = unit
            try await Self.insert(record, tenant: tenant, on: connection, logger: logger)
            return record
        }
    }

    /// Writes the decision (with its survivors and fatigue, migration 0012), its candidates and,
    /// when it contacts the unit, its ledger row, in one statement (one round trip; the candidates' and the ledger's foreign keys are checked at its end).
    private static func insert(_ record: DecisionRecord, tenant: String, on connection: PostgresConnection,
                               logger: Logger) async throws {
        let shadow = record.shadow?.serialized
        let context = record.context.serialized
        let candidates = record.candidates
        // The project's serializer: no Foundation encoder per candidate on the decide path.
        let scores = candidates.map { JSONValue.object($0.scores.mapValues(JSONValue.number)).serialized }
        let contacts = record.channel != nil && !record.holdout
        let survivors = candidates.filter { $0.filtered == nil }
        try await connection.query("""
            WITH decision AS (
                INSERT INTO decisions (tenant_id, decision_id, unit, decided_at, experiment_key, arm, policy_version, model_version,
                                       action_key, channel, propensity, holdout, shadow, context,
                                       survivor_actions, survivor_channels, fatigue)
                VALUES (\(tenant), \(record.decisionID), \(record.unit), \(record.decidedAt), \(record.experiment), \(record.arm),
                        \(record.policyVersion), \(record.modelVersion), \(record.action), \(record.channel), \(record.propensity),
                        \(record.holdout), \(shadow)::jsonb, \(context)::jsonb,
                        \(survivors.map(\.action)), \(survivors.map { $0.channel ?? "" }), \(survivors.map(\.fatigue).max() ?? 0))
            ), candidates AS (
                INSERT INTO decision_candidates (tenant_id, decision_id, position, action_key, channel, scores, fatigue, score,
                                                 propensity, filtered)
                SELECT \(tenant), \(record.decisionID), c.position, c.action, nullif(c.channel, ''), c.scores::jsonb, c.fatigue,
                       c.score, c.propensity, nullif(c.filtered, '')
                FROM unnest(\(Array(candidates.indices)), \(candidates.map(\.action)), \(candidates.map { $0.channel ?? "" }),
                            \(scores), \(candidates.map(\.fatigue)), \(candidates.map(\.score)), \(candidates.map(\.propensity)),
                            \(candidates.map { $0.filtered ?? "" }))
                     AS c(position, action, channel, scores, fatigue, score, propensity, filtered)
            )
            INSERT INTO contact_ledger (tenant_id, unit, channel, contacted_at, decision_id)
            SELECT \(tenant), \(record.unit), \(record.channel ?? ""), \(record.decidedAt), \(record.decisionID) WHERE \(contacts)
            """, logger: logger)
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
