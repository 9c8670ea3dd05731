import BenchmarkSupport
import CXCore
import CXReports
import CXServer
import CXStore
import Foundation
import Logging
import PostgresNIO

/// The weekly-report benchmark of issue 4: loads the synthetic data set through the import
/// path (unless `--skip-load`), then times `report weekly` end to end — in process and as a
/// `cxloop` process — against a plain SQL GROUP BY over the raw answers, in the same run and
/// on the same cluster.
struct ReportBenchmark: Sendable {
    /// Weeks of data loaded; the report reads the last 12 of them.
    static let dataWeeks = 26

    let options: BenchmarkOptions
    let logger: Logger
    /// The options every cluster benchmark shares.
    private var cluster: ClusterBenchmarkOptions { options.cluster }

    func run() async throws -> BenchmarkResult {
        try await BenchmarkMain.withCluster(home: cluster.home, logger: logger) { database in try await run(on: database) }
    }

    private func run(on database: Database) async throws -> BenchmarkResult {
        let tenant = cluster.tenant
        let surveyRepository = PostgresSurveyRepository(database: database)
        let hasData = try await database.rows(
            "SELECT EXISTS (SELECT 1 FROM submissions WHERE tenant_id = \(tenant))") { try $0.decode(Bool.self) }[0]
        var load: BulkLoader.Summary?
        let week: ISOWeek
        if cluster.skipLoad {
            guard hasData else { throw BenchmarkError("--skip-load: tenant \(tenant) has no data in \(cluster.home)") }
            week = try await reportWeek(database: database)
        } else {
            guard !hasData else {
                throw BenchmarkError("""
                    tenant \(tenant) already holds data in \(cluster.home): time it with --skip-load, \
                    or load afresh after `cxloop db stop --home \(cluster.home) && rm -rf \(cluster.home)`
                    """)
            }
            week = try await reportWeek(database: database)
            load = try await loadData(database: database, surveys: surveyRepository, lastWeek: week)
        }
        let vacuumSeconds = try await vacuum(database: database)
        Console.error("measuring sizes")
        let sizes = try await StorageSizes.measure(database: database, tenant: tenant)
        let surveys = try await surveyRepository.list(tenant: tenant)
        let window = week.window(WeeklyReportRequest.trendWeeks)
        let runs = cluster.runs
        let baselineRuns = options.baselineRuns ?? runs

        Console.error("timing report weekly in process (\(runs) runs)")
        let generator = ReportGenerator(surveys: surveyRepository, store: PostgresReportRepository(database: database))
        let renderer = ReportRenderer(templates: try await ReportTemplates.load(), style: TextStyle(colour: false))
        var text = ""
        // As the CLI asks: `--tz UTC` (a zone named UTC, which the report prints).
        let request = WeeklyReportRequest(tenant: tenant, week: week, timeZone: TimeZone(identifier: "UTC") ?? .gmt)
        let inProcess = try await Samples.measure(runs: runs) {
            let report = try await generator.weekly(request)
            text = try renderer.render(report, as: .text)
        }
        Console.error("timing its rollup query alone")
        let rollupQuery = RollupQuery(tenant: tenant, surveys: surveys.map(\.key), weeks: window[0]...week)
        let reports = PostgresReportRepository(database: database)
        var cells: [RollupCell] = []
        let rollup = try await Samples.measure(runs: runs) { cells = try await reports.cells(rollupQuery) }

        let (cli, cliNote, cliOutput) = timeCLI(week: week, runs: runs)

        Console.error("timing the baseline: GROUP BY over raw answers (\(baselineRuns) runs)")
        let baselineQuery = RawBaseline(database: database, tenant: tenant, weeks: window[0]...week, surveys: surveys)
        var fieldHistograms: RawBaseline.Histograms = [:]
        let baseline = try await Samples.measure(runs: baselineRuns) {
            fieldHistograms = try await baselineQuery.fieldHistograms()
        }
        Console.error("timing the baseline with the engagement index (\(baselineRuns) runs)")
        var allHistograms: RawBaseline.Histograms = [:]
        let baselineWithIndex = try await Samples.measure(runs: baselineRuns) {
            allHistograms = try await baselineQuery.fieldAndIndexHistograms()
        }

        let (fieldsMatch, indexMatch) = Self.compare(cells: cells, fields: fieldHistograms, all: allHistograms)
        if let cliOutput, cliOutput != text { Self.keepMismatch(inProcess: text, process: cliOutput) }
        let version = try await database.rows("SELECT current_setting('server_version')") { try $0.decode(String.self) }[0]
        return BenchmarkResult(
            tenant: tenant, week: week, trendWeeks: window.count, dataWeeks: Self.dataWeeks,
            surveys: surveys.count, segments: SyntheticResponses.segments.count, load: load,
            chunk: options.chunk, concurrency: options.concurrency, vacuumSeconds: vacuumSeconds, sizes: sizes,
            runs: runs, baselineRuns: baselineRuns, reportInProcess: inProcess, rollupQuery: rollup,
            cli: cli, cliNote: cliNote, baseline: baseline, baselineWithIndex: baselineWithIndex,
            fieldHistogramsMatch: fieldsMatch, indexHistogramsMatch: indexMatch,
            cliOutputMatches: cliOutput.map { $0 == text }, cores: ProcessInfo.processInfo.activeProcessorCount,
            postgresVersion: version)
    }

