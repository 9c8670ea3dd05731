import CXCore
import CXDecide
import CXServer
import CXSim
import CXStore
import Foundation
import HummingbirdTesting
import PostgresNIO
import Testing

/// Issue 6's must-show, end to end through the service: the simulator starts from
/// revenue-only weights and runs six rounds of decide → outcomes → promote → fit → tune →
/// propose, then compares the learned policy with hand-set weights and uniform random.
@Suite("NBX learning loop in the simulator")
struct LearningSimulationTests {
    /// Carries the report out of the router test's closure.
    final class ReportBox: @unchecked Sendable {
        var report: LearningSimulation.Report?
    }

    @Test("From revenue-only weights: ≥ 90% of the optimum within 6 rounds, no guardrail breach promoted, beats both baselines")
    func loop() async throws {
        // Seeded draws: the loop's outcome is the same on every run (it is a test, not a lottery).
        let app = try await TestApp.make { $0.decisionDraws = .seeded(LearningSimulation.Settings().seed) }
        let key = try await app.key("sim", .admin)
        var configured = LearningSimulation.Settings()
        configured.customers = 2_000
        configured.candidates = 64
        let settings = configured
        let box = ReportBox()
        try await app.database.withRunning { database in
            try await app.test { client in
                box.report = try await LearningSimulation(client: RouterServiceClient(client: client, key: key), database: database,
                                                          tenant: "sim", settings: settings).run()
            }
        }
        let report = try #require(box.report)
        print(report.rendered)  // the per-round table, for the log
        let learned = try #require(report.contenders.first)
        let best = ([learned.trueValue] + report.rounds.map(\.trueValue)).max()!
        #expect(best >= 0.9 * report.optimum, "best true λ-value \(best) of optimum \(report.optimum): \(report.rounds.map(\.trueValue))")
        #expect(report.rounds.first!.trueValue < 0.2 * report.optimum, "the start must be poor")
        #expect(!report.promotions.isEmpty && report.promotions.allSatisfy(\.guardrailsHeld), "\(report.promotions)")
        for baseline in report.contenders.dropFirst() {
            #expect(learned.trueValue > baseline.trueValue, "\(learned.name) \(learned.trueValue) vs \(baseline.name) \(baseline.trueValue)")
        }
        // Every logged decision: the candidates' propensities sum to 1, the filtered have 0, and
        // the served action carries its candidate's propensity (or 1 when held out).
        #expect(try await app.count("""
            SELECT count(*)::int FROM decisions d JOIN LATERAL (
                SELECT sum(propensity) AS total, bool_or(filtered IS NOT NULL AND propensity > 0) AS leak,
                       bool_or(action_key = d.action_key AND channel IS NOT DISTINCT FROM d.channel AND abs(propensity - d.propensity) < 1e-12) AS served
                FROM decision_candidates c WHERE c.tenant_id = d.tenant_id AND c.decision_id = d.decision_id
            ) c ON true
            WHERE abs(c.total - 1) > 1e-9 OR c.leak OR NOT (c.served OR (d.holdout AND d.propensity = 1))
            """) == 0)
        #expect(try await app.count("SELECT count(*)::int FROM decisions") == 2_000 * 7)
    }
}
