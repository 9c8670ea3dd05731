import BenchmarkSupport

// TuningBenchmark: times `cxloop weights tune` (256 candidates, off-policy evaluation over 1 M
// logged decisions) against `SELECT count(*)` over the same decisions. Progress and the table
// go to stderr, one JSON object to stdout. See Benchmarks/README.md.

let options = BenchmarkMain.options(TuningBenchmarkOptions.self)
let logger = BenchmarkMain.logger("tuning-benchmark", level: options.cluster.logLevel)
await BenchmarkMain.report { try await TuningBenchmark(options: options, logger: logger).run() }
