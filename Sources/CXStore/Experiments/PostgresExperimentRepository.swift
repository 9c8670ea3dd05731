import CXCore
import Foundation
import PostgresNIO

/// ``ExperimentRepository`` on PostgreSQL (`experiments`, `global_holdouts`,
/// `experiment_assignments`); every statement is scoped to one tenant. A pseudonymising
/// tenant's assignments are stored under the unit's pseudonym (the bucket is the caller's,
/// computed from the id as sent, so GrowthBook SDKs still reproduce it).
public struct PostgresExperimentRepository: ExperimentRepository {
    let database: Database
    let pseudonyms: TenantPseudonyms

    /// - Parameter pseudonyms: as ``PostgresIngestStore/init(database:pseudonyms:)``.
    public init(database: Database, pseudonyms: TenantPseudonyms? = nil) {
        self.database = database
        self.pseudonyms = pseudonyms ?? TenantPseudonyms(database: database)
    }

    public func put(tenant: String, definition: ExperimentDefinition) async throws(StoreError) -> (StoredExperiment, created: Bool) {
        let json = try Self.encode(definition)
        let logger = database.logger
        return try await database.transaction { connection in
            let existing = try await connection.query(
                "SELECT definition::text FROM experiments WHERE tenant_id = \(tenant) AND experiment_key = \(definition.key) FOR UPDATE",
                logger: logger
            ).collect().first.map { try Self.decode(try $0.decode(String.self)) }
            if let existing {
                guard existing.arms.map(\.name) == definition.arms.map(\.name), existing.salt == definition.salt,
                      existing.unit == definition.unit
                else {
                    throw StoreError(.conflict, """
                        experiment '\(definition.key)' exists with other arms, salt or unit; \
                        only shares, holdout, metrics and start can change (assigned units keep their arm)
                        """)
                }
            }
            let rows = try await connection.query(
                """
                INSERT INTO experiments (tenant_id, experiment_key, definition) VALUES (\(tenant), \(definition.key), \(json)::jsonb)
                ON CONFLICT (tenant_id, experiment_key) DO UPDATE SET definition = EXCLUDED.definition, updated_at = now()
                RETURNING status, created_at, stopped_at
                """, logger: logger
            ).collect()
            let (status, createdAt, stoppedAt) = try rows[0].decode((String, Date, Date?).self)
            return (StoredExperiment(definition: definition, running: status == "running", createdAt: createdAt, stoppedAt: stoppedAt),
                    existing == nil)
        }
    }

    public func get(tenant: String, key: String) async throws(StoreError) -> StoredExperiment? {
        try await select(tenant: tenant, key: key).first
    }

    public func list(tenant: String) async throws(StoreError) -> [StoredExperiment] {
        try await select(tenant: tenant, key: nil)
    }

    public func stop(tenant: String, key: String) async throws(StoreError) -> Bool {
        let rows = try await database.rows(
            """
            UPDATE experiments SET status = 'stopped', stopped_at = coalesce(stopped_at, now()), updated_at = now()
            WHERE tenant_id = \(tenant) AND experiment_key = \(key) RETURNING 1
            """
        ) { _ in true }
        return !rows.isEmpty
    }

    public func globalHoldout(tenant: String) async throws(StoreError) -> GlobalHoldout? {
        try await database.rows("SELECT percent, salt FROM global_holdouts WHERE tenant_id = \(tenant)") { row in
            let (percent, salt) = try row.decode((Double, String).self)
            return GlobalHoldout(percent: percent, salt: salt)
        }.first
    }

    public func declareGlobalHoldout(tenant: String, percent: Double) async throws(StoreError) -> GlobalHoldout {
        let salt = "global-holdout:\(tenant)"
        let stored = try await database.rows(
            """
            INSERT INTO global_holdouts (tenant_id, percent, salt) VALUES (\(tenant), \(percent), \(salt))
            ON CONFLICT (tenant_id) DO UPDATE SET percent = global_holdouts.percent
            RETURNING percent, salt
            """
        ) { row in try row.decode((Double, String).self) }
        guard let (storedPercent, storedSalt) = stored.first, storedPercent == percent else {
            throw StoreError(.conflict, """
                the global holdout is already \(stored.first?.0 ?? 0)%; it is declared once, so that held-out units stay held out
                """)
        }
        return GlobalHoldout(percent: storedPercent, salt: storedSalt)
    }

    public func assign(tenant: String, experiment: String, unit: String, assignment: ExperimentAssignment)
        async throws(StoreError) -> ExperimentAssignment
    {
        let unit = try await pseudonyms.stored(unit, tenant: tenant)
        // Insert-or-keep in one statement: a concurrent first request either inserts or finds
        // the winner's row (the no-op update locks and returns it).
        let rows = try await database.rows(
            """
            INSERT INTO experiment_assignments (tenant_id, experiment_key, unit, arm, bucket, holdout, global_holdout)
            VALUES (\(tenant), \(experiment), \(unit), \(assignment.arm), \(assignment.bucket), \(assignment.holdout),
                    \(assignment.globalHoldout))
            ON CONFLICT (tenant_id, experiment_key, unit) DO UPDATE SET arm = experiment_assignments.arm
            RETURNING arm, bucket, holdout, global_holdout
            """
        ) { row in try row.decode((String?, Double, Bool, Bool).self) }
        let (arm, bucket, holdout, global) = rows[0]
        return ExperimentAssignment(arm: arm, bucket: bucket, holdout: holdout, globalHoldout: global)
    }

    private func select(tenant: String, key: String?) async throws(StoreError) -> [StoredExperiment] {
        try await database.rows(
            """
            SELECT definition::text, status, created_at, stopped_at FROM experiments
            WHERE tenant_id = \(tenant) AND (\(key == nil) OR experiment_key = \(key ?? ""))
            ORDER BY experiment_key
            """
        ) { row in
            let (json, status, createdAt, stoppedAt) = try row.decode((String, String, Date, Date?).self)
            return StoredExperiment(definition: try Self.decode(json), running: status == "running", createdAt: createdAt,
                                    stoppedAt: stoppedAt)
        }
    }

    private static func encode(_ definition: ExperimentDefinition) throws(StoreError) -> String {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            encoder.dateEncodingStrategy = .iso8601
            return String(decoding: try encoder.encode(definition), as: UTF8.self)
        } catch {
            throw StoreError(.failed, "could not encode experiment \(definition.key): \(error)")
        }
    }

    private static func decode(_ json: String) throws -> ExperimentDefinition {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ExperimentDefinition.self, from: Data(json.utf8))
    }
}
