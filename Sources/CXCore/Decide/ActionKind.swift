/// What an action is for; suppression rules select actions by kind (no promotion after a
/// complaint: `"kinds":["offer"]`).
public enum ActionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case offer
    case service
    case education
    case retention
    case other
}
