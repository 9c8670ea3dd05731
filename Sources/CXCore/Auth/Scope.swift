/// What an API key may do. `admin` includes every other scope (DESIGN.md §5).
public enum Scope: String, Sendable, Codable, CaseIterable {
    /// Send responses and outcomes.
    case ingest
    /// Ask for next-best-experience decisions.
    case decide
    /// Read definitions, reports and analyses.
    case read
    /// Everything, including changing survey definitions.
    case admin

    /// Whether a key with this scope may do what `required` allows.
    public func permits(_ required: Scope) -> Bool {
        self == .admin || self == required
    }
}
