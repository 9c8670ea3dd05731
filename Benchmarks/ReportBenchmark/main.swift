import BenchmarkSupport
import CXCore
import Foundation
import Logging

// ReportBenchmark: times `cxloop report weekly` (rollups) against a GROUP BY over the raw
// answers on ~10 M loaded answers. Progress and the table go to stderr, one JSON object to
// stdout. See Benchmarks/README.md.

let options: BenchmarkOptions
do {
    options = try BenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    if error.message.isEmpty {
        print(BenchmarkOptions.usage)
        exit(0)
    }
    Console.error("error: \(error.message)\n\n\(BenchmarkOptions.usage)")
    exit(64)
}

var logger = Logger(label: "report-benchmark") { StreamLogHandler.standardError(label: $0) }
logger.logLevel = Logger.Level(rawValue: options.logLevel) ?? .warning

do {
    let result = try await ReportBenchmark(options: options, logger: logger).run()
    Console.error("\n" + result.table)
    print(result.json.serialized)
} catch {
    Console.error("error: \(error)")
    exit(1)
}
