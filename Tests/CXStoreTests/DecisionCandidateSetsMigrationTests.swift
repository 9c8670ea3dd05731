import CXStore
import CXTestSupport
import PostgresNIO
import Testing

/// Migration 0014 moves every decision's candidate rows into one `decision_candidate_sets` row
/// of parallel arrays, and `decision_candidates` becomes a view that reads them back.
@Suite("Migration 0014: decision candidate sets")
struct DecisionCandidateSetsMigrationTests {
    /// The candidate rows as text, in a fixed order: what the table held and the view must give.
    static let candidates = """
        SELECT concat_ws('|', tenant_id, decision_id, position, action_key, coalesce(channel, '-'), scores::text, fatigue, score,
                         propensity, coalesce(filtered, '-'))
        FROM decision_candidates ORDER BY tenant_id, decision_id, position
        """

    @Test("existing candidates move to arrays in logged order, and the view gives back the rows the table had")
    func backfill() async throws {
        try await TestCluster.shared.withDatabase(migratedBefore: 14) { database, migrateRest in
            try await database.execute("INSERT INTO tenants (tenant_id) VALUES ('acme')")
            try await database.execute("""
                INSERT INTO decisions (tenant_id, decision_id, unit, policy_version, action_key, channel, propensity, holdout,
                                       survivor_actions, survivor_channels, fatigue)
                VALUES ('acme', 'd1', 'u1', 'v1', 'offer', 'sms', 0.6, false, '{none,offer}', '{"",sms}', 0.5),
                       ('acme', 'd2', 'u2', 'v1', 'none', NULL, 1, true, '{}', '{}', 0),
                       ('acme', 'd3', 'u3', 'v1', 'none', NULL, 1, false, '{none}', '{""}', 0)
                """)
            // d1's second candidate lacks "value"; d3 logged no objectives; d2 has no candidates.
            try await database.execute("""
                INSERT INTO decision_candidates (tenant_id, decision_id, position, action_key, channel, scores, fatigue, score, propensity, filtered)
                VALUES ('acme', 'd1', 1, 'offer', 'email', '{"cost": -0.25}', 0.5, 1, 0, 'capped:email:1/7d'),
                       ('acme', 'd1', 0, 'none', NULL, '{"cost": 0, "value": 0}', 0, 0, 0.4, NULL),
                       ('acme', 'd1', 2, 'offer', 'sms', '{"cost": -1.5, "value": 12.75}', 0.5, 2, 0.6, NULL),
                       ('acme', 'd3', 0, 'none', NULL, '{}', 0, 0, 1, NULL)
                """)
            let before = try await database.rows(PostgresQuery(unsafeSQL: Self.candidates)) { try $0.decode(String.self) }
            try await migrateRest()

            let sets = try await database.rows("""
                SELECT decision_id, actions, channels, objectives, scores::text, propensity, filtered
                FROM decision_candidate_sets ORDER BY decision_id
                """) { try $0.decode((String, [String], [String], [String], String, [Double], [String]).self) }
            #expect(sets.count == 2)
            #expect(sets[0].0 == "d1" && sets[0].1 == ["none", "offer", "offer"] && sets[0].2 == ["", "email", "sms"])
            #expect(sets[0].3 == ["cost", "value"] && sets[0].4 == "{0,0,-0.25,NaN,-1.5,12.75}")
            #expect(sets[0].5 == [0.4, 0, 0.6] && sets[0].6 == ["", "capped:email:1/7d", ""])
            #expect(sets[1].0 == "d3" && sets[1].3 == [] && sets[1].4 == "{}")
            let after = try await database.rows(PostgresQuery(unsafeSQL: Self.candidates)) { try $0.decode(String.self) }
            #expect(before.count == 4)
            #expect(after == before)
            // The candidate set goes with its decision.
            try await database.execute("DELETE FROM decisions WHERE decision_id = 'd1'")
            #expect(try await database.rows("SELECT decision_id FROM decision_candidate_sets") { try $0.decode(String.self) } == ["d3"])
        }
    }
}
