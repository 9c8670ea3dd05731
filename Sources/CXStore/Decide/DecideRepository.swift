import CXCore
import Foundation

/// A policy version as stored, with when it was created.
public struct StoredPolicy: Sendable, Hashable {
    public var policy: PolicyVersion
    public var note: String
    public var createdAt: Date

    public init(policy: PolicyVersion, note: String, createdAt: Date) {
        self.policy = policy
        self.note = note
        self.createdAt = createdAt
    }
}

/// One change of the production policy: which version, when, why, and its evidence.
public struct PolicyApplication: Sendable, Hashable {
    public var version: String
    public var appliedAt: Date
    public var reason: String
    public var evidence: JSONValue?

    public init(version: String, appliedAt: Date, reason: String, evidence: JSONValue?) {
        self.version = version
        self.appliedAt = appliedAt
        self.reason = reason
        self.evidence = evidence
    }
}

/// Storage of the NBX catalog, decide rules, policy versions and the decision log.
public protocol DecideRepository: Sendable {
    /// Stores the action; returns whether it was new (an existing one is replaced).
    func putAction(tenant: String, action: ActionDefinition) async throws(StoreError) -> Bool
    func actions(tenant: String) async throws(StoreError) -> [ActionDefinition]
    /// Replaces the tenant's suppression rules and contact caps.
    func putRules(tenant: String, suppressions: [SuppressionRule], caps: [ContactCap]) async throws(StoreError)
    func rules(tenant: String) async throws(StoreError) -> (suppressions: [SuppressionRule], caps: [ContactCap])
    /// Stores an immutable policy version; the same version again is a no-op.
    /// - Throws: `.conflict` when the version exists with other weights.
    func putPolicy(tenant: String, policy: PolicyVersion, note: String) async throws(StoreError) -> Bool
    func policies(tenant: String) async throws(StoreError) -> [StoredPolicy]
    /// Makes `version` the production policy, recording why.
    /// - Throws: `.notFound` for an unknown version.
    func apply(tenant: String, version: String, reason: String, evidence: JSONValue?) async throws(StoreError)
    /// The production policy: the last applied version; nil before any.
    func production(tenant: String) async throws(StoreError) -> PolicyVersion?
    /// Every application, newest first.
    func history(tenant: String) async throws(StoreError) -> [PolicyApplication]
    /// The stored effect model `version` (`cxloop models fit`) as JSON, nil when there is none.
    func effectModel(tenant: String, version: String) async throws(StoreError) -> JSONValue?
    /// Decides for one unit under a per-unit lock: `decide` gets the unit's history of the
    /// last `lookbackDays` and returns the decision to log, which is stored with its candidates
    /// and its contact (when it contacts) before the lock is released — so concurrent decides
    /// for one unit see each other's contacts and caps hold.
    func decide(tenant: String, unit: String, lookbackDays: Double, now: Date,
                _ decide: @escaping @Sendable (UnitHistory) throws -> DecisionRecord) async throws -> DecisionRecord
}
