import BenchmarkSupport
import Foundation
import Logging

// ExperimentBenchmark: times `cxloop experiment analyze KEY` (1 M units, 3 arms, 6 metrics)
// against `SELECT count(*)` over the same assignment rows. Progress and the table go to
// stderr, one JSON object to stdout. See Benchmarks/README.md.

let options: ExperimentBenchmarkOptions
do {
    options = try ExperimentBenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    if error.message.isEmpty {
        print(ExperimentBenchmarkOptions.usage)
        exit(0)
    }
    Console.error("error: \(error.message)\n\n\(ExperimentBenchmarkOptions.usage)")
    exit(64)
}

var logger = Logger(label: "experiment-benchmark") { StreamLogHandler.standardError(label: $0) }
logger.logLevel = Logger.Level(rawValue: options.logLevel) ?? .warning

do {
    let result = try await ExperimentBenchmark(options: options, logger: logger).run()
    Console.error("\n" + result.table)
    print(result.json)
} catch {
    Console.error("error: \(error)")
    exit(1)
}
