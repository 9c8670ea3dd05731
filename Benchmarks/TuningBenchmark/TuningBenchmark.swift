import BenchmarkSupport
import CXCore
import CXDecide
import CXReports
import CXStore
import Foundation
import Logging
import PostgresNIO

/// The off-policy evaluation benchmark of issue 6: `cxloop weights tune` with 256 candidate
/// weight vectors over a log of a million decisions (``DecisionLogLoader``) — the log's grouped
/// read alone, tuning in process, and the process — against `SELECT count(*)` over the same
/// decisions, in the same run on the same cluster.
struct TuningBenchmark: Sendable {
    let options: TuningBenchmarkOptions
    let logger: Logger
    /// The options every cluster benchmark shares.
    private var cluster: ClusterBenchmarkOptions { options.cluster }

    func run() async throws -> TuningBenchmarkResult {
        try await BenchmarkMain.withCluster(home: cluster.home, logger: logger) { database in try await run(on: database) }
    }

    private func run(on database: Database) async throws -> TuningBenchmarkResult {
        let tenant = cluster.tenant
        let since = DecisionLogLoader.asOf.addingTimeInterval(-Double(DecisionLogLoader.sinceDays) * 86_400)
        let asOf = DecisionLogLoader.asOf
        func count() async throws -> Int {
            try await database.rows("""
                SELECT count(*) FROM decisions WHERE tenant_id = \(tenant) AND decided_at >= \(since) AND decided_at < \(asOf)
                """) { try $0.decode(Int.self) }[0]
        }
        var loaded: [(table: String, rows: Int)] = []
        var loadSeconds: Double?
        var fitSeconds: Double?
        let learning = PolicyLearning(database: database)
        if cluster.skipLoad {
            guard try await count() > 0 else { throw BenchmarkError("--skip-load: tenant \(tenant) has no decisions in \(cluster.home)") }
        } else {
            guard try await count() == 0 else {
                throw BenchmarkError("""
                    tenant \(tenant) already holds decisions in \(cluster.home): time it with --skip-load, \
                    or load afresh after `cxloop db stop --home \(cluster.home) && rm -rf \(cluster.home)`
                    """)
            }
            Console.error("loading \(Console.grouped(options.decisions)) decisions")
            let clock = ContinuousClock()
            loadSeconds = try await clock.measure {
                loaded = try await DecisionLogLoader(database: database, tenant: tenant).load(decisions: options.decisions)
            }.seconds
            for (table, rows) in loaded { Console.error("  \(table): \(Console.grouped(rows)) rows") }
            Console.error("VACUUM (ANALYZE); CHECKPOINT")
            try await database.execute("VACUUM (ANALYZE) decisions, outcomes, submissions, answers")
            try await database.execute("CHECKPOINT")
            Console.error("cxloop models fit")
            fitSeconds = try await clock.measure { _ = try await learning.fit(tenant: tenant, since: since, asOf: asOf) }.seconds
        }
        let runs = cluster.runs
        Console.error("timing the baseline: SELECT count(*) over the decisions (\(runs) runs)")
        var counted = 0
        let baseline = try await Samples.measure(runs: runs) { counted = try await count() }

        Console.error("timing the log's grouped read (\(runs) runs)")
        let model = try await learning.model(tenant: tenant)
        let surveys = try await PostgresSurveyRepository(database: database).list(tenant: tenant)
        let request = LearningObjectives(windows: model.windows).request(tenant: tenant, since: since, asOf: asOf, surveys: surveys)
        var groups: [LoggedDecisionGroup] = []
        let read = try await Samples.measure(runs: runs) {
            groups = try await PostgresLearningStore(database: database).loggedDecisionGroups(request)
        }

        Console.error("timing weights tune in process, \(options.candidates) candidates (\(runs) runs)")
        var settings = WeightTuner.Settings()
        settings.candidates = options.candidates
        var tuning: PolicyLearning.Tuning?
        let inProcess = try await Samples.measure(runs: runs) {
            tuning = try await learning.tune(tenant: tenant, since: since, asOf: asOf, settings: settings)
        }
        let process = CLIProcess(executable: cluster.cxloopPath, arguments: [
            "weights", "tune", "--tenant", tenant, "--home", cluster.home, "--candidates", "\(options.candidates)",
            "--since-days", "\(DecisionLogLoader.sinceDays)", "--as-of", asOf.formatted(.iso8601),
        ]).time(runs: runs)
        let version = try await database.rows("SELECT current_setting('server_version')") { try $0.decode(String.self) }[0]
        return TuningBenchmarkResult(
            decisions: counted, groups: groups.count, contexts: Set(groups.map { "\($0.segment)|\($0.candidates)|\($0.fatigue)" }).count,
            candidates: options.candidates, loaded: loaded, loadSeconds: loadSeconds, fitSeconds: fitSeconds, runs: runs,
            baseline: baseline, read: read,
            timing: EndToEndTiming(inProcess: inProcess, process: (process.samples, process.note),
                                   targetMilliseconds: TuningBenchmarkResult.targetMilliseconds),
            evaluated: tuning?.decisions ?? 0, drawn: tuning?.result.drawn ?? 0, survivors: tuning?.result.survivors ?? 0,
            cores: ProcessInfo.processInfo.activeProcessorCount, postgresVersion: version, output: process.output ?? "")
    }
}
