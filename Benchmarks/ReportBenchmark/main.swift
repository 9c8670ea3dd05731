import BenchmarkSupport

// ReportBenchmark: times `cxloop report weekly` (rollups) against a GROUP BY over the raw
// answers on ~10 M loaded answers. Progress and the table go to stderr, one JSON object to
// stdout. See Benchmarks/README.md.

let options = BenchmarkMain.options(BenchmarkOptions.self)
let logger = BenchmarkMain.logger("report-benchmark", level: options.cluster.logLevel)
await BenchmarkMain.report { try await ReportBenchmark(options: options, logger: logger).run() }
