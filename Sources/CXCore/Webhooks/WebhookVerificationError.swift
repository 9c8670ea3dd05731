/// Why an inbound webhook was refused, naming the header and the rule it broke.
public struct WebhookVerificationError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// A required header (`webhook-id`, `webhook-timestamp`, `webhook-signature`) is absent or empty.
        public static let missingHeader = Code(name: "missing_header")
        /// `webhook-timestamp` is not an integer number of seconds since 1970.
        public static let invalidTimestamp = Code(name: "invalid_timestamp")
        /// `webhook-timestamp` is older than the tolerance allows (a replay, or a clock far behind).
        public static let timestampTooOld = Code(name: "timestamp_too_old")
        /// `webhook-timestamp` is further in the future than the tolerance allows.
        public static let timestampTooNew = Code(name: "timestamp_too_new")
        /// No `v1,` signature of `webhook-signature` matches the body signed with the secret.
        public static let noMatchingSignature = Code(name: "no_matching_signature")
        /// The secret is not `whsec_` + base64.
        public static let invalidSecret = Code(name: "invalid_secret")
    }

    public var code: Code
    /// The header at fault, when one is.
    public var header: String?
    public var message: String

    public init(_ code: Code, header: String?, _ message: String) {
        self.code = code
        self.header = header
        self.message = message
    }

    public var description: String { message }
}
