import Foundation

/// A Standard Webhooks signing secret: `whsec_` followed by the base64 of the key bytes.
/// The same secret signs (outbound) and verifies (inbound): HMAC is symmetric, so a secret
/// is stored usable, unlike an API key, and is shown only when it is created.
public struct WebhookSecret: Sendable, Hashable, CustomStringConvertible {
    /// The prefix of an encoded secret.
    public static let prefix = "whsec_"

    /// The HMAC key.
    public let key: [UInt8]

    public init(key: [UInt8]) {
        self.key = key
    }

    /// Parses `whsec_<base64>` (the prefix is optional, as in the reference libraries).
    /// - Throws: ``WebhookVerificationError`` with code `invalidSecret` when it is not base64
    ///   of at least 16 bytes.
    public init(parsing text: String) throws(WebhookVerificationError) {
        let encoded = text.hasPrefix(Self.prefix) ? String(text.dropFirst(Self.prefix.count)) : text
        guard let data = Data(base64Encoded: encoded), data.count >= 16 else {
            throw WebhookVerificationError(
                .invalidSecret, header: nil,
                "a webhook secret must be whsec_ followed by the base64 of at least 16 bytes")
        }
        self.key = Array(data)
    }

    /// A new random secret of 32 bytes (256 bits).
    public static func generate() -> WebhookSecret {
        var generator = SystemRandomNumberGenerator()
        return WebhookSecret(key: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// `whsec_<base64>`, the form given to the other side and stored.
    public var encoded: String { Self.prefix + Data(key).base64EncodedString() }

    /// Never the key itself, so a secret cannot leak into logs by interpolation.
    public var description: String { "whsec_…" }
}
