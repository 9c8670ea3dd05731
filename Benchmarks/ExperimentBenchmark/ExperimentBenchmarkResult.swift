import BenchmarkSupport
import CXCore

/// Every figure of one experiment benchmark run, with the issue's target: the analysis of a
/// million units, 3 arms and 6 metrics within 2 s end to end.
struct ExperimentBenchmarkResult: BenchmarkReport {
    static let targetMilliseconds = 2_000.0

    var units: Int
    var arms: Int
    var metrics: Int
    /// Rows written per table by this run's load; empty with `--skip-load`.
    var loaded: [(table: String, rows: Int)]
    var loadSeconds: Double?
    var runs: Int
    /// `SELECT count(*)` over the experiment's assignment rows.
    var baseline: Samples
    /// The analysis' one SQL pass.
    var query: Samples
    /// In process and as a `cxloop` process, with the target.
    var timing: EndToEndTiming
    /// Whether the arms' units add up to the baseline's count.
    var unitsMatch: Bool
    /// Whether the process printed the in-process text.
    var cliOutputMatches: Bool?
    var cores: Int
    var postgresVersion: String
    /// The analysis as text, for the log.
    var report: String

    /// The one-line JSON object printed on stdout.
    var jsonLine: String {
        let number = BenchmarkJSON.number
        let members: [String: JSONValue] = [
            "units": .number(Double(units)), "arms": .number(Double(arms)), "metrics": .number(Double(metrics)),
            "loaded": BenchmarkJSON.rows(loaded),
            "load_seconds": number(loadSeconds),
            "runs": .number(Double(runs)),
            "baseline_count_ms_median": number(baseline.median),
            "analysis_query_ms_median": number(query.median),
            "ratio_query_to_count": number(query.median / baseline.median),
            "units_match": .bool(unitsMatch),
            "cli_output_matches": cliOutputMatches.map(JSONValue.bool) ?? .null,
            "cores": .number(Double(cores)),
            "postgres_version": .string(postgresVersion),
        ]
        return JSONValue.object(members.merging(BenchmarkJSON.timing(timing, name: "analysis", baseline: baseline)) { $1 })
            .serialized
    }

    /// The table for people (printed on stderr).
    var table: String {
        var lines = [
            "cxloop experiment analysis benchmark: \(Console.grouped(units)) units, \(arms) arms, \(metrics) metrics "
                + "with CUPED; \(cores) cores, PostgreSQL \(postgresVersion)",
            loaded.isEmpty ? "load      skipped (--skip-load)"
                : "load      \(Console.fixed(loadSeconds ?? .nan, 1)) s with SQL: "
                + loaded.map { "\($0.table) \(Console.grouped($0.rows))" }.joined(separator: ", "),
            "",
            TimingTable.header("timing (1 warm-up, then \(runs) runs)"),
            TimingTable.row("experiment analyze, cxloop process", timing.process, note: timing.note ?? ""),
            TimingTable.row("experiment analyze, in process", timing.inProcess),
            TimingTable.row("  its SQL pass alone", query),
            TimingTable.row("baseline: SELECT count(*) of assignments", baseline),
            "",
            "ratios    SQL pass \(Console.fixed(query.median / baseline.median, 1))× the count; " + timing.ratio(to: baseline),
            "checks    arms' units = count: \(unitsMatch ? "yes" : "NO"); process output = in-process render: "
                + (cliOutputMatches.map { $0 ? "yes" : "NO" } ?? "–"),
            timing.wallLine,
        ]
        lines.append("")
        lines.append(report)
        return lines.joined(separator: "\n")
    }
}
