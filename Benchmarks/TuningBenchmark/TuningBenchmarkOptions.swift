import BenchmarkSupport

/// The command line of `TuningBenchmark`.
struct TuningBenchmarkOptions: BenchmarkCommandLine {
    /// Logged decisions.
    var decisions = 1_000_000
    /// Candidate weight vectors evaluated.
    var candidates = 256
    var home = "/tmp/cxloop-tuning-bench"
    var tenant = "bench"
    /// Timed runs of each measurement (after one warm-up run).
    var runs = 3
    /// Time only: the tenant already holds the log of an earlier run.
    var skipLoad = false
    /// The `cxloop` binary to time end to end; default: `cxloop` beside this executable.
    var cxloop: String?
    var logLevel = "warning"

    static let usage = """
        USAGE: TuningBenchmark [--decisions N] [--candidates N] [--home DIR] [--tenant T] [--runs N]
                               [--skip-load] [--cxloop PATH] [--log-level LEVEL]

        Loads a decision log of N decisions (default 1_000_000; 20 actions, 31 candidates, structured
        filtering, outcomes and CSAT answers) into the embedded PostgreSQL under --home (default
        /tmp/cxloop-tuning-bench), fits the effect model, then times `cxloop weights tune` with
        --candidates candidates (default 256) — the log's grouped read, in process, and as a
        process — against SELECT count(*) over the same decisions. Progress and the table go to
        stderr; stdout gets one JSON object.

        --decisions N      logged decisions (default 1000000; underscores allowed)
        --candidates N     candidate weight vectors (default 256)
        --home DIR         embedded cluster directory (default /tmp/cxloop-tuning-bench)
        --tenant T         tenant (default bench)
        --runs N           timed runs per measurement, after one warm-up (default 3)
        --skip-load        time only; the tenant holds the log of an earlier run
        --cxloop PATH      cxloop binary for the end-to-end timing (default: beside this binary)
        --log-level LEVEL  swift-log level (default warning)
        """

    /// Parses `arguments` (without the program name).
    /// - Throws: `UsageError` with a sentence for the user; `.help` for `--help`.
    static func parse(_ arguments: [String]) throws(UsageError) -> TuningBenchmarkOptions {
        var options = TuningBenchmarkOptions()
        var reader = ArgumentReader(arguments)
        while let name = reader.next() {
            switch name {
            case "--decisions": options.decisions = try reader.integer(1_000...100_000_000)
            case "--candidates": options.candidates = try reader.integer(1...10_000)
            case "--home": options.home = try reader.value()
            case "--tenant": options.tenant = try reader.value()
            case "--runs": options.runs = try reader.integer(1...1_000)
            case "--skip-load": options.skipLoad = true
            case "--cxloop": options.cxloop = try reader.value()
            case "--log-level": options.logLevel = try reader.value()
            case "--help", "-h": throw UsageError.help
            default: throw reader.unknown
            }
        }
        return options
    }
}
