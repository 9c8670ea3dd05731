/// Whether a submission is final. A `partial` submission is replaced by a later
/// `submitted_at` for the same submission id; a `completed` one never changes.
public enum SubmissionStatus: String, Sendable, Codable, CaseIterable {
    case completed
    case partial
}
