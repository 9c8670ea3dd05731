import ArgumentParser
import CXCore
import CXDecide
import CXSim
import CXStore
import Foundation

/// `cxloop sim run`: the NBX learning loop on synthetic customers, through the real service.
struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Simulate the next-best-experience learning loop against the real service.",
        discussion: """
            `run` starts the service in this process, creates tenant --tenant, and plays --rounds \
            rounds: a new cohort of --customers synthetic customers (hidden true effects per \
            action, channel and segment; survey non-response; a planted harm: a flash sale that \
            sells but destroys satisfaction) is decided over POST /v1/decide, their outcomes and \
            CSAT answers are ingested over HTTP, the round's trial is judged (weights promote), \
            then the effect model is refitted, candidate weights are tuned by off-policy \
            evaluation and the best are proposed as the next trial. It starts from revenue-only \
            weights and ends by comparing the learned policy with hand-set weights and uniform \
            random in one experiment. Every figure's truth is known, so the table shows regret.

            Example:
              cxloop sim run --rounds 6 --customers 3000
            """,
        subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the simulated learning loop and print the per-round table.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Tenant the simulation writes to (must be new).") var tenant: String = "sim"
        @Option(help: "Rounds of decide → outcomes → promote → fit → tune → propose.") var rounds: Int = 6
        @Option(help: "Customers per round.") var customers: Int = 3000
        @Option(help: "Candidate weight vectors tuned per round.") var candidates: Int = 128
        @Option(help: "Candidate arms per trial.") var arms: Int = 1
        @Option(help: "Seed of the synthetic customers, their outcomes and the service's decision draws.") var seed: UInt64 = 42

        func validate() throws {
            guard (1...20).contains(rounds) else { throw ValidationError("--rounds must be 1–20, not \(rounds)") }
            guard customers >= 200 else { throw ValidationError("--customers must be at least 200, not \(customers)") }
            guard (1...4).contains(arms) else { throw ValidationError("--arms must be 1–4, not \(arms)") }
        }

        func run() async throws {
            var settings = LearningSimulation.Settings()
            settings.rounds = rounds
            settings.customers = customers
            settings.candidates = candidates
            settings.arms = arms
            settings.seed = seed
            let report = try await Simulate.run(global: global, tenant: tenant, settings: settings)
            Simulate.print(report)
        }
    }

    /// Runs the simulation on a local service for a new tenant.
    static func run(global: GlobalOptions, tenant: String, settings: LearningSimulation.Settings) async throws -> LearningSimulation.Report {
        let logger = global.logger()
        let database = Database(configuration: try global.environment.clientConfiguration(logger: logger), logger: logger)
        let reports = ReportBox()
        try await LocalService.run(database: database, logger: logger, draws: .seeded(settings.seed)) { port in
            reports.report = try await simulate(database: database, port: port, tenant: tenant, settings: settings)
        }
        guard let report = reports.report else { throw ExitCode.failure }
        return report
    }

    /// Runs the simulation for a new tenant against the service listening on `port`.
    static func simulate(database: Database, port: Int, tenant: String,
                         settings: LearningSimulation.Settings) async throws -> LearningSimulation.Report {
        let keys = PostgresAPIKeyRepository(database: database)
        guard try await !keys.tenants().contains(tenant) else {
            throw ValidationError("tenant '\(tenant)' exists already; the simulation needs a new one (--tenant)")
        }
        let key = try await keys.create(tenant: tenant, scope: .admin)
        let client = IngestHTTPClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!, key: key.key)
        return try await LearningSimulation(client: client, database: database, tenant: tenant, settings: settings).run { Swift.print($0) }
    }

    /// The per-round table and the final comparison.
    static func print(_ report: LearningSimulation.Report) {
        Swift.print("\n" + report.rendered)
    }
}

/// Carries the report out of the service's task.
private final class ReportBox: @unchecked Sendable {
    var report: LearningSimulation.Report?
}
