import CXCore
import CXStore
import PostgresNIO

/// Assignment for the per-unit sums' tests: units assigned through the repository, then moved
/// into the past by an update of their rows, so that post windows hold past rows and the
/// tables' update triggers run.
enum PastAssignments {
    /// Assigns `u-0` … `u-(count − 1)` of `tenant` to `experiment`, then moves every assignment of
    /// the tenant 2 to 11 days back (by the unit number's last digit).
    static func assign(_ count: Int, to experiment: ExperimentDefinition, tenant: String, globalHoldout: GlobalHoldout,
                       experiments: PostgresExperimentRepository, database: Database) async throws {
        for index in 0..<count {
            let unit = "u-\(index)"
            _ = try await experiments.assign(tenant: tenant, experiment: experiment.key, unit: unit,
                                             assignment: .assign(unit: unit, experiment: experiment, globalHoldout: globalHoldout))
        }
        try await database.execute("""
            UPDATE experiment_assignments SET assigned_at = now() - (right(unit, 1)::int + 2) * interval '1 day'
            WHERE tenant_id = \(tenant)
            """)
    }
}
