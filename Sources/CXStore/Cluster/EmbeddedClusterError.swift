/// Why the embedded PostgreSQL cluster could not be used.
public struct EmbeddedClusterError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; extensible without breaking `switch`es.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        public static let binariesNotFound = Code(name: "binariesNotFound")
        public static let homeNotAccessible = Code(name: "homeNotAccessible")
        public static let initFailed = Code(name: "initFailed")
        public static let startFailed = Code(name: "startFailed")
        public static let notRunning = Code(name: "notRunning")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
