import CXCore
import Foundation
import PostgresNIO

/// Decides for several units in one transaction: lock every unit and read all their histories in
/// one statement, run each unit's decide, and log every decision (candidates and contacts
/// included) in one statement before the commit — four round trips for the whole batch.
///
/// The units of a batch are distinct (``KeyedBatcher``); they are locked in the order of their
/// lock keys' hashes, so batches of other processes that share units wait instead of deadlocking.
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
                let histories = try await Self.lockAndReadHistories(of: items, on: connection, logger: logger)
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

    /// Locks every unit (transaction-scoped advisory locks, in key order: the next decide of a
    /// unit, here or in another process, sees this one's contact), then reads each unit's
    /// contacts (from the ledger) and events (from the outcomes) in its window — one statement.
    private static func lockAndReadHistories(of items: [Item], on connection: PostgresConnection,
                                             logger: Logger) async throws -> [UnitHistory] {
        var histories = Array(repeating: UnitHistory(contacts: [], events: []), count: items.count)
        let statement = DecideBatchStatements.LockAndReadHistories(
            keys: items.map(\.key), tenants: items.map(\.tenant), units: items.map(\.unit), since: items.map(\.since),
            until: items.map(\.now))
        for try await (position, isContact, name, at, value) in try await connection.execute(statement, logger: logger) {
            if isContact {
                histories[position - 1].contacts.append(UnitHistory.Contact(channel: name, at: at))
            } else {
                histories[position - 1].events.append(UnitHistory.Event(type: name, at: at, value: value))
            }
        }
        return histories
    }

    /// Writes the decisions, their candidate sets and their contacts in one statement.
    private static func insert(_ columns: DecisionColumns, on connection: PostgresConnection, logger: Logger) async throws {
        _ = try await connection.execute(DecideBatchStatements.LogDecisions(columns: columns), logger: logger)
    }
}
