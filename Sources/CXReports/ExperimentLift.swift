import CXStats

/// One scale (absolute or relative) of a comparison as reported: the estimate with its 95%
/// interval, or, when the engine has none, the reason (DESIGN.md §8: nulls and a `reason`,
/// never NaN).
public struct ExperimentLift: Sendable, Hashable {
    /// The point estimate; nil when unavailable.
    public var estimate: Double?
    /// The 95% interval (fixed-horizon or a confidence sequence); nil when unavailable.
    public var ci95: Interval?
    /// Why there is no estimate; nil when there is one.
    public var reason: LiftUnavailableReason?

    /// The lift of `outcome` with the interval `interval` gives it.
    init(_ outcome: LiftOutcome, interval: (Lift) -> Interval) {
        estimate = outcome.lift?.estimate
        ci95 = outcome.lift.map(interval)
        reason = outcome.unavailableReason
    }
}
