import BenchmarkSupport
import CXCore

/// Every figure of one tuning benchmark run, with the issue's target: off-policy evaluation of
/// 256 candidates over a million logged decisions within 30 s.
struct TuningBenchmarkResult: BenchmarkReport {
    static let targetMilliseconds = 30_000.0

    var decisions: Int
    /// Signatures (segment, survivors, fatigue, served, propensity) the log groups into.
    var groups: Int
    /// Distinct (segment, survivors, fatigue): what each candidate rescored.
    var contexts: Int
    var candidates: Int
    /// Rows written per table by this run's load; empty with `--skip-load`.
    var loaded: [(table: String, rows: Int)]
    var loadSeconds: Double?
    var fitSeconds: Double?
    var runs: Int
    /// `SELECT count(*)` over the decisions of the period.
    var baseline: Samples
    /// The log's grouped read (attribution and moment sums in SQL).
    var read: Samples
    /// In process and as a `cxloop` process, with the target.
    var timing: EndToEndTiming
    /// Decisions the tuning evaluated, candidates drawn and surviving the screen.
    var evaluated: Int
    var drawn: Int
    var survivors: Int
    var cores: Int
    var postgresVersion: String
    /// What the process printed.
    var output: String

    /// The one-line JSON object printed on stdout.
    var jsonLine: String {
        let number = BenchmarkJSON.number
        let members: [String: JSONValue] = [
            "decisions": .number(Double(decisions)), "groups": .number(Double(groups)), "contexts": .number(Double(contexts)),
            "candidates": .number(Double(candidates)), "loaded": BenchmarkJSON.rows(loaded),
            "load_seconds": number(loadSeconds), "fit_seconds": number(fitSeconds), "runs": .number(Double(runs)),
            "baseline_count_ms_median": number(baseline.median),
            "grouped_read_ms_median": number(read.median),
            "ratio_read_to_count": number(read.median / baseline.median),
            "evaluated_decisions": .number(Double(evaluated)),
            "drawn": .number(Double(drawn)), "survivors": .number(Double(survivors)),
            "cores": .number(Double(cores)),
            "postgres_version": .string(postgresVersion),
        ]
        return JSONValue.object(members.merging(BenchmarkJSON.timing(timing, name: "tune", baseline: baseline)) { $1 })
            .serialized
    }

    /// The table for people (printed on stderr).
    var table: String {
        [
            "cxloop weights tune benchmark: \(Console.grouped(decisions)) decisions in \(Console.grouped(groups)) groups "
                + "(\(Console.grouped(contexts)) contexts), \(candidates) candidates; \(cores) cores, PostgreSQL \(postgresVersion)",
            loaded.isEmpty ? "load      skipped (--skip-load)"
                : "load      \(Console.fixed(loadSeconds ?? .nan, 1)) s: " + loaded.map { "\($0.table) \(Console.grouped($0.rows))" }
                .joined(separator: ", ") + "; models fit \(Console.fixed(fitSeconds ?? .nan, 1)) s",
            "",
            TimingTable.header("timing (1 warm-up, then \(runs) runs)"),
            TimingTable.row("weights tune, cxloop process", timing.process, note: timing.note ?? ""),
            TimingTable.row("weights tune, in process", timing.inProcess),
            TimingTable.row("  the log's grouped read alone", read),
            TimingTable.row("baseline: SELECT count(*) of decisions", baseline),
            "",
            "ratios    grouped read \(Console.fixed(read.median / baseline.median, 1))× the count; " + timing.ratio(to: baseline),
            "checks    decisions evaluated = count: \(evaluated == decisions ? "yes" : "NO"); "
                + "\(drawn) candidates drawn, \(survivors) survived the screen",
            timing.wallLine,
            "",
            output,
        ].joined(separator: "\n")
    }
}
