import BenchmarkSupport
import Foundation
import Logging

// TuningBenchmark: times `cxloop weights tune` (256 candidates, off-policy evaluation over 1 M
// logged decisions) against `SELECT count(*)` over the same decisions. Progress and the table
// go to stderr, one JSON object to stdout. See Benchmarks/README.md.

let options: TuningBenchmarkOptions
do {
    options = try TuningBenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    if error.message.isEmpty {
        print(TuningBenchmarkOptions.usage)
        exit(0)
    }
    Console.error("error: \(error.message)\n\n\(TuningBenchmarkOptions.usage)")
    exit(64)
}

var logger = Logger(label: "tuning-benchmark") { StreamLogHandler.standardError(label: $0) }
logger.logLevel = Logger.Level(rawValue: options.logLevel) ?? .warning

do {
    let result = try await TuningBenchmark(options: options, logger: logger).run()
    Console.error("\n" + result.table)
    print(result.json)
} catch {
    Console.error("error: \(error)")
    exit(1)
}
