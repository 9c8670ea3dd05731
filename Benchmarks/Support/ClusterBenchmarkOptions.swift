import Foundation

/// The command-line options every benchmark on an embedded cluster shares: where the cluster
/// is, which tenant, how many timed runs, whether to load, which `cxloop` to time end to end and
/// the log level. A benchmark's own options hold one and hand it the arguments they do not know.
public struct ClusterBenchmarkOptions: Sendable {
    /// The embedded cluster's directory.
    public var home: String
    public var tenant = "bench"
    /// Timed runs of each measurement (after one warm-up run).
    public var runs: Int
    /// Time only: the tenant already holds the data of an earlier run.
    public var skipLoad = false
    /// The `cxloop` binary to time end to end; default: `cxloop` beside this executable.
    public var cxloop: String?
    public var logLevel = "warning"

    /// The defaults of a benchmark: its cluster directory and number of timed runs.
    public init(home: String, runs: Int) {
        self.home = home
        self.runs = runs
    }

    /// `--cxloop`, or `cxloop` in this executable's directory.
    public var cxloopPath: String {
        cxloop ?? CLIProcess.sibling("cxloop")
    }

    /// Reads the argument `name` that `reader` is on when it is one of these options.
    /// - Returns: false when `name` is not one of them (the caller's own, or unknown).
    public mutating func read(_ name: String, from reader: inout ArgumentReader) throws(UsageError) -> Bool {
        switch name {
        case "--home": home = try reader.value()
        case "--tenant": tenant = try reader.value()
        case "--runs": runs = try reader.integer(1...1_000)
        case "--skip-load": skipLoad = true
        case "--cxloop": cxloop = try reader.value()
        case "--log-level": logLevel = try reader.value()
        default: return false
        }
        return true
    }

    /// The usage lines of these options with their defaults, in a column `width` characters wide;
    /// `loaded` names what `--skip-load` expects the tenant to hold ("the experiment").
    public func usage(loaded: String, width: Int) -> String {
        [
            ("--home DIR", "embedded cluster directory (default \(home))"),
            ("--tenant T", "tenant (default \(tenant))"),
            ("--runs N", "timed runs per measurement, after one warm-up (default \(runs))"),
            ("--skip-load", "time only; the tenant holds \(loaded) of an earlier run"),
            ("--cxloop PATH", "cxloop binary for the end-to-end timing (default: beside this binary)"),
            ("--log-level LEVEL", "swift-log level (default \(logLevel))"),
        ].map { option, text in option.padding(toLength: width, withPad: " ", startingAt: 0) + text }.joined(separator: "\n")
    }
}
