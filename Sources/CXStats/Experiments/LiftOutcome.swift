/// A lift on one scale (absolute or relative): estimated, or unavailable for a stated reason.
public enum LiftOutcome: Sendable, Hashable {
    /// The lift with its standard error and degrees of freedom.
    case estimated(Lift)
    /// No estimate; the reason says why.
    case unavailable(LiftUnavailableReason)

    /// The lift, or nil when unavailable.
    public var lift: Lift? {
        if case .estimated(let lift) = self { return lift }
        return nil
    }

    /// The reason, or nil when estimated.
    public var unavailableReason: LiftUnavailableReason? {
        if case .unavailable(let reason) = self { return reason }
        return nil
    }
}
