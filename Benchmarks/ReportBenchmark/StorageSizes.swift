import CXStore
import PostgresNIO

/// The raw tables against the rollup: on-disk size (`pg_total_relation_size`: heap, TOAST
/// and indexes, after VACUUM) of the whole tables, and the tenant's row counts.
struct StorageSizes: Sendable {
    var answersBytes: Int
    var submissionsBytes: Int
    var rollupBytes: Int
    var answers: Int
    var submissions: Int
    var rollupRows: Int

    /// `answers` + `submissions`: what a report reading raw data has to read from.
    var rawBytes: Int { answersBytes + submissionsBytes }
    /// Rollup size as a fraction of the raw tables'.
    var ratio: Double { Double(rollupBytes) / Double(rawBytes) }

    static func measure(database: Database, tenant: String) async throws -> StorageSizes {
        let sizes = try await database.rows(
            """
            SELECT pg_total_relation_size('answers'), pg_total_relation_size('submissions'),
                   pg_total_relation_size('answer_rollups')
            """
        ) { row in try row.decode((Int, Int, Int).self) }
        let counts = try await database.rows(
            """
            SELECT (SELECT count(*) FROM answers WHERE tenant_id = \(tenant)),
                   (SELECT count(*) FROM submissions WHERE tenant_id = \(tenant)),
                   (SELECT count(*) FROM answer_rollups WHERE tenant_id = \(tenant))
            """
        ) { row in try row.decode((Int, Int, Int).self) }
        return StorageSizes(
            answersBytes: sizes[0].0, submissionsBytes: sizes[0].1, rollupBytes: sizes[0].2,
            answers: counts[0].0, submissions: counts[0].1, rollupRows: counts[0].2)
    }
}
