import CXStats

/// The outcomes of the logged decisions of one (segment, action, channel) cell: how many
/// decisions, and per objective the sufficient statistics of the attributed rewards. Outcome
/// objectives count every decision (no outcome = 0); satisfaction counts the decisions with an
/// answer (its `count` is the respondents).
public struct CellStatistics: Sendable, Hashable {
    public var segment: String
    public var action: String
    /// nil for `none`.
    public var channel: String?
    public var decisions: Int
    public var objectives: [String: SufficientStatistics]

    public init(segment: String, action: String, channel: String?, decisions: Int, objectives: [String: SufficientStatistics]) {
        self.segment = segment
        self.action = action
        self.channel = channel
        self.decisions = decisions
        self.objectives = objectives
    }
}
