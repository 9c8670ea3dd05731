import CXCore
import Foundation

/// A stored experiment and its state.
public struct StoredExperiment: Sendable, Hashable {
    public var definition: ExperimentDefinition
    public var running: Bool
    public var createdAt: Date
    public var stoppedAt: Date?

    public init(definition: ExperimentDefinition, running: Bool, createdAt: Date, stoppedAt: Date?) {
        self.definition = definition
        self.running = running
        self.createdAt = createdAt
        self.stoppedAt = stoppedAt
    }
}

/// Storage of experiments, the tenant's global holdout and sticky assignments.
public protocol ExperimentRepository: Sendable {
    /// Creates the experiment, or updates the shares of a running one with the same arms and
    /// salt (units already assigned keep their arm). Returns whether it was created.
    /// - Throws: `.conflict` when an existing experiment differs in arms, salt or unit.
    func put(tenant: String, definition: ExperimentDefinition) async throws(StoreError) -> (StoredExperiment, created: Bool)
    func get(tenant: String, key: String) async throws(StoreError) -> StoredExperiment?
    func list(tenant: String) async throws(StoreError) -> [StoredExperiment]
    /// Stops assignment; returns false when there is no such experiment.
    func stop(tenant: String, key: String) async throws(StoreError) -> Bool
    func globalHoldout(tenant: String) async throws(StoreError) -> GlobalHoldout?
    /// Declares the global holdout; a second declaration with another percentage is refused.
    /// - Throws: `.conflict` when one with a different percentage exists.
    func declareGlobalHoldout(tenant: String, percent: Double) async throws(StoreError) -> GlobalHoldout
    /// The unit's stored assignment, or `assignment` stored as its first one. Concurrent first
    /// requests agree on one.
    func assign(tenant: String, experiment: String, unit: String, assignment: ExperimentAssignment)
        async throws(StoreError) -> ExperimentAssignment
}

