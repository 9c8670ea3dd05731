import BenchmarkSupport

/// The command line of `TuningBenchmark`.
struct TuningBenchmarkOptions: BenchmarkCommandLine {
    /// Logged decisions.
    var decisions = 1_000_000
    /// Candidate weight vectors evaluated.
    var candidates = 256
    var cluster = ClusterBenchmarkOptions(home: "/tmp/cxloop-tuning-bench", runs: 3)

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

        """ + TuningBenchmarkOptions().cluster.usage(loaded: "the log", width: 19)

    /// Parses `arguments` (without the program name).
    /// - Throws: `UsageError` with a sentence for the user; `.help` for `--help`.
    static func parse(_ arguments: [String]) throws(UsageError) -> TuningBenchmarkOptions {
        var options = TuningBenchmarkOptions()
        var reader = ArgumentReader(arguments)
        while let name = reader.next() {
            switch name {
            case "--decisions": options.decisions = try reader.integer(1_000...100_000_000)
            case "--candidates": options.candidates = try reader.integer(1...10_000)
            case "--help", "-h": throw UsageError.help
            default: guard try options.cluster.read(name, from: &reader) else { throw reader.unknown }
            }
        }
        return options
    }
}
