/// Who is calling: the tenant and scope of the API key that authenticated the request.
/// Over HTTP the tenant always comes from here, never from the request body.
public struct Principal: Sendable, Hashable {
    public var tenant: String
    public var scope: Scope
    public var keyID: String

    public init(tenant: String, scope: Scope, keyID: String) {
        self.tenant = tenant
        self.scope = scope
        self.keyID = keyID
    }
}
