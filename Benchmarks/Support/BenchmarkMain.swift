import CXStore
import Foundation
import Logging

/// The options a benchmark executable reads from its command line.
public protocol BenchmarkCommandLine: Sendable {
    /// The text printed for `--help` and after a usage error.
    static var usage: String { get }
    /// Parses `arguments` (without the program name).
    /// - Throws: `UsageError` with a sentence for the user; `.help` for `--help`.
    static func parse(_ arguments: [String]) throws(UsageError) -> Self
}

/// What a benchmark prints: a table for people on stderr and one JSON object on stdout.
public protocol BenchmarkReport: Sendable {
    var table: String { get }
    var jsonLine: String { get }
}

/// The start and end every benchmark executable shares.
public enum BenchmarkMain {
    /// The options of this process's command line; prints the usage and exits 0 for `--help`,
    /// or the error and the usage and exits 64 for a usage error.
    public static func options<Options: BenchmarkCommandLine>(_ type: Options.Type = Options.self) -> Options {
        do {
            return try Options.parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            if error.message.isEmpty {
                print(Options.usage)
                exit(0)
            }
            Console.error("error: \(error.message)\n\n\(Options.usage)")
            exit(64)
        }
    }

    /// A logger on stderr at `level` (warning when it names no level).
    public static func logger(_ label: String, level: String) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: level) ?? .warning
        return logger
    }

    /// Runs the benchmark and prints its report (table on stderr, JSON on stdout); on an error,
    /// prints it and exits 1.
    public static func report(_ run: () async throws -> some BenchmarkReport) async {
        do {
            let report = try await run()
            Console.error("\n" + report.table)
            print(report.jsonLine)
        } catch {
            Console.error("error: \(error)")
            exit(1)
        }
    }

    /// Runs `body` on the embedded cluster of `home` (a `cxloop` process given the same
    /// `--home` finds it), with a deadline of an hour: loads, baselines and VACUUM of millions
    /// of rows outlast the service's 10 s.
    public static func withCluster<T: Sendable>(home: String, logger: Logger,
                                                _ body: @escaping @Sendable (Database) async throws -> T) async throws -> T {
        Console.error("embedded cluster: \(home)")
        return try await DatabaseEnvironment(url: nil, home: home, environment: [:])
            .withDatabase(logger: logger, operationTimeout: .seconds(3_600), body)
    }
}

/// The timing of a command both in process and as a `cxloop` process, and its target: the
/// process counts when it was measured.
public struct EndToEndTiming: Sendable {
    public var inProcess: Samples
    /// nil when the binary was not found or failed; `note` then says why.
    public var process: Samples?
    public var note: String?
    public var targetMilliseconds: Double

    public init(inProcess: Samples, process: (samples: Samples?, note: String?), targetMilliseconds: Double) {
        self.inProcess = inProcess
        self.process = process.samples
        note = process.note
        self.targetMilliseconds = targetMilliseconds
    }

    public var samples: Samples { process ?? inProcess }
    public var measure: String { process == nil ? "in process" : "cxloop process" }
    public var targetMet: Bool { samples.median <= targetMilliseconds }

    /// `end to end 12.3× (cxloop process)`: the median against `baseline`'s.
    public func ratio(to baseline: Samples) -> String {
        "end to end \(Console.fixed(samples.median / baseline.median, 1))× (\(measure))"
    }

    /// The table's last line: the median, what it measured, and whether the target holds
    /// (in s from 10 s up, else in ms).
    public var wallLine: String {
        let target = targetMilliseconds >= 10_000 ? "\(Int(targetMilliseconds / 1_000)) s" : "\(Int(targetMilliseconds)) ms"
        return "wall      \(TimingTable.milliseconds(samples.median)) (\(measure)); target ≤ \(target): \(targetMet ? "met" : "NOT met")"
    }
}
