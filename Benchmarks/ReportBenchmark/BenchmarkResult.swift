import BenchmarkSupport
import CXCore
import Foundation

/// Every figure of one benchmark run, with the targets of the issue: the weekly report at
/// least 20× faster than the raw-answers baseline and under 300 ms wall.
struct BenchmarkResult: BenchmarkReport {
    static let targetSpeedup = 20.0
    static let targetMilliseconds = 300.0

    var tenant: String
    var week: ISOWeek
    var trendWeeks: Int
    var dataWeeks: Int
    var surveys: Int
    var segments: Int
    /// The load of this run; nil with `--skip-load`.
    var load: BulkLoader.Summary?
    var chunk: Int
    var concurrency: Int
    var vacuumSeconds: Double
    var sizes: StorageSizes
    var runs: Int
    var baselineRuns: Int
    var reportInProcess: Samples
    var rollupQuery: Samples
    /// The `cxloop report weekly` process; nil when the binary was not found or failed.
    var cli: Samples?
    var cliNote: String?
    var baseline: Samples
    var baselineWithIndex: Samples
    /// Whether the baseline's histograms equal the rollup's totals for the same cells.
    var fieldHistogramsMatch: Bool
    /// The same for index scores; nil when the rollup has no index rows.
    var indexHistogramsMatch: Bool?
    /// Whether the process printed the same text as the in-process render.
    var cliOutputMatches: Bool?
    var cores: Int
    var postgresVersion: String

    /// The end-to-end report time the targets apply to: the process when measured, else in process.
    var reportMilliseconds: Double { cli?.median ?? reportInProcess.median }
    var reportMeasure: String { cli == nil ? "in process" : "cxloop process" }
    var speedup: Double { baseline.median / reportMilliseconds }
    var speedupInProcess: Double { baseline.median / reportInProcess.median }
    var speedupMet: Bool { speedup >= Self.targetSpeedup }
    var wallMet: Bool { reportMilliseconds < Self.targetMilliseconds }

    /// The one-line JSON object printed on stdout.
    var jsonLine: String { json.serialized }

    var json: JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map { $0.isFinite ? .number($0) : .null } ?? .null }
        func integer(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        return .object([
            "tenant": .string(tenant),
            "week": .string(week.description),
            "trend_weeks": integer(trendWeeks),
            "data_weeks": integer(dataWeeks),
            "surveys": integer(surveys),
            "segments": integer(segments),
            "answers": integer(sizes.answers),
            "submissions": integer(sizes.submissions),
            "loaded": .bool(load != nil),
            "load_seconds": number(load?.duration.seconds),
            "load_answers_per_second": number(load?.answersPerSecond),
            "load_rejected": integer(load?.rejected),
            "load_chunk": integer(load == nil ? nil : chunk),
            "load_concurrency": integer(load == nil ? nil : concurrency),
            "vacuum_analyze_seconds": number(vacuumSeconds),
            "rollup_rows": integer(sizes.rollupRows),
            "answers_bytes": integer(sizes.answersBytes),
            "submissions_bytes": integer(sizes.submissionsBytes),
            "raw_bytes": integer(sizes.rawBytes),
            "rollup_bytes": integer(sizes.rollupBytes),
            "rollup_size_ratio": number(sizes.ratio),
            "runs": integer(runs),
            "baseline_runs": integer(baselineRuns),
            "report_in_process_ms_median": number(reportInProcess.median),
            "report_in_process_ms_p90": number(reportInProcess.p90),
            "report_cli_ms_median": number(cli?.median),
            "report_cli_ms_p90": number(cli?.p90),
            "report_cli_note": cliNote.map(JSONValue.string) ?? .null,
            "rollup_query_ms_median": number(rollupQuery.median),
            "baseline_ms_median": number(baseline.median),
            "baseline_ms_p90": number(baseline.p90),
            "baseline_with_index_ms_median": number(baselineWithIndex.median),
            "speedup": number(speedup),
            "speedup_measure": .string(reportMeasure),
            "speedup_in_process": number(speedupInProcess),
            "field_histograms_match": .bool(fieldHistogramsMatch),
            "index_histograms_match": indexHistogramsMatch.map(JSONValue.bool) ?? .null,
            "cli_output_matches": cliOutputMatches.map(JSONValue.bool) ?? .null,
            "target_speedup_met": .bool(speedupMet),
            "target_wall_met": .bool(wallMet),
            "target_met": .bool(speedupMet && wallMet),
            "cores": integer(cores),
            "postgres_version": .string(postgresVersion),
        ])
    }

    /// The table for people (printed on stderr).
    var table: String {
        let ms = TimingTable.milliseconds
        var lines = [
            "cxloop weekly report benchmark: tenant \(tenant), week \(week) with a \(trendWeeks)-week trend; "
                + "\(cores) cores, PostgreSQL \(postgresVersion)",
            "data      \(Console.grouped(sizes.answers)) answers in \(Console.grouped(sizes.submissions)) responses; "
                + "\(surveys) surveys, \(dataWeeks) weeks, \(segments) segments",
        ]
        if let load {
            lines.append("load      \(Console.fixed(load.duration.seconds, 1)) s, \(Console.grouped(Int(load.answersPerSecond))) answers/s "
                + "(import path, \(chunk) responses per call, \(concurrency) in flight; rejected \(load.rejected))")
        } else {
            lines.append("load      skipped (--skip-load)")
        }
        lines += [
            "vacuum    VACUUM (ANALYZE) + CHECKPOINT before timing: \(Console.fixed(vacuumSeconds, 1)) s",
            "storage   raw \(Console.bytes(sizes.rawBytes)) (answers \(Console.bytes(sizes.answersBytes)) + submissions "
                + "\(Console.bytes(sizes.submissionsBytes))); rollups \(Console.bytes(sizes.rollupBytes)) "
                + "(\(Console.grouped(sizes.rollupRows)) rows) = \(Console.fixed(100 * sizes.ratio, 3))% of raw",
            "",
            TimingTable.header("timing (1 warm-up, then \(runs) runs; baseline \(baselineRuns))"),
            TimingTable.row("report weekly, cxloop process", cli, note: cliNote ?? ""),
            TimingTable.row("report weekly, in process", reportInProcess),
            TimingTable.row("  its rollup query alone", rollupQuery),
            TimingTable.row("baseline: GROUP BY raw answers", baseline),
            TimingTable.row("baseline + engagement index from raw", baselineWithIndex),
            "",
            "checks    baseline histograms = rollup totals: \(fieldHistogramsMatch ? "yes" : "NO")"
                + "; index: \(indexHistogramsMatch.map { $0 ? "yes" : "NO" } ?? "no index rows in the rollup")"
                + "; process output = in-process render: \(cliOutputMatches.map { $0 ? "yes" : "NO" } ?? "–")",
            "speedup   \(Console.fixed(speedup, 1))× (\(reportMeasure)), \(Console.fixed(speedupInProcess, 1))× in process; "
                + "target ≥ \(Int(Self.targetSpeedup))×: \(speedupMet ? "met" : "NOT met")",
            "wall      \(ms(reportMilliseconds)) (\(reportMeasure)); target < \(Int(Self.targetMilliseconds)) ms: "
                + "\(wallMet ? "met" : "NOT met")",
        ]
        return lines.joined(separator: "\n")
    }
}
