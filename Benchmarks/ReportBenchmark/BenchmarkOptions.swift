import BenchmarkSupport
import Foundation

/// The command line of `ReportBenchmark` (parsed by hand: the benchmark links only the
/// cxloop libraries and swift-log).
struct BenchmarkOptions: BenchmarkCommandLine {
    /// Answers to load (about; whole responses of ~4.3 answers are generated).
    var answers = 10_000_000
    var cluster = ClusterBenchmarkOptions(home: "/tmp/cxloop-report-bench", runs: 10)
    /// Timed runs of the raw-answers baseline; `runs` when nil.
    var baselineRuns: Int?
    /// Responses per `ingestResponses` call.
    var chunk = 2_000
    /// `ingestResponses` calls in flight at once.
    var concurrency = 2
    var seed: UInt64 = 2026
    /// The report week (`YYYY-Www`); default: the last complete UTC week, or with
    /// `--skip-load` the week of the tenant's latest submission.
    var week: String?

    static let usage = """
        USAGE: ReportBenchmark [--answers N] [--home DIR] [--tenant T] [--runs N] [--baseline-runs N]
                               [--chunk N] [--concurrency N] [--seed N] [--skip-load] [--week YYYY-Www]
                               [--cxloop PATH] [--log-level LEVEL]

        Loads about N answers (default 10_000_000) over 26 weeks, 3 surveys and 4 segments into the
        embedded PostgreSQL under --home (default /tmp/cxloop-report-bench) through the import path,
        then times `cxloop report weekly` (in process and as a process) against a plain SQL GROUP BY
        over the raw answers. Progress and the result table go to stderr; stdout gets one JSON object.

        --answers N         answers to load (default 10000000; underscores allowed)
        --baseline-runs N   timed runs of the raw baseline (default: --runs)
        --chunk N           responses per ingest call, 1–10000 (default 2000)
        --concurrency N     ingest calls in flight, 1–8 (default 2)
        --seed N            generator seed (default 2026)
        --week YYYY-Www     report week (default: the data's last week)

        """ + BenchmarkOptions().cluster.usage(loaded: "the data", width: 20)

    /// Parses `arguments` (without the program name).
    /// - Throws: `UsageError` with a sentence for the user; `.help` for `--help`.
    static func parse(_ arguments: [String]) throws(UsageError) -> BenchmarkOptions {
        var options = BenchmarkOptions()
        var reader = ArgumentReader(arguments)
        while let name = reader.next() {
            switch name {
            case "--answers": options.answers = try reader.integer(1...1_000_000_000)
            case "--baseline-runs": options.baselineRuns = try reader.integer(1...1_000)
            case "--chunk": options.chunk = try reader.integer(1...10_000)
            case "--concurrency": options.concurrency = try reader.integer(1...8)
            case "--seed": options.seed = UInt64(try reader.integer(0...Int.max))
            case "--week": options.week = try reader.value()
            case "--help", "-h": throw UsageError.help
            default: guard try options.cluster.read(name, from: &reader) else { throw reader.unknown }
            }
        }
        return options
    }
}
