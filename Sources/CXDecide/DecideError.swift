import CXCore

/// Why the engine cannot decide. Deciding for an unknown unit is not an error: it is decided
/// for the cold-start profile (segment `default`).
public struct DecideError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem; extensible like `StoreError.Code`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The request names a channel that does not exist (HTTP 422).
        public static let unknownChannel = Code(name: "unknownChannel")
        /// The policy version's weights break a rule (non-finite, β < 0, ε ∉ [0, 1), κ < 0).
        public static let invalidPolicy = Code(name: "invalidPolicy")
        /// An action, suppression rule or contact cap breaks a rule, or two share a key or name.
        public static let invalidConfiguration = Code(name: "invalidConfiguration")
        /// The profile holds a negative or non-finite age or value, or an empty segment.
        public static let invalidProfile = Code(name: "invalidProfile")
        /// The effect model gave a non-finite uplift, or finite ones whose score overflows.
        public static let invalidEstimate = Code(name: "invalidEstimate")
        /// The estimates come from another effect model than the policy was tuned on.
        public static let modelMismatch = Code(name: "modelMismatch")
        /// The uniform draw is not in [0, 1).
        public static let invalidDraw = Code(name: "invalidDraw")
        /// The tenant has no production policy yet (HTTP 409).
        public static let notReady = Code(name: "notReady")
        /// The request names an experiment that does not exist (HTTP 422).
        public static let unknownExperiment = Code(name: "unknownExperiment")
        /// The experiment is stopped (HTTP 409).
        public static let experimentStopped = Code(name: "experimentStopped")
        /// The unit's arm of a policy experiment is not a policy version (HTTP 409).
        public static let unknownPolicy = Code(name: "unknownPolicy")
    }

    public var code: Code
    /// A sentence a user can act on.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// An error listing `issues` as `field: message` after `prefix`; `nil` when there are none.
    static func listing(_ code: Code, _ prefix: String, _ issues: [ValidationIssue]) -> DecideError? {
        issues.isEmpty ? nil : DecideError(code, prefix + issues.map { "\($0.field): \($0.message)" }.joined(separator: "; "))
    }
}
