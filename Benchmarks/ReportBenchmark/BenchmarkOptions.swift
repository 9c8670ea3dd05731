import BenchmarkSupport
import Foundation

/// The command line of `ReportBenchmark` (parsed by hand: the benchmark links only the
/// cxloop libraries and swift-log).
struct BenchmarkOptions: BenchmarkCommandLine {
    /// Answers to load (about; whole responses of ~4.3 answers are generated).
    var answers = 10_000_000
    /// The embedded cluster's directory.
    var home = "/tmp/cxloop-report-bench"
    var tenant = "bench"
    /// Timed runs of each measurement (after one warm-up run).
    var runs = 10
    /// Timed runs of the raw-answers baseline; `runs` when nil.
    var baselineRuns: Int?
    /// Responses per `ingestResponses` call.
    var chunk = 2_000
    /// `ingestResponses` calls in flight at once.
    var concurrency = 2
    var seed: UInt64 = 2026
    /// Time only: the tenant already holds the data of an earlier run.
    var skipLoad = false
    /// The `cxloop` binary to time end to end; default: `cxloop` beside this executable.
    var cxloop: String?
    /// The report week (`YYYY-Www`); default: the last complete UTC week, or with
    /// `--skip-load` the week of the tenant's latest submission.
    var week: String?
    var logLevel = "warning"

    static let usage = """
        USAGE: ReportBenchmark [--answers N] [--home DIR] [--tenant T] [--runs N] [--baseline-runs N]
                               [--chunk N] [--concurrency N] [--seed N] [--skip-load] [--week YYYY-Www]
                               [--cxloop PATH] [--log-level LEVEL]

        Loads about N answers (default 10_000_000) over 26 weeks, 3 surveys and 4 segments into the
        embedded PostgreSQL under --home (default /tmp/cxloop-report-bench) through the import path,
        then times `cxloop report weekly` (in process and as a process) against a plain SQL GROUP BY
        over the raw answers. Progress and the result table go to stderr; stdout gets one JSON object.

        --answers N         answers to load (default 10000000; underscores allowed)
        --home DIR          embedded cluster directory (default /tmp/cxloop-report-bench)
        --tenant T          tenant to load and report (default bench)
        --runs N            timed runs per measurement, after one warm-up (default 10)
        --baseline-runs N   timed runs of the raw baseline (default: --runs)
        --chunk N           responses per ingest call, 1–10000 (default 2000)
        --concurrency N     ingest calls in flight, 1–8 (default 2)
        --seed N            generator seed (default 2026)
        --skip-load         time only; the tenant holds the data of an earlier run
        --week YYYY-Www     report week (default: the data's last week)
        --cxloop PATH       cxloop binary for the end-to-end timing (default: beside this binary)
        --log-level LEVEL   swift-log level (default warning)
        """

    /// Parses `arguments` (without the program name).
    /// - Throws: `UsageError` with a sentence for the user; `.help` for `--help`.
    static func parse(_ arguments: [String]) throws(UsageError) -> BenchmarkOptions {
        var options = BenchmarkOptions()
        var reader = ArgumentReader(arguments)
        while let name = reader.next() {
            switch name {
            case "--answers": options.answers = try reader.integer(1...1_000_000_000)
            case "--home": options.home = try reader.value()
            case "--tenant": options.tenant = try reader.value()
            case "--runs": options.runs = try reader.integer(1...1_000)
            case "--baseline-runs": options.baselineRuns = try reader.integer(1...1_000)
            case "--chunk": options.chunk = try reader.integer(1...10_000)
            case "--concurrency": options.concurrency = try reader.integer(1...8)
            case "--seed": options.seed = UInt64(try reader.integer(0...Int.max))
            case "--skip-load": options.skipLoad = true
            case "--week": options.week = try reader.value()
            case "--cxloop": options.cxloop = try reader.value()
            case "--log-level": options.logLevel = try reader.value()
            case "--help", "-h": throw UsageError.help
            default: throw reader.unknown
            }
        }
        return options
    }

    /// `--cxloop`, or `cxloop` in this executable's directory.
    var cxloopPath: String {
        cxloop ?? CLIProcess.sibling("cxloop")
    }
}
