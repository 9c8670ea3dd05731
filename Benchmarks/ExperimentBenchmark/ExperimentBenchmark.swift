import BenchmarkSupport
import CXCore
import CXReports
import CXStore
import Foundation
import Logging
import PostgresNIO

/// The experiment-analysis benchmark of issue 5: an experiment of `--units` units in 3 arms
/// (``ExperimentLoader``), analysed on 6 metrics with CUPED — the SQL pass alone, the analysis in
/// process (query, statistics, text rendering) and `cxloop experiment analyze` as a process —
/// against `SELECT count(*)` over the same assignment rows, in the same run on the same cluster.
struct ExperimentBenchmark: Sendable {
    static let metrics: [ExperimentMetric] = [.value, .contacts, .cost, .responseRate, .nps, .csat]

    let options: ExperimentBenchmarkOptions
    let logger: Logger
    /// The options every cluster benchmark shares.
    private var cluster: ClusterBenchmarkOptions { options.cluster }

    func run() async throws -> ExperimentBenchmarkResult {
        try await BenchmarkMain.withCluster(home: cluster.home, logger: logger) { database in try await run(on: database) }
    }

    private func run(on database: Database) async throws -> ExperimentBenchmarkResult {
        let tenant = cluster.tenant
        let key = ExperimentLoader.experiment.key
        let units = try await database.rows(
            "SELECT count(*) FROM experiment_assignments WHERE tenant_id = \(tenant) AND experiment_key = \(key)"
        ) { try $0.decode(Int.self) }[0]
        var loaded: [(table: String, rows: Int)] = []
        var loadSeconds: Double?
        if cluster.skipLoad {
            guard units > 0 else { throw BenchmarkError("--skip-load: tenant \(tenant) has no experiment \(key) in \(cluster.home)") }
        } else {
            guard units == 0 else {
                throw BenchmarkError("""
                    tenant \(tenant) already holds experiment \(key) in \(cluster.home): time it with --skip-load, \
                    or load afresh after `cxloop db stop --home \(cluster.home) && rm -rf \(cluster.home)`
                    """)
            }
            Console.error("loading \(Console.grouped(options.units)) units with SQL")
            let clock = ContinuousClock()
            loadSeconds = try await clock.measure {
                loaded = try await ExperimentLoader(database: database, tenant: tenant).load(units: options.units)
            }.seconds
            for (table, rows) in loaded { Console.error("  \(table): \(Console.grouped(rows)) rows") }
            Console.error("VACUUM (ANALYZE); CHECKPOINT")
            try await database.execute("VACUUM (ANALYZE) experiment_assignments, experiment_unit_sums, experiment_unit_responses, outcomes, submissions, answers")
            try await database.execute("CHECKPOINT")
        }
        // The definition of this build (shares may differ from an earlier run's; units keep their arm).
        _ = try await PostgresExperimentRepository(database: database).put(tenant: tenant, definition: ExperimentLoader.experiment)
        let runs = cluster.runs
        let request = StoredExperimentRequest(tenant: tenant, experiment: key, metrics: Self.metrics,
                                              asOf: ExperimentLoader.asOf, cuped: true)

        Console.error("timing the baseline: SELECT count(*) over the assignments (\(runs) runs)")
        var counted = 0
        let baseline = try await Samples.measure(runs: runs) {
            counted = try await database.rows(
                "SELECT count(*) FROM experiment_assignments WHERE tenant_id = \(tenant) AND experiment_key = \(key)"
            ) { try $0.decode(Int.self) }[0]
        }

        Console.error("timing the analysis' SQL pass (\(runs) runs)")
        let analyzer = StoredExperimentAnalyzer(database: database)
        let source = PostgresExperimentData(database: database)
        let surveys = try await PostgresSurveyRepository(database: database).list(tenant: tenant)
        let dataRequest = ExperimentDataRequest(
            tenant: tenant, experiment: key, metrics: Self.metrics, asOf: ExperimentLoader.asOf,
            windowDays: request.windowDays, horizonDays: request.horizonDays,
            surveyFields: ExperimentSurveyField.fields(of: surveys, population: .customer))
        var data: ExperimentData?
        let query = try await Samples.measure(runs: runs) { data = try await source.data(dataRequest) }

        Console.error("timing the analysis in process: query, statistics, text (\(runs) runs)")
        let renderer = ReportRenderer(templates: try await ReportTemplates.load(), style: TextStyle(colour: false))
        var text = ""
        let inProcess = try await Samples.measure(runs: runs) {
            text = try renderer.render(try await analyzer.analyze(request), as: .text)
        }
        let cli = timeCLI(runs: runs)
        let analysedUnits = data?.units.values.reduce(0, +) ?? 0
        let version = try await database.rows("SELECT current_setting('server_version')") { try $0.decode(String.self) }[0]
        return ExperimentBenchmarkResult(
            units: counted, arms: data?.units.count ?? 0, metrics: Self.metrics.count, loaded: loaded, loadSeconds: loadSeconds,
            runs: runs, baseline: baseline, query: query,
            timing: EndToEndTiming(inProcess: inProcess, process: (cli.samples, cli.note),
                                   targetMilliseconds: ExperimentBenchmarkResult.targetMilliseconds),
            unitsMatch: analysedUnits == counted, cliOutputMatches: cli.output.map { $0 == text },
            cores: ProcessInfo.processInfo.activeProcessorCount, postgresVersion: version, report: text)
    }

    /// Times the `cxloop experiment analyze` process.
    private func timeCLI(runs: Int) -> (samples: Samples?, note: String?, output: String?) {
        CLIProcess(executable: cluster.cxloopPath, arguments: [
            "experiment", "analyze", ExperimentLoader.experiment.key, "--tenant", cluster.tenant, "--home", cluster.home,
            "--metrics", Self.metrics.map(\.rawValue).joined(separator: ","), "--cuped",
            "--as-of", ExperimentLoader.asOf.formatted(.iso8601),
        ]).time(runs: runs)
    }
}
