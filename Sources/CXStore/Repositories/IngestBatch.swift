import CXCore

/// A record and the tenant it belongs to.
public struct TenantScoped<Record: Sendable>: Sendable {
    public var tenant: String
    public var record: Record

    public init(tenant: String, record: Record) {
        self.tenant = tenant
        self.record = record
    }
}

/// Validated responses and outcomes written together in one transaction, in arrival order.
public struct IngestBatch: Sendable {
    public var responses: [TenantScoped<ResponseRecord>]
    public var outcomes: [TenantScoped<OutcomeRecord>]

    public init(responses: [TenantScoped<ResponseRecord>] = [], outcomes: [TenantScoped<OutcomeRecord>] = []) {
        self.responses = responses
        self.outcomes = outcomes
    }

    public var isEmpty: Bool { responses.isEmpty && outcomes.isEmpty }
    public var count: Int { responses.count + outcomes.count }

    /// Appends `other`'s items after this batch's.
    public mutating func append(_ other: IngestBatch) {
        responses += other.responses
        outcomes += other.outcomes
    }
}

/// What writing one item did.
public enum WriteDisposition: Sendable, Equatable {
    /// A new submission or event was stored.
    case inserted
    /// A partial submission was replaced by a later one.
    case updated
    /// Nothing changed: a replay, an older partial, or a change to a completed submission.
    case duplicate

    /// Whether the item changed stored data (reported as `accepted`).
    public var isAccepted: Bool { self != .duplicate }
}

/// Per-item dispositions, aligned with the batch's `responses` and `outcomes`.
public struct IngestResult: Sendable, Equatable {
    public var responses: [WriteDisposition]
    public var outcomes: [WriteDisposition]

    public init(responses: [WriteDisposition] = [], outcomes: [WriteDisposition] = []) {
        self.responses = responses
        self.outcomes = outcomes
    }

    public var accepted: Int { (responses + outcomes).filter(\.isAccepted).count }
    public var duplicates: Int { (responses + outcomes).count - accepted }
}

/// Durable, idempotent storage of ingested data.
public protocol IngestStore: Sendable {
    /// Writes the batch in one transaction; returns only after it committed.
    func write(_ batch: IngestBatch) async throws(StoreError) -> IngestResult
}
