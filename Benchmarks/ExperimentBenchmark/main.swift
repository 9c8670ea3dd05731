import BenchmarkSupport

// ExperimentBenchmark: times `cxloop experiment analyze KEY` (1 M units, 3 arms, 6 metrics)
// against `SELECT count(*)` over the same assignment rows. Progress and the table go to
// stderr, one JSON object to stdout. See Benchmarks/README.md.

let options = BenchmarkMain.options(ExperimentBenchmarkOptions.self)
let logger = BenchmarkMain.logger("experiment-benchmark", level: options.cluster.logLevel)
await BenchmarkMain.report { try await ExperimentBenchmark(options: options, logger: logger).run() }
