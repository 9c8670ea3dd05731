import CXCore
import Foundation
import PostgresNIO

/// ``SurveyRepository`` on PostgreSQL (`surveys`, `survey_versions`).
public struct PostgresSurveyRepository: SurveyRepository {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func put(tenant: String, key: String, definition: SurveyDefinition) async throws(StoreError) -> (version: SurveyVersion, created: Bool) {
        let json = String(decoding: try encode(definition), as: UTF8.self)
        let logger = database.logger
        return try await database.transaction { connection in
            let current = try await connection.query(
                """
                SELECT v.version, v.definition::text FROM surveys s
                JOIN survey_versions v USING (tenant_id, survey_key)
                WHERE s.tenant_id = \(tenant) AND s.survey_key = \(key) AND v.version = s.current_version
                FOR UPDATE OF s
                """, logger: logger
            ).collect().first.map { try $0.decode((Int, String).self) }
            if let (version, stored) = current, try Self.decode(stored) == definition {
                return (SurveyVersion(key: key, version: version, definition: definition), false)
            }
            let next = (current?.0 ?? 0) + 1
            try await connection.query(
                """
                INSERT INTO surveys (tenant_id, survey_key, current_version) VALUES (\(tenant), \(key), \(next))
                ON CONFLICT (tenant_id, survey_key) DO UPDATE SET current_version = EXCLUDED.current_version, updated_at = now()
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO survey_versions (tenant_id, survey_key, version, definition)
                VALUES (\(tenant), \(key), \(next), \(json)::jsonb)
                """, logger: logger)
            return (SurveyVersion(key: key, version: next, definition: definition), true)
        }
    }

    public func get(tenant: String, key: String) async throws(StoreError) -> SurveyVersion? {
        try await current(tenant: tenant, keys: [key])[key]
    }

    public func list(tenant: String) async throws(StoreError) -> [SurveyVersion] {
        try await select(tenant: tenant, keys: nil).sorted { $0.key < $1.key }
    }

    public func current(tenant: String, keys: Set<String>) async throws(StoreError) -> [String: SurveyVersion] {
        Dictionary(uniqueKeysWithValues: try await select(tenant: tenant, keys: Array(keys)).map { ($0.key, $0) })
    }

    private func select(tenant: String, keys: [String]?) async throws(StoreError) -> [SurveyVersion] {
        try await database.rows(
            """
            SELECT s.survey_key, v.version, v.definition::text FROM surveys s
            JOIN survey_versions v ON v.tenant_id = s.tenant_id AND v.survey_key = s.survey_key AND v.version = s.current_version
            WHERE s.tenant_id = \(tenant) AND (\(keys == nil) OR s.survey_key = ANY(\(keys ?? [])))
            """
        ) { row in
            let (key, version, json) = try row.decode((String, Int, String).self)
            return SurveyVersion(key: key, version: version, definition: try Self.decode(json))
        }
    }

    private func encode(_ definition: SurveyDefinition) throws(StoreError) -> Data {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return try encoder.encode(definition)
        } catch {
            throw StoreError(.failed, "could not encode survey definition: \(error)")
        }
    }

    static func decode(_ json: String) throws -> SurveyDefinition {
        try JSONDecoder().decode(SurveyDefinition.self, from: Data(json.utf8))
    }
}
