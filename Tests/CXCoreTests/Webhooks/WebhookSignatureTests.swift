import CXCore
import Foundation
import Testing

/// The reference vector of the Standard Webhooks libraries' tests (standard-webhooks/standard-webhooks,
/// libraries/go/webhook_test.go `TestWebhookSign` and libraries/python/tests/test_webhooks.py
/// `test_sign_function`): this secret, id, timestamp and body sign to `expected`. Checked again
/// with Python's hmac module: base64(HMAC-SHA256(b64decode(secret), "id.ts.body")).
private enum Reference {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let timestamp = 1_614_265_330
    static let body = Array(#"{"test": 2432232314}"#.utf8)
    static let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    /// A well-formed signature that does not match (from the same tests).
    static let wrong = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
    static let sentAt = Date(timeIntervalSince1970: Double(timestamp))

    static func headers(signature: String? = Reference.expected, timestamp: String? = String(Reference.timestamp), id: String? = Reference.id) -> WebhookSignature.Headers {
        WebhookSignature.Headers(id: id, timestamp: timestamp, signature: signature)
    }
}

@Suite("Standard Webhooks signatures")
struct WebhookSignatureTests {
    let secret = try! WebhookSecret(parsing: Reference.secret)

    @Test("signing reproduces the reference libraries' vector")
    func referenceVector() throws {
        #expect(WebhookSignature.sign(id: Reference.id, timestamp: Reference.timestamp, body: Reference.body, secret: secret) == Reference.expected)
    }

    @Test("the reference message verifies, with or without the whsec_ prefix on the secret")
    func verifiesReference() throws {
        try WebhookSignature.verify(Reference.headers(), body: Reference.body, secret: secret, now: Reference.sentAt)
        let unprefixed = try WebhookSecret(parsing: String(Reference.secret.dropFirst(6)))
        #expect(unprefixed == secret)
        try WebhookSignature.verify(Reference.headers(), body: Reference.body, secret: unprefixed, now: Reference.sentAt.addingTimeInterval(299))
    }

    @Test("one matching v1 among several signatures is enough; other versions are ignored")
    func multipleSignatures() throws {
        let list = ["v1,\(Reference.wrong.dropFirst(3))", "v2,\(Reference.wrong.dropFirst(3))", Reference.expected, Reference.wrong]
        try WebhookSignature.verify(Reference.headers(signature: list.joined(separator: " ")), body: Reference.body, secret: secret, now: Reference.sentAt)
        let otherVersion = "v2," + Reference.expected.dropFirst(3)
        #expect(throws: WebhookVerificationError.self) {
            try WebhookSignature.verify(Reference.headers(signature: otherVersion), body: Reference.body, secret: secret, now: Reference.sentAt)
        }
    }

    @Test("a wrong signature, a changed body, another secret or another id match no signature")
    func noMatch() throws {
        let cases: [(WebhookSignature.Headers, [UInt8], WebhookSecret)] = [
            (Reference.headers(signature: Reference.wrong), Reference.body, secret),
            (Reference.headers(), Array(#"{"test": 2432232315}"#.utf8), secret),
            (Reference.headers(), Reference.body, WebhookSecret.generate()),
            (Reference.headers(id: "msg_other"), Reference.body, secret),
            (Reference.headers(signature: "v1,not base64!"), Reference.body, secret),
        ]
        for (headers, body, key) in cases {
            let error = try #require(throws: WebhookVerificationError.self) {
                try WebhookSignature.verify(headers, body: body, secret: key, now: Reference.sentAt)
            }
            #expect(error.code == .noMatchingSignature)
            #expect(error.header == "webhook-signature")
            #expect(error.message.contains("HMAC-SHA256"))
        }
    }

    @Test("a missing or empty header is named", arguments: ["webhook-id", "webhook-timestamp", "webhook-signature"])
    func missingHeader(header: String) throws {
        for absent in [nil, ""] as [String?] {
            let headers = Reference.headers(
                signature: header == "webhook-signature" ? absent : Reference.expected,
                timestamp: header == "webhook-timestamp" ? absent : String(Reference.timestamp),
                id: header == "webhook-id" ? absent : Reference.id)
            let error = try #require(throws: WebhookVerificationError.self) {
                try WebhookSignature.verify(headers, body: Reference.body, secret: secret, now: Reference.sentAt)
            }
            #expect(error.code == .missingHeader)
            #expect(error.header == header)
            #expect(error.message.hasPrefix("missing header \(header)"))
        }
    }

    @Test("a timestamp that is not an integer is refused before the signature is checked", arguments: ["hello", "1614265330.5", " 1614265330"])
    func invalidTimestamp(text: String) throws {
        let error = try #require(throws: WebhookVerificationError.self) {
            try WebhookSignature.verify(Reference.headers(timestamp: text), body: Reference.body, secret: secret, now: Reference.sentAt)
        }
        #expect(error.code == .invalidTimestamp)
        #expect(error.header == "webhook-timestamp")
    }

    @Test("timestamps up to 5 minutes away either way pass; one second more is too old or too new")
    func tolerance() throws {
        for offset in [-300.0, 0, 300] {
            try WebhookSignature.verify(Reference.headers(), body: Reference.body, secret: secret, now: Reference.sentAt.addingTimeInterval(offset))
        }
        let old = try #require(throws: WebhookVerificationError.self) {
            try WebhookSignature.verify(Reference.headers(), body: Reference.body, secret: secret, now: Reference.sentAt.addingTimeInterval(301))
        }
        #expect(old.code == .timestampTooOld)
        #expect(old.message.contains("301 s old"))
        let new = try #require(throws: WebhookVerificationError.self) {
            try WebhookSignature.verify(Reference.headers(), body: Reference.body, secret: secret, now: Reference.sentAt.addingTimeInterval(-301))
        }
        #expect(new.code == .timestampTooNew)
    }

    @Test("secrets: generated ones round-trip through whsec_ text; malformed or short ones are refused")
    func secrets() throws {
        let generated = WebhookSecret.generate()
        #expect(generated.key.count == 32)
        #expect(try WebhookSecret(parsing: generated.encoded) == generated)
        #expect(generated.encoded.hasPrefix("whsec_"))
        #expect(!"\(generated)".contains(generated.encoded))
        for bad in ["whsec_", "whsec_%%%", "whsec_" + Data([1, 2, 3]).base64EncodedString()] {
            #expect(throws: WebhookVerificationError(.invalidSecret, header: nil,
                                                     "a webhook secret must be whsec_ followed by the base64 of at least 16 bytes")) {
                try WebhookSecret(parsing: bad)
            }
        }
    }
}
