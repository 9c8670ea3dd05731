import PostgresNIO

/// The per-unit outcome sums of every experiment (`experiment_unit_sums`, migration 0011): per
/// assigned unit outside the global holdout, its value, contacts and cost over the default
/// windows (``windowDays`` after and before its assignment). Triggers keep the table equal to a
/// rebuild whenever outcomes or assignments change — ingestion, assignment, erasure — so the
/// analysis reads a million units' sums in one pass instead of their raw outcomes.
public struct ExperimentUnitSums: Sendable {
    /// The attribution window the sums are kept for, in days; an analysis over another window
    /// reads raw outcomes.
    public static let windowDays = 28

    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Recomputes every row of `experiment` from raw outcomes and assignments, with the SQL the
    /// triggers use (`cxloop experiment rebuild-sums`); returns the number of units written.
    /// Holds the tenant's unit locks meanwhile, so concurrent writers of its outcomes wait.
    public func rebuild(tenant: String, experiment: String) async throws(StoreError) -> Int {
        try await database.rows("SELECT experiment_unit_sums_rebuild(\(tenant), \(experiment))") { row in
            try row.decode(Int.self)
        }.first ?? 0
    }
}
