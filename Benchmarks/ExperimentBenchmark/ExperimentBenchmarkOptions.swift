import BenchmarkSupport

/// The command line of `ExperimentBenchmark`.
struct ExperimentBenchmarkOptions: BenchmarkCommandLine {
    /// Assigned units of the experiment.
    var units = 1_000_000
    var cluster = ClusterBenchmarkOptions(home: "/tmp/cxloop-experiment-bench", runs: 5)

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

        """ + ExperimentBenchmarkOptions().cluster.usage(loaded: "the experiment", width: 19)

    /// Parses `arguments` (without the program name).
    /// - Throws: `UsageError` with a sentence for the user; `.help` for `--help`.
    static func parse(_ arguments: [String]) throws(UsageError) -> ExperimentBenchmarkOptions {
        var options = ExperimentBenchmarkOptions()
        var reader = ArgumentReader(arguments)
        while let name = reader.next() {
            switch name {
            case "--units": options.units = try reader.integer(1_000...100_000_000)
            case "--help", "-h": throw UsageError.help
            default: guard try options.cluster.read(name, from: &reader) else { throw reader.unknown }
            }
        }
        return options
    }
}
