import ArgumentParser
import CXStore

struct Erase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Erase a person: their survey submissions, answers, outcomes and experiment assignments.",
        discussion: """
            Everything stored under the respondent id (and the same id as an outcome or \
            experiment unit) is deleted in one transaction, and the weekly rollups are corrected, \
            so every report afterwards equals one computed as if the person had never answered. \
            Ingestion for the tenant waits while it runs. It cannot be undone. For a tenant that \
            pseudonymises (cxloop privacy pseudonymise), give the id as it was sent: it is turned \
            into its pseudonym first.

            Example:
              cxloop erase --respondent cust-42 --tenant acme
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The respondent / unit id to erase.") var respondent: String
    @Option(help: "Tenant (default: the only tenant).") var tenant: String?

    func validate() throws {
        guard !respondent.isEmpty else { throw ValidationError("--respondent must not be empty") }
    }

    func run() async throws {
        let (resolved, summary) = try await global.withTenant(tenant) { database, resolved in
            return (resolved, try await PostgresRespondentEraser(database: database).erase(tenant: resolved, respondent: respondent))
        }
        print("""
            erased \(respondent) from tenant \(resolved): \(summary.submissions) submissions, \(summary.answers) answers, \
            \(summary.outcomes) outcomes, \(summary.assignments) experiment assignments, \(summary.decisions) decisions; rollups corrected
            """)
    }
}
