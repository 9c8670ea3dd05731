import ArgumentParser
import CXCore
import CXDecide
import CXReports
import CXServer
import CXSim
import CXStore
import Foundation
import Logging

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run cxloop end to end on synthetic data.",
        discussion: """
            Starts the embedded database (or uses DATABASE_URL), starts the HTTP service on a free \
            local port, defines the example surveys, sends twelve weeks of synthetic responses and \
            outcomes through the real HTTP API (the last complete week carries planted changes: \
            happier customers, harder service), replays a batch to show idempotency, prints what \
            was stored and ends with the weekly report of that week. Running it again in the \
            same week stores nothing new (duplicates).

            Then it runs a holdout comparison of two NBX-like policies (production and a \
            candidate that truly sells more, plus a 10% no-action holdout): the experiment over \
            POST /v1/experiments, each customer's sticky arm from GET /v1/assign, the exposure \
            log, what the customers did next, and the analysis (experiment analyze), next to the \
            planted truth.

            Last it runs the next-best-experience learning loop in the simulator (cxloop sim \
            run) for tenant <tenant>-nbx: from revenue-only weights, --sim-rounds rounds of \
            decide → outcomes → promote → fit → tune → propose, and prints the per-round table \
            (θ, realised λ-value with CI, regret, satisfaction) and the comparison with \
            hand-set weights and uniform random. Running it again needs a fresh CXLOOP_HOME.

            Example:
              swift run cxloop demo
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Tenant the demo writes to.") var tenant: String = "demo"
    @Option(help: "Synthetic customers.") var customers: Int = 600
    @Option(help: "Customers in the policy trial (the first --customers of them have history).") var trialCustomers: Int = 3000
    @Option(help: "Rounds of the simulated NBX learning loop (0 skips it).") var simRounds: Int = 6
    @Option(help: "Customers per round of the learning loop.") var simCustomers: Int = 1500

    func run() async throws {
        let logger = global.logger()
        let environment = global.environment
        print("cxloop demo — \(environment.isEmbedded ? "embedded PostgreSQL in \(environment.home)" : "DATABASE_URL")")
        let reportWeek = ISOWeek(containing: Date(), in: .gmt).advanced(by: -1)
        let history = SyntheticWeek.plantedHistory(lastWeekStart: reportWeek.start(in: .gmt), customers: customers)
        let renderer = try await terminalRenderer()
        let database = Database(configuration: try environment.clientConfiguration(logger: logger), logger: logger)
        let draws = DecisionDraws.seeded(LearningSimulation.Settings().seed)  // the demo repeats
        try await LocalService.run(database: database, logger: logger, draws: draws) { [tenant, simRounds, simCustomers] port in
            let key = try await PostgresAPIKeyRepository(database: database).create(tenant: tenant, scope: .admin)
            let client = IngestHTTPClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!, key: key.key)
            print("service on http://127.0.0.1:\(port), tenant \(tenant), weeks \(reportWeek.advanced(by: -11)) to \(reportWeek)\n")
            try await send(history, through: client)
            try await show(StorageSummary.load(tenant: tenant, from: database))
            let generator = ReportGenerator(surveys: PostgresSurveyRepository(database: database),
                                            store: PostgresReportRepository(database: database))
            let report = try await generator.weekly(WeeklyReportRequest(tenant: tenant, week: reportWeek))
            print("\n$ cxloop report weekly --tenant \(tenant) --week \(reportWeek)\n")
            print(try renderer.render(report, as: .text), terminator: "")
            try await runTrial(through: client)
            let analysis = try await StoredExperimentAnalyzer(database: database).analyze(StoredExperimentRequest(
                tenant: tenant, experiment: PolicyTrial.experiment.key, cuped: true))
            print("\n$ cxloop experiment analyze \(PolicyTrial.experiment.key) --cuped --tenant \(tenant)\n")
            print(try renderer.render(analysis, as: .text), terminator: "")
            guard simRounds > 0 else { return }
            var settings = LearningSimulation.Settings()
            settings.rounds = simRounds
            settings.customers = simCustomers
            settings.candidates = 64
            print("\n$ cxloop sim run --rounds \(simRounds) --customers \(simCustomers) --candidates 64 --tenant \(tenant)-nbx\n")
            Simulate.print(try await Simulate.simulate(database: database, port: port, tenant: "\(tenant)-nbx", settings: settings))
        }
    }

    /// The holdout comparison of two NBX-like policies: the experiment, every customer's
    /// assignment over `GET /v1/assign`, the exposure log, and what the customers did next.
    private func runTrial(through client: IngestHTTPClient) async throws {
        let experiment = PolicyTrial.experiment
        _ = try await client.send("POST", "v1/experiments", body: Data(experiment.body.serialized.utf8))
        let units = (0..<trialCustomers).map { "cust-\($0)" }
        var arms: [String: String] = [:]
        for start in stride(from: 0, to: units.count, by: 16) {  // 16 requests in flight
            try await withThrowingTaskGroup(of: (String, String).self) { group in
                for unit in units[start..<min(start + 16, units.count)] {
                    group.addTask {
                        let answer = try await client.get("v1/assign", query: ["experiment": experiment.key, "unit": unit])
                        return (unit, answer.objectValue?["arm"]?.stringValue ?? "holdout")
                    }
                }
                for try await (unit, arm) in group { arms[unit] = arm }
            }
        }
        let assignments = units.map { (unit: $0, arm: arms[$0] ?? "holdout") }
        print("\nPOST /v1/experiments \(experiment.key): production 50 / candidate 50 of the covered customers, "
            + "holdout \(Int(experiment.holdoutPercent))%")
        let counts = Dictionary(grouping: assignments, by: \.arm).mapValues(\.count)
        print("GET  /v1/assign × \(trialCustomers) → " + ["production", "candidate", "holdout"].map { "\($0) \(counts[$0] ?? 0)" }
            .joined(separator: ", "))
        let trial = PolicyTrial()
        let now = Date()
        let exposures = try await client.postNDJSON("v1/exposures", trial.exposures(assignments, at: now))
        let outcomes = try await client.postNDJSON("v1/outcomes", trial.outcomes(assignments, at: now))
        let responses = try await client.postNDJSON("v1/responses", trial.responses(assignments, at: now))
        for (path, sent) in [("exposures", exposures), ("outcomes ", outcomes), ("responses", responses)] {
            print("POST /v1/\(path) → accepted \(sent.accepted), duplicates \(sent.duplicates)")
        }
        print("Planted truth, value per customer: " + ["production", "candidate", "holdout"].map { arm in
            "\(arm) \(String(format: "%.1f", PolicyTrial.effects[arm]?.valuePerCustomer ?? 0))"
        }.joined(separator: ", ") + " (the candidate's true lift is +"
            + String(format: "%.0f", 100 * (PolicyTrial.effects["candidate"]!.valuePerCustomer
                / PolicyTrial.effects["production"]!.valuePerCustomer - 1)) + "%)")
    }

    private func send(_ weeks: [SyntheticWeek], through client: IngestHTTPClient) async throws {
        let encoder = JSONEncoder()
        for (key, definition) in SyntheticWeek.surveys {
            let answer = try await client.send("PUT", "v1/surveys/\(key)", body: try encoder.encode(definition))
            let version = Int(answer.objectValue?["version"]?.numberValue ?? 0)
            print("PUT  /v1/surveys/\(key) → version \(version)")
        }
        let responses = weeks.flatMap { $0.responses() }
        let outcomes = weeks.flatMap { $0.outcomes() }
        let sentResponses = try await client.postNDJSON("v1/responses", responses)
        print("POST /v1/responses  \(responses.count) items → accepted \(sentResponses.accepted), duplicates \(sentResponses.duplicates)")
        let sentOutcomes = try await client.postNDJSON("v1/outcomes", outcomes)
        print("POST /v1/outcomes   \(outcomes.count) items → accepted \(sentOutcomes.accepted), duplicates \(sentOutcomes.duplicates)")
        let replay = try await client.postNDJSON("v1/responses", Array(responses.prefix(100)))
        print("POST /v1/responses  replay of 100 → accepted \(replay.accepted), duplicates \(replay.duplicates)\n")
    }

    private func show(_ summary: StorageSummary) {
        print("Stored for tenant \(tenant):")
        print(TextTable(header: ["survey", "completed", "partial", "answers"], rows: summary.surveys.map {
            [$0.survey, String($0.completed), String($0.partial), String($0.answers)]
        }).rendered)
        print("")
        print(TextTable(header: ["outcome", "events", "total value"], rows: summary.outcomes.map {
            [$0.type, String($0.events), $0.total.map { String(format: "%.2f", $0) } ?? "-"]
        }).rendered)
    }
}
