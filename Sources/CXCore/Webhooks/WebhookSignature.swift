import Crypto
import Foundation

/// Signing and verification of the Standard Webhooks scheme (standardwebhooks.com):
/// `webhook-signature: v1,<base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}"))>`,
/// where `webhook-timestamp` is Unix seconds. The header may hold several space-separated
/// signatures (e.g. during a secret rotation); one matching `v1` signature is enough.
public enum WebhookSignature {
    /// The header names, lowercase as HTTP/2 sends them.
    public static let idHeader = "webhook-id"
    public static let timestampHeader = "webhook-timestamp"
    public static let signatureHeader = "webhook-signature"

    /// How far `webhook-timestamp` may be from now, either way: 5 minutes.
    public static let defaultTolerance: TimeInterval = 5 * 60

    /// The three headers of a message, as received (nil when absent).
    public struct Headers: Sendable, Equatable {
        public var id: String?
        public var timestamp: String?
        public var signature: String?

        public init(id: String?, timestamp: String?, signature: String?) {
            self.id = id
            self.timestamp = timestamp
            self.signature = signature
        }
    }

    /// The `v1,<base64>` signature of `body` sent with `id` at `timestamp` (Unix seconds).
    public static func sign(id: String, timestamp: Int, body: some Sequence<UInt8>, secret: WebhookSecret) -> String {
        "v1," + Data(mac(id: id, timestamp: timestamp, body: body, secret: secret)).base64EncodedString()
    }

    /// The headers to send with `body`.
    public static func headers(id: String, timestamp: Int, body: some Sequence<UInt8>, secret: WebhookSecret) -> [(String, String)] {
        [(idHeader, id), (timestampHeader, String(timestamp)), (signatureHeader, sign(id: id, timestamp: timestamp, body: body, secret: secret))]
    }

    /// Checks that `body` was signed with `secret` within `tolerance` of `now`.
    ///
    /// The checks run in this order, and the first that fails is thrown: every header present,
    /// the timestamp an integer, within the tolerance, then a matching signature (compared in
    /// constant time). Signatures of other versions (`v1a,`, `v2,`) are ignored.
    /// - Throws: ``WebhookVerificationError`` naming the header and the rule.
    public static func verify(
        _ headers: Headers, body: some Sequence<UInt8>, secret: WebhookSecret, now: Date = Date(),
        tolerance: TimeInterval = defaultTolerance
    ) throws(WebhookVerificationError) {
        let id = try required(headers.id, idHeader)
        let timestampText = try required(headers.timestamp, timestampHeader)
        let signatures = try required(headers.signature, signatureHeader)
        guard let timestamp = Int(timestampText) else {
            throw WebhookVerificationError(
                .invalidTimestamp, header: timestampHeader,
                "\(timestampHeader) must be an integer number of seconds since 1970-01-01T00:00:00Z, not '\(timestampText.prefix(40))'")
        }
        let skew = now.timeIntervalSince1970 - Double(timestamp)
        if skew > tolerance {
            throw WebhookVerificationError(
                .timestampTooOld, header: timestampHeader,
                "\(timestampHeader) is \(Int(skew)) s old; it must be within \(Int(tolerance)) s of the receiver's clock (an old message is refused as a replay)")
        }
        if -skew > tolerance {
            throw WebhookVerificationError(
                .timestampTooNew, header: timestampHeader,
                "\(timestampHeader) is \(Int(-skew)) s in the future; it must be within \(Int(tolerance)) s of the receiver's clock")
        }
        let expected = mac(id: id, timestamp: timestamp, body: body, secret: secret)
        var matched = false
        for candidate in signatures.split(separator: " ") {
            let parts = candidate.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0] == "v1", let given = Data(base64Encoded: String(parts[1])) else { continue }
            matched = constantTimeEqual(Array(given), expected) || matched
        }
        guard matched else {
            throw WebhookVerificationError(
                .noMatchingSignature, header: signatureHeader,
                "\(signatureHeader) has no v1 signature matching the body: expected v1,<base64 HMAC-SHA256 of '\(idHeader).\(timestampHeader).body' with the tenant's inbound secret>")
        }
    }

    private static func required(_ value: String?, _ header: String) throws(WebhookVerificationError) -> String {
        guard let value, !value.isEmpty else {
            throw WebhookVerificationError(
                .missingHeader, header: header,
                "missing header \(header); Standard Webhooks requires \(idHeader), \(timestampHeader) and \(signatureHeader)")
        }
        return value
    }

    private static func mac(id: String, timestamp: Int, body: some Sequence<UInt8>, secret: WebhookSecret) -> [UInt8] {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: secret.key))
        hmac.update(data: Array("\(id).\(timestamp).".utf8))
        hmac.update(data: Array(body))
        return Array(hmac.finalize())
    }

    /// Equality whose time depends only on the lengths, not on where the bytes differ.
    private static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