    /// `--week`; else, with data, the week of the tenant's latest submission; else the last
    /// complete UTC week.
    private func reportWeek(database: Database) async throws -> ISOWeek {
        if let text = options.week {
            guard let week = ISOWeek(text) else { throw BenchmarkError("--week must be an ISO week like 2026-W45, not '\(text)'") }
            return week
        }
        if cluster.skipLoad {
            let latest = try await database.rows(
                "SELECT max(submitted_at) FROM submissions WHERE tenant_id = \(cluster.tenant)") { try $0.decode(Date.self) }[0]
            return ISOWeek(containing: latest, in: .gmt)
        }
        return ISOWeek(containing: Date(), in: .gmt).advanced(by: -1)
    }

    /// Creates the tenant and the surveys, then loads the responses of the weeks ending with `lastWeek`.
    private func loadData(database: Database, surveys: PostgresSurveyRepository, lastWeek: ISOWeek) async throws -> BulkLoader.Summary {
        let keys = PostgresAPIKeyRepository(database: database)
        if !(try await keys.tenants()).contains(cluster.tenant) {
            _ = try await keys.create(tenant: cluster.tenant, scope: .admin)
        }
        for plan in SyntheticResponses.surveys {
            _ = try await surveys.put(tenant: cluster.tenant, key: plan.key, definition: plan.definition)
        }
        let data = SyntheticResponses(
            seed: options.seed, count: SyntheticResponses.responses(forAnswers: options.answers),
            firstWeek: lastWeek.advanced(by: -(Self.dataWeeks - 1)), weeks: Self.dataWeeks)
        Console.error("""
            loading about \(Console.grouped(options.answers)) answers: \(Console.grouped(data.count)) responses, \
            \(data.firstWeek) to \(lastWeek), \(options.chunk) per call, \(options.concurrency) in flight
            """)
        let writer = GroupCommitWriter(store: PostgresIngestStore(database: database), logger: logger)
        let ingestor = Ingestor(surveys: surveys, writer: writer)
        let summary = try await BulkLoader(
            ingestor: ingestor, tenant: cluster.tenant, data: data, chunk: options.chunk, concurrency: options.concurrency
        ).load()
        Console.error("""
            loaded \(Console.grouped(summary.answers)) answers (\(Console.grouped(summary.accepted)) responses accepted, \
            \(summary.duplicates) duplicates, \(summary.rejected) rejected) in \(Console.fixed(summary.duration.seconds, 1)) s: \
            \(Console.grouped(Int(summary.answersPerSecond))) answers/s
            """)
        if let problem = summary.firstProblem { Console.error("first rejected item: \(problem)") }
        return summary
    }

    /// VACUUM (ANALYZE) of the three tables and a CHECKPOINT, so neither side is timed
    /// against autovacuum, missing statistics or an unset visibility map (which favours the
    /// baseline: index-only scans become possible). Returns the seconds taken.
    private func vacuum(database: Database) async throws -> Double {
        Console.error("VACUUM (ANALYZE) answers, submissions, answer_rollups; CHECKPOINT")
        let clock = ContinuousClock()
        return try await clock.measure {
            try await database.execute("VACUUM (ANALYZE) answers, submissions, answer_rollups")
            try await database.execute("CHECKPOINT")
        }.seconds
    }

    /// Times the `cxloop report weekly` process.
    private func timeCLI(week: ISOWeek, runs: Int) -> (Samples?, String?, String?) {
        CLIProcess(executable: cluster.cxloopPath, arguments: [
            "report", "weekly", "--week", week.description, "--tenant", cluster.tenant, "--home", cluster.home, "--format", "text",
        ]).time(runs: runs)
    }

    /// Writes both renders to /tmp for a diff when the process printed something else.
    private static func keepMismatch(inProcess: String, process: String) {
        let directory = FileManager.default.temporaryDirectory
        let files = ["report-bench-in-process.txt": inProcess, "report-bench-process.txt": process].map { name, text in
            let url = directory.appendingPathComponent(name)
            try? text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        Console.error("the cxloop process printed a different report; compare: diff \(files.sorted().joined(separator: " "))")
    }

    /// Whether the baseline's histograms equal the rollup's totals: per field, and for the
    /// index rows when the rollup has any.
    static func compare(cells: [RollupCell], fields: RawBaseline.Histograms, all: RawBaseline.Histograms) -> (Bool, Bool?) {
        var rollupFields: RawBaseline.Histograms = [:]
        var rollupIndex: RawBaseline.Histograms = [:]
        for cell in cells where cell.segment == nil {
            let key = RawBaseline.key(survey: cell.survey, field: cell.field, week: cell.week.description, value: cell.value)
            if cell.field.hasPrefix(RollupCell.indexFieldPrefix) {
                rollupIndex[key, default: 0] += cell.count
            } else {
                rollupFields[key, default: 0] += cell.count
            }
        }
        let baselineIndex = all.filter { $0.key.contains("|" + RollupCell.indexFieldPrefix) }
        return (rollupFields == fields, rollupIndex.isEmpty ? nil : rollupIndex == baselineIndex)
    }
}
