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
    /// A submission's primary key, compared byte for byte as PostgreSQL compares it. (Swift's
    /// `String` equality is canonical equivalence: "é" and "e\u{301}" would be one key here
    /// and two rows in the table, and a batch holding both would update one row with the
    /// other's answers.)
    struct Key: Hashable, Comparable {
        var tenant: String
        var survey: String
        var submissionID: String

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.tenant.utf8.elementsEqual(rhs.tenant.utf8) && lhs.survey.utf8.elementsEqual(rhs.survey.utf8)
                && lhs.submissionID.utf8.elementsEqual(rhs.submissionID.utf8)
        }

        func hash(into hasher: inout Hasher) {
            for part in [tenant, survey, submissionID] { part.hashBytes(into: &hasher) }
        }

        static func < (lhs: Key, rhs: Key) -> Bool {
            for (left, right) in [(lhs.tenant, rhs.tenant), (lhs.survey, rhs.survey), (lhs.submissionID, rhs.submissionID)]
            where !left.utf8.elementsEqual(right.utf8) {
                return left.utf8.lexicographicallyPrecedes(right.utf8)
            }
            return false
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

extension String {
    /// Feeds the UTF-8 bytes (and their count, so parts of a key cannot run together) to
    /// `hasher`: the hash that goes with byte-wise equality.
    func hashBytes(into hasher: inout Hasher) {
        hasher.combine(utf8.count)
        if utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
            for byte in utf8 { hasher.combine(byte) }
        }
    }
}
