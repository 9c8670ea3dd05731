import CXCore
import Foundation

/// A newly created API key. `secret` is shown once and never stored.
public struct IssuedKey: Sendable, Codable {
    public var key: String
    public var keyID: String
    public var tenant: String
    public var scope: Scope
}

/// What `keys list` shows about a key: never its secret or hash.
public struct APIKeyInfo: Sendable, Codable {
    public var keyID: String
    public var tenant: String
    public var scope: Scope
    public var createdAt: Date
    public var revokedAt: Date?
}

/// Storage of tenants and their API keys.
public protocol APIKeyRepository: Sendable {
    /// Creates a key for `tenant` (creating the tenant when new).
    func create(tenant: String, scope: Scope) async throws(StoreError) -> IssuedKey
    /// The principal of an unrevoked key, or `nil` for an unknown or revoked key.
    func authenticate(key: String) async throws(StoreError) -> Principal?
    func list(tenant: String?) async throws(StoreError) -> [APIKeyInfo]
    /// Revokes a key of `tenant`; `false` when the tenant has no such key.
    func revoke(tenant: String, keyID: String) async throws(StoreError) -> Bool
    /// Every tenant, sorted.
    func tenants() async throws(StoreError) -> [String]
}
