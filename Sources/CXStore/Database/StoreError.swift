import PostgresNIO
import _ConnectionPoolModule

/// A storage failure, classified by what the caller should do about it.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The database cannot be reached right now; retry later (HTTP 503).
        public static let unavailable = Code(name: "unavailable")
        /// The request conflicts with stored data (HTTP 409).
        public static let conflict = Code(name: "conflict")
        /// The request names something that does not exist (HTTP 404).
        public static let notFound = Code(name: "not_found")
        /// Something that should not happen; a bug or a broken schema (HTTP 500).
        public static let failed = Code(name: "failed")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// Classifies any error from PostgresNIO or its pool.
    ///
    /// Server errors in SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown,
    /// cannot connect now) and 53 (insufficient resources) mean "unavailable"; so does any
    /// client-side connection, pool or timeout error. Anything else is a failure. A
    /// transaction's error is classified by its cause (a `StoreError` thrown inside keeps its code).
    public static func classify(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        // `withTransaction` wraps what went wrong; the first failure is the one that matters.
        if let error = error as? PostgresTransactionError,
           let cause = error.beginError ?? error.closureError ?? error.commitError ?? error.rollbackError {
            return classify(cause)
        }
        if let error = error as? PSQLError {
            if error.code == .server, let state = error.serverInfo?[.sqlState] {
                if state.hasPrefix("08") || state.hasPrefix("53") || ["57P01", "57P02", "57P03"].contains(state) {
                    return StoreError(.unavailable, "database unavailable (\(state))")
                }
                let message = error.serverInfo?[.message] ?? "unknown"
                return StoreError(.failed, "database error \(state): \(message)")
            }
            return StoreError(.unavailable, "database connection failed (\(error.code))")
        }
        if error is CancellationError { return StoreError(.unavailable, "database operation was cancelled") }
        if let error = error as? ConnectionPoolError { return StoreError(.unavailable, "database unavailable (\(error))") }
        return StoreError(.failed, String(describing: error))
    }
}
