import CXCore
import Foundation
import PostgresNIO

/// Decides for several units in one transaction: lock every unit, read all their histories in
/// one statement, run each unit's decide, and log every decision (candidates and contacts
/// included) in one statement before the commit — five round trips for the whole batch.
///
/// The units of a batch are distinct (``KeyedBatcher``); they are locked in the order of their
/// lock keys, so batches of other processes that share units wait instead of deadlocking.
struct DecideBatch: Sendable {
    /// One unit's decide, waiting for its batch.
    struct Item: Sendable {
        var tenant: String
        /// The unit as stored (its pseudonym for a pseudonymising tenant).
        var unit: String
        /// The history is read from here on…
        var since: Date
        /// …up to here for outcomes (contacts have no upper bound: a later contact still counts).
        var now: Date
        var decide: @Sendable (UnitHistory) throws -> DecisionRecord

        /// The per-unit lock's key, also the batcher's.
        var key: String { tenant + "/" + unit }
    }

    let database: Database

    /// Runs `items`; each gets its decision, or the error its decide threw, or — when the
    /// transaction fails — the store's error.
    func run(_ items: [Item]) async -> [Result<DecisionRecord, any Error>] {
        let logger = database.logger
        do {
            return try await database.transaction { connection in
                try await Self.lock(items, on: connection, logger: logger)
                let histories = try await Self.histories(of: items, on: connection, logger: logger)
                let results = zip(items, histories).map { item, history in
                    Result<DecisionRecord, any Error> {
                        var record = try item.decide(history)
                        record.unit = item.unit
                        return record
                    }
                }
                let logged = zip(items, results).compactMap { item, result in (try? result.get()).map { (item.tenant, $0) } }
                if !logged.isEmpty {
                    try await Self.insert(DecisionColumns(logged), on: connection, logger: logger)
                }
                return results
            }
        } catch {
            return items.map { _ in .failure(error) }
        }
    }

    /// One transaction-scoped advisory lock per unit, taken in key order: the next decide of a
    /// unit, here or in another process, sees this one's contact.
    private static func lock(_ items: [Item], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            SELECT count(pg_advisory_xact_lock(key))
            FROM (SELECT DISTINCT hashtextextended(k, 0) AS key FROM unnest(\(items.map(\.key))::text[]) AS k ORDER BY 1) keys
            """, logger: logger)
    }

    /// Each unit's contacts (from the ledger) and events (from the outcomes) in its window, in
    /// one statement.
    private static func histories(of items: [Item], on connection: PostgresConnection, logger: Logger) async throws -> [UnitHistory] {
        var histories = Array(repeating: UnitHistory(contacts: [], events: []), count: items.count)
        let rows = try await connection.query("""
            WITH u AS (
                SELECT * FROM unnest(\(items.map(\.tenant))::text[], \(items.map(\.unit))::text[],
                                     \(items.map(\.since))::timestamptz[], \(items.map(\.now))::timestamptz[])
                    WITH ORDINALITY AS u(tenant_id, unit, since, until, index)
            )
            SELECT u.index, true, l.channel, l.contacted_at, NULL::float8 FROM u
            JOIN contact_ledger l ON l.tenant_id = u.tenant_id AND l.unit = u.unit AND l.contacted_at >= u.since
            UNION ALL
            SELECT u.index, false, o.type, o.occurred_at, o.value FROM u
            JOIN outcomes o ON o.tenant_id = u.tenant_id AND o.unit = u.unit AND o.occurred_at >= u.since AND o.occurred_at <= u.until
            """, logger: logger)
        for try await (index, isContact, name, at, value) in rows.decode((Int, Bool, String, Date, Double?).self) {
            if isContact {
                histories[index - 1].contacts.append(UnitHistory.Contact(channel: name, at: at))
            } else {
                histories[index - 1].events.append(UnitHistory.Event(type: name, at: at, value: value))
            }
        }
        return histories
    }

    /// Writes the decisions (with their survivors and fatigue), their candidate sets and the
    /// contacts of those that contact their unit, in one statement; the candidate sets' and the
    /// ledger's foreign keys are checked at its end.
    private static func insert(_ columns: DecisionColumns, on connection: PostgresConnection, logger: Logger) async throws {
        let c = columns
        try await connection.query("""
            WITH d AS (
                SELECT * FROM unnest(
                    \(c.tenants)::text[], \(c.decisionIDs)::text[], \(c.units)::text[], \(c.decidedAt)::timestamptz[],
                    \(c.experiments)::text[], \(c.arms)::text[], \(c.policyVersions)::text[], \(c.modelVersions)::text[],
                    \(c.actions)::text[], \(c.channels)::text[], \(c.propensities)::float8[], \(c.holdouts)::bool[],
                    \(c.contacts)::bool[], \(c.shadows)::text[], \(c.contexts)::text[], \(c.fatigue)::float8[],
                    \(c.survivorActions.first)::int4[], \(c.survivorActions.last)::int4[],
                    \(c.candidateActions.first)::int4[], \(c.candidateActions.last)::int4[],
                    \(c.objectives.first)::int4[], \(c.objectives.last)::int4[],
                    \(c.scores.first)::int4[], \(c.scores.last)::int4[])
                AS d(tenant_id, decision_id, unit, decided_at, experiment_key, arm, policy_version, model_version, action_key,
                     channel, propensity, holdout, contacts, shadow, context, fatigue, survivors_first, survivors_last,
                     candidates_first, candidates_last, objectives_first, objectives_last, scores_first, scores_last)
            ), logged AS (
                INSERT INTO decisions (tenant_id, decision_id, unit, decided_at, experiment_key, arm, policy_version, model_version,
                                       action_key, channel, propensity, holdout, shadow, context,
                                       survivor_actions, survivor_channels, fatigue)
                SELECT tenant_id, decision_id, unit, decided_at, nullif(experiment_key, ''), nullif(arm, ''), policy_version,
                       nullif(model_version, ''), action_key, nullif(channel, ''), propensity, holdout,
                       nullif(shadow, '')::jsonb, context::jsonb,
                       (\(c.survivorActions.elements)::text[])[survivors_first:survivors_last],
                       (\(c.survivorChannels.elements)::text[])[survivors_first:survivors_last], fatigue
                FROM d
            ), candidates AS (
                INSERT INTO decision_candidate_sets (tenant_id, decision_id, actions, channels, objectives, scores, fatigue, score,
                                                     propensity, filtered)
                SELECT tenant_id, decision_id,
                       (\(c.candidateActions.elements)::text[])[candidates_first:candidates_last],
                       (\(c.candidateChannels.elements)::text[])[candidates_first:candidates_last],
                       (\(c.objectives.elements)::text[])[objectives_first:objectives_last],
                       (\(c.scores.elements)::float8[])[scores_first:scores_last],
                       (\(c.candidateFatigue.elements)::float8[])[candidates_first:candidates_last],
                       (\(c.candidateScore.elements)::float8[])[candidates_first:candidates_last],
                       (\(c.candidatePropensity.elements)::float8[])[candidates_first:candidates_last],
                       (\(c.candidateFiltered.elements)::text[])[candidates_first:candidates_last]
                FROM d
            )
            INSERT INTO contact_ledger (tenant_id, unit, channel, contacted_at, decision_id)
            SELECT tenant_id, unit, channel, decided_at, decision_id FROM d WHERE contacts
            """, logger: logger)
    }
}
