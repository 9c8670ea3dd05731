import Foundation

/// When and over which windows a stored experiment was analysed (``ExperimentMetric``'s
/// attribution rules), so that the output can be reproduced with `--as-of`.
public struct ExperimentAnalysisWindow: Sendable, Hashable {
    public var asOf: Date
    public var windowDays: Int
    public var horizonDays: Int

    public init(asOf: Date, windowDays: Int, horizonDays: Int) {
        self.asOf = asOf
        self.windowDays = windowDays
        self.horizonDays = horizonDays
    }

    /// The as-of time in ISO 8601, UTC, to the second (`2026-11-29T00:00:00Z`).
    public var asOfText: String { asOf.formatted(.iso8601) }
}
