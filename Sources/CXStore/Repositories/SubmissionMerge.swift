import CXCore
import Foundation

/// Decides what each incoming response does to stored submissions, given what is stored.
///
/// Rules (DESIGN.md §5): a new (tenant, survey, submission_id) is inserted; a stored
/// `partial` submission is replaced by an item with a later `submitted_at`; everything
/// else (replays, older partials, changes to completed submissions) is a duplicate.
/// Items are considered in arrival order, so two items for one submission in the same
/// batch behave exactly as if they had arrived in two requests.
struct SubmissionMerge {
    struct Key: Hashable, Comparable {
        var tenant: String
        var survey: String
        var submissionID: String

        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.tenant, lhs.survey, lhs.submissionID) < (rhs.tenant, rhs.survey, rhs.submissionID)
        }
    }

    struct StoredState {
        var status: SubmissionStatus
        var submittedAt: Date
    }

    /// Disposition of each item, aligned with the input.
    var dispositions: [WriteDisposition] = []
    /// The final version of each submission that changed, by key: index of the winning item.
    var winners: [Key: Int] = [:]
    /// Keys that already had a stored row (their answers must be replaced).
    var replacedKeys: Set<Key> = []

    init(_ items: [TenantScoped<ResponseRecord>], stored: [Key: StoredState]) {
        var state = stored
        for (position, item) in items.enumerated() {
            let key = Self.key(item)
            let current = state[key]
            let disposition: WriteDisposition
            if let current {
                let supersedes = current.status == .partial && item.record.submittedAt > current.submittedAt
                disposition = supersedes ? .updated : .duplicate
            } else {
                disposition = .inserted
            }
            dispositions.append(disposition)
            guard disposition != .duplicate else { continue }
            state[key] = StoredState(status: item.record.status, submittedAt: item.record.submittedAt)
            winners[key] = position
            if stored[key] != nil { replacedKeys.insert(key) }
        }
    }

    static func key(_ item: TenantScoped<ResponseRecord>) -> Key {
        Key(tenant: item.tenant, survey: item.record.survey, submissionID: item.record.submissionID)
    }
}
