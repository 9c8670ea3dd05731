import CXStore
import CXTestSupport
import PostgresNIO
import Testing

/// Migration 0012 gives decisions logged before it their survivors and fatigue from
/// `decision_candidates`: what off-policy evaluation read per decision before.
@Suite("Migration 0012: decision survivors")
struct DecisionSurvivorsMigrationTests {
    @Test("existing decisions get their unfiltered candidates in logged order and their fatigue")
    func backfill() async throws {
        try await TestCluster.shared.withDatabase(migratedBefore: 12) { database, migrateRest in
            try await database.execute("INSERT INTO tenants (tenant_id) VALUES ('acme')")
            try await database.execute("""
                INSERT INTO decisions (tenant_id, decision_id, unit, policy_version, action_key, channel, propensity, holdout)
                VALUES ('acme', 'd1', 'u1', 'v1', 'offer', 'sms', 0.6, false), ('acme', 'd2', 'u2', 'v1', 'none', NULL, 1, true)
                """)
            try await database.execute("""
                INSERT INTO decision_candidates (tenant_id, decision_id, position, action_key, channel, scores, fatigue, score, propensity, filtered)
                VALUES ('acme', 'd1', 0, 'none', NULL, '{}', 0, 0, 0.3, NULL),
                       ('acme', 'd1', 1, 'offer', 'email', '{}', 0.5, 1, 0, 'capped:email:1/7d'),
                       ('acme', 'd1', 2, 'offer', 'sms', '{}', 0.5, 2, 0.6, NULL),
                       ('acme', 'd1', 3, 'tips', 'app', '{}', 0.5, 1, 0.1, NULL)
                """)
            try await migrateRest()
            let rows = try await database.rows("""
                SELECT decision_id, survivor_actions, survivor_channels, fatigue FROM decisions ORDER BY decision_id
                """) { try $0.decode((String, [String], [String], Double).self) }
            #expect(rows.count == 2)
            #expect(rows[0] == ("d1", ["none", "offer", "tips"], ["", "sms", "app"], 0.5))
            #expect(rows[1] == ("d2", [], [], 0))
        }
    }
}
