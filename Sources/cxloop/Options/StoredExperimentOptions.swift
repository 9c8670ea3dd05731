import ArgumentParser
import CXCore
import CXReports
import Foundation

extension ExperimentMetric: ExpressibleByArgument {}

/// The as-of time and windows of reading a stored experiment (`experiment analyze KEY`,
/// `experiment export`).
struct StoredExperimentOptions: ParsableArguments {
    /// How long the analysis' one statement may run: it aggregates every outcome and response
    /// of the experiment's units.
    static let operationTimeout = Duration.seconds(600)

    @Option(help: "Read the experiment as of this time (RFC 3339; default now, or when it was stopped).")
    var asOf: String?

    @Option(help: """
        Days after assignment that outcomes and responses are attributed to the unit. The default \
        reads per-unit sums kept as outcomes arrive; another window recounts every raw outcome (slower).
        """)
    var window: Int = StoredExperimentRequest.defaultWindowDays

    @Option(help: "Days after assignment at which retention is read.")
    var horizon: Int = StoredExperimentRequest.defaultHorizonDays

    @Option(help: "Tenant (default: the only tenant).")
    var tenant: String?

    func validate() throws {
        _ = try asOfDate()
    }

    /// `--as-of` parsed, nil when not given.
    func asOfDate() throws -> Date? {
        guard let asOf else { return nil }
        guard let date = Timestamp.parse(asOf) else {
            throw ValidationError("--as-of must be an RFC 3339 time such as 2026-11-30T00:00:00Z, not '\(asOf)'")
        }
        return date
    }

    /// The request for `experiment` (the tenant filled in later, once resolved).
    func request(_ experiment: String, metrics: [ExperimentMetric]?, control: String? = nil, cuped: Bool = false,
                 sequentialTuning: Double? = nil) throws -> StoredExperimentRequest {
        StoredExperimentRequest(tenant: "", experiment: experiment, metrics: metrics, asOf: try asOfDate(),
                                windowDays: window, horizonDays: horizon, control: control, cuped: cuped,
                                sequentialTuning: sequentialTuning)
    }
}
