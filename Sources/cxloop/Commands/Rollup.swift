import ArgumentParser
import CXStore

struct Rollup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Maintain the weekly answer rollups that reports read.",
        discussion: """
            Ingestion keeps the rollups up to date in the same transaction as the answers. \
            `rebuild` recomputes a tenant's rollups from its raw answers, e.g. after a bulk fix \
            in SQL; writers wait while it runs.

            Example:
              cxloop rollup rebuild --tenant acme
            """,
        subcommands: [Rebuild.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute a tenant's rollups from raw answers.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?

        func run() async throws {
            let (resolved, rows) = try await global.withTenant(tenant) { database, resolved in
                return (resolved, try await PostgresIngestStore(database: database).rebuildRollups(tenant: resolved))
            }
            print("rebuilt \(rows) rollup rows for tenant \(resolved)")
        }
    }
}
