import CXCore
import CXTestSupport
import Foundation
import PostgresNIO
import Testing

@testable import CXStore

/// One transaction for many units' decides: each decide sees its own unit's history, a decide
/// that throws fails alone, and every logged decision has its candidate set and (when it
/// contacts) its ledger row.
@Suite("Decide batch")
struct DecideBatchTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    /// A decision for `unit` serving `action` on `channel` out of two candidates.
    static func record(_ id: String, unit: String, action: String, channel: String?, holdout: Bool = false) -> DecisionRecord {
        DecisionRecord(
            decisionID: id, unit: unit, decidedAt: now, experiment: holdout ? "exp" : nil, arm: holdout ? "holdout" : nil,
            policyVersion: "v1", modelVersion: nil, action: action, channel: channel, propensity: holdout ? 1 : 0.75, holdout: holdout,
            shadow: holdout ? .object(["action": .string("offer")]) : nil, context: .object(["segment": .string("smb")]),
            objectives: ["cost", "value"],
            candidates: [
                .init(action: "none", channel: nil, scores: [0, 0], fatigue: 0, score: 0, propensity: 0.25, filtered: nil),
                .init(action: "offer", channel: "sms", scores: [-0.05, 4.5], fatigue: 0.2, score: 4.25,
                      propensity: 0.75, filtered: nil),
                .init(action: "offer", channel: "email", scores: [-0.01, 4.5], fatigue: 0.2, score: 4.29,
                      propensity: 0, filtered: "capped:email:1/7d"),
            ])
    }

    @Test("each unit gets its own history, a throwing decide fails alone, and the log has every decision's candidates and contacts")
    func batch() async throws {
        let configuration = try await TestCluster.shared.makeDatabase()
        try await TestCluster.shared.database(configuration).withRunning { database in
            try await database.execute("INSERT INTO tenants (tenant_id) VALUES ('acme'), ('beta')")
            try await database.execute("""
                INSERT INTO outcomes (tenant_id, event_id, unit, type, value, occurred_at)
                VALUES ('acme', 'e1', 'u1', 'purchase', 20, \(Self.now.addingTimeInterval(-86_400))),
                       ('acme', 'e2', 'u1', 'purchase', 30, \(Self.now.addingTimeInterval(-40 * 86_400))),
                       ('beta', 'e3', 'u1', 'complaint', NULL, \(Self.now.addingTimeInterval(-3_600)))
                """)
            let batch = DecideBatch(database: database)
            func item(_ tenant: String, _ unit: String, _ decide: @escaping @Sendable (UnitHistory) throws -> DecisionRecord) -> DecideBatch.Item {
                DecideBatch.Item(tenant: tenant, unit: unit, since: Self.now.addingTimeInterval(-28 * 86_400), now: Self.now, decide: decide)
            }
            let first = await batch.run([
                item("acme", "u1") { history in
                    #expect(history.events.map(\.type) == ["purchase"] && history.events.map(\.value) == [20] && history.contacts == [])
                    return Self.record("d1", unit: "u1", action: "offer", channel: "sms")
                },
                item("beta", "u1") { history in
                    #expect(history.events.map(\.type) == ["complaint"])
                    return Self.record("d2", unit: "u1", action: "none", channel: nil)
                },
                item("acme", "u2") { _ in throw DecideBatchRefusal() },
                item("acme", "u3") { _ in Self.record("d3", unit: "u3", action: "none", channel: "sms", holdout: true) },
            ])
            #expect(first.map { (try? $0.get())?.decisionID } == ["d1", "d2", nil, "d3"])
            #expect(first[2].isRefusal)
            let decisions = try await database.rows("""
                SELECT tenant_id || '/' || decision_id || '/' || unit || '/' || coalesce(channel, '-') || '/' || array_to_string(survivor_actions, ',')
                       || '/' || fatigue::text || '/' || coalesce(shadow::text, '-')
                FROM decisions ORDER BY tenant_id, decision_id
                """) { try $0.decode(String.self) }
            #expect(decisions == ["acme/d1/u1/sms/none,offer/0.2/-", "acme/d3/u3/sms/none,offer/0.2/{\"action\": \"offer\"}",
                                  "beta/d2/u1/-/none,offer/0.2/-"])
            let candidates = try await database.rows("""
                SELECT decision_id || ':' || position || ':' || action_key || ':' || coalesce(channel, '-') || ':' || scores::text || ':'
                       || propensity::text || ':' || coalesce(filtered, '-')
                FROM decision_candidates WHERE tenant_id = 'acme' AND decision_id = 'd1' ORDER BY position
                """) { try $0.decode(String.self) }
            #expect(candidates == [
                #"d1:0:none:-:{"cost": 0, "value": 0}:0.25:-"#,
                #"d1:1:offer:sms:{"cost": -0.05, "value": 4.5}:0.75:-"#,
                #"d1:2:offer:email:{"cost": -0.01, "value": 4.5}:0:capped:email:1/7d"#,
            ])
            // Only the acme decision that contacted outside a holdout is in the ledger…
            #expect(try await database.rows("SELECT tenant_id || '/' || unit || '/' || channel FROM contact_ledger") {
                try $0.decode(String.self)
            } == ["acme/u1/sms"])
            // …and the unit's next decide sees it.
            let second = await batch.run([
                item("acme", "u1") { history in
                    #expect(history.contacts.map(\.channel) == ["sms"] && history.contacts.map(\.at) == [Self.now])
                    return Self.record("d4", unit: "u1", action: "none", channel: nil)
                },
            ])
            #expect(second.map { (try? $0.get())?.decisionID } == ["d4"])
        }
    }

    /// Another process (here a plain transaction) holds a unit's lock and logs a contact; batches
    /// for that unit started meanwhile wait for the lock, and each must then read that contact,
    /// committed after it had started: the history read takes its snapshot after the lock.
    @Test("a batch waiting for another process's lock on a unit reads the contact that process committed")
    func historyAfterLock() async throws {
        let configuration = try await TestCluster.shared.makeDatabase()
        try await TestCluster.shared.database(configuration).withRunning { database in
            try await database.execute("INSERT INTO tenants (tenant_id) VALUES ('acme')")
            @Sendable func advisoryLocks(granted: Bool) async throws -> Int {
                // pg_locks is the cluster's: count this test's database only.
                try await database.rows("""
                    SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND granted = \(granted)
                    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    """) { try $0.decode(Int.self) }[0]
            }
            let holder = Task {
                try await database.transaction { connection in
                    try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended('acme/u9', 0))", logger: database.logger)
                    try await connection.query("""
                        INSERT INTO decisions (tenant_id, decision_id, unit, decided_at, policy_version, action_key, channel, propensity,
                                               holdout, survivor_actions, survivor_channels, fatigue)
                        VALUES ('acme', 'd0', 'u9', \(Self.now), 'v1', 'offer', 'sms', 1, false, '{offer}', '{sms}', 0)
                        """, logger: database.logger)
                    try await connection.query("""
                        INSERT INTO contact_ledger (tenant_id, unit, channel, contacted_at, decision_id) VALUES ('acme', 'u9', 'sms', \(Self.now), 'd0')
                        """, logger: database.logger)
                    // Commit only once the batches below are waiting for this lock.
                    while try await advisoryLocks(granted: false) < 3 { try await Task.sleep(for: .milliseconds(10)) }
                }
            }
            while try await advisoryLocks(granted: true) < 1 { try await Task.sleep(for: .milliseconds(10)) }
            let seen = try await withThrowingTaskGroup(of: [Int].self) { group in
                for attempt in 1...3 {
                    group.addTask {
                        let item = DecideBatch.Item(tenant: "acme", unit: "u9", since: Self.now.addingTimeInterval(-86_400), now: Self.now) { history in
                            Self.record("d\(attempt)", unit: "u9", action: history.contacts.isEmpty ? "offer" : "none",
                                        channel: history.contacts.isEmpty ? "sms" : nil)
                        }
                        let result = await DecideBatch(database: database).run([item])
                        _ = try result[0].get()
                        return try await database.rows("SELECT count(*)::int FROM contact_ledger WHERE unit = 'u9'") { try $0.decode(Int.self) }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            try await holder.value
            #expect(seen == [1, 1, 1], "every batch saw the contact and made none of its own")
            #expect(try await database.rows("SELECT action_key FROM decisions WHERE decision_id <> 'd0' ORDER BY 1") {
                try $0.decode(String.self)
            } == ["none", "none", "none"])
        }
    }
}

/// The refusal a test decide throws.
private struct DecideBatchRefusal: Error {}

extension Result where Failure == any Error {
    fileprivate var isRefusal: Bool {
        if case .failure(let error) = self { return error is DecideBatchRefusal }
        return false
    }
}
