/// Why a metric cannot be computed from the given field, histogram or settings.
public struct MetricError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem; extensible like `StoreError.Code`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The metric is not defined on the field's type (e.g. NPS on a CSAT field).
        public static let wrongFieldType = Code(name: "wrongFieldType")
        /// A scale the metric is not defined on (NPS off 0–10, or fewer than two points).
        public static let invalidScale = Code(name: "invalidScale")
        /// A histogram holds a value outside the field's scale.
        public static let valueOutOfScale = Code(name: "valueOutOfScale")
        /// Two estimates of different metrics or scales were compared.
        public static let incomparable = Code(name: "incomparable")
        /// An anonymity threshold below `DisclosurePolicy.minimumAnonymityThreshold`.
        public static let thresholdTooLow = Code(name: "thresholdTooLow")
    }

    public var code: Code
    /// A sentence a user can act on.
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
