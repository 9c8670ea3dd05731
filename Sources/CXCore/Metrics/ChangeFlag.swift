/// The ▲/▼ marker of a significant week-over-week change (DESIGN.md §6).
public enum ChangeFlag: String, Sendable, Hashable, Codable, CaseIterable {
    /// The metric rose (for every metric of §6, higher is better; CES is "higher = easier").
    case up
    /// The metric fell.
    case down

    /// ▲ or ▼.
    public var symbol: String {
        switch self {
        case .up: "▲"
        case .down: "▼"
        }
    }
}
