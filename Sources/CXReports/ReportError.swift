/// Why a report cannot be produced, classified like the exit codes of `sysexits.h` that the
/// CLI maps them to: a request that can never work (64, usage) or one the stored data cannot
/// answer (65, data).
public struct ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The request is malformed whatever the data (a bad week, zone or threshold).
        public static let usage = Code(name: "usage")
        /// The data cannot answer it (unknown survey, no such metric on the survey, a field of
        /// the wrong type).
        public static let data = Code(name: "data")
    }

    public var code: Code
    /// A sentence a user can act on.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
