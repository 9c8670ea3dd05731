import CXCore

/// Storage of versioned survey definitions.
public protocol SurveyRepository: Sendable {
    /// Stores `definition` as the survey's current version. An unchanged definition keeps
    /// its version (`created == false`); a changed one becomes version n+1.
    func put(tenant: String, key: String, definition: SurveyDefinition) async throws(StoreError) -> (version: SurveyVersion, created: Bool)
    func get(tenant: String, key: String) async throws(StoreError) -> SurveyVersion?
    func list(tenant: String) async throws(StoreError) -> [SurveyVersion]
    /// The current versions of the given surveys that exist, by key.
    func current(tenant: String, keys: Set<String>) async throws(StoreError) -> [String: SurveyVersion]
}
