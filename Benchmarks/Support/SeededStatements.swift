import CXStore
import PostgresNIO

/// Bulk loads in SQL with a fixed seed: statements of the form
/// `WITH inserted AS (INSERT … RETURNING 1) SELECT count(*) FROM inserted`, run in order on one
/// connection after `setseed`, so that every `random()` of the load is the same from run to run.
public enum SeededStatements {
    /// Runs `statements` (label, SQL) after `SELECT setseed(seed)`; returns each label with the
    /// count its statement returned.
    public static func run(_ statements: [(String, PostgresQuery)], seed: Double,
                           on database: Database) async throws -> [(table: String, rows: Int)] {
        try await database.connection { connection in
            _ = try await connection.query("SELECT setseed(\(seed))", logger: database.logger).collect()
            var written: [(table: String, rows: Int)] = []
            for (table, statement) in statements {
                let rows = try await connection.query(statement, logger: database.logger).collect()
                written.append((table, try rows[0].decode(Int.self)))
            }
            return written
        }
    }
}
