import BenchmarkSupport

/// The command line of `ExperimentBenchmark`.
struct ExperimentBenchmarkOptions: BenchmarkCommandLine {
    /// Assigned units of the experiment.
    var units = 1_000_000
    var home = "/tmp/cxloop-experiment-bench"
    var tenant = "bench"
    /// Timed runs of each measurement (after one warm-up run).
    var runs = 5
    /// Time only: the tenant already holds the experiment of an earlier run.
    var skipLoad = false
    /// The `cxloop` binary to time end to end; default: `cxloop` beside this executable.
    var cxloop: String?
    var logLevel = "warning"

    static let usage = """
        USAGE: ExperimentBenchmark [--units N] [--home DIR] [--tenant T] [--runs N] [--skip-load]
                                   [--cxloop PATH] [--log-level LEVEL]

        Loads an experiment of N assigned units (default 1_000_000) in 3 arms, with about 4 outcomes
        per unit around its assignment and a survey response from a quarter of them, into the
        embedded PostgreSQL under --home (default /tmp/cxloop-experiment-bench) with SQL, then times
        `cxloop experiment analyze` on 6 metrics (value, contacts, cost, response_rate, nps, csat;
        with CUPED) — its SQL pass, in process, and as a process — against SELECT count(*) over the
        same assignment rows. Progress and the table go to stderr; stdout gets one JSON object.

        --units N          assigned units (default 1000000; underscores allowed)
        --home DIR         embedded cluster directory (default /tmp/cxloop-experiment-bench)
        --tenant T         tenant (default bench)
        --runs N           timed runs per measurement, after one warm-up (default 5)
        --skip-load        time only; the tenant holds the experiment of an earlier run
        --cxloop PATH      cxloop binary for the end-to-end timing (default: beside this binary)
        --log-level LEVEL  swift-log level (default warning)
        """

    /// Parses `arguments` (without the program name).
    /// - Throws: `UsageError` with a sentence for the user; `.help` for `--help`.
    static func parse(_ arguments: [String]) throws(UsageError) -> ExperimentBenchmarkOptions {
        var options = ExperimentBenchmarkOptions()
        var reader = ArgumentReader(arguments)
        while let name = reader.next() {
            switch name {
            case "--units": options.units = try reader.integer(1_000...100_000_000)
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
