/// The state of an embedded cluster's data directory.
public enum ClusterStatus: Sendable, Equatable, CustomStringConvertible {
    /// No cluster has been initialised in the data directory yet.
    case notInitialized
    /// Initialised and not running.
    case stopped
    /// A postmaster.pid names a process that no longer exists: the server crashed or was
    /// killed. `start` removes the stale file and starts it again.
    case crashed(pid: Int32)
    /// Running and accepting connections at `endpoint`.
    case running(pid: Int32, endpoint: ClusterEndpoint)

    public var description: String {
        switch self {
        case .notInitialized: "not initialised"
        case .stopped: "stopped"
        case .crashed(let pid): "not running (the server, pid \(pid), died without shutting down; `cxloop db start` recovers it)"
        case .running(let pid, let endpoint): "running (pid \(pid), socket \(endpoint.unixSocketPath))"
        }
    }
}

/// Where a running embedded cluster accepts connections.
public struct ClusterEndpoint: Sendable, Equatable {
    public var socketDirectory: String
    public var port: Int
    public var user: String
    public var database: String

    /// Path of the server's unix socket file.
    public var unixSocketPath: String { "\(socketDirectory)/.s.PGSQL.\(port)" }

    /// A libpq-style URL (`psql "$(cxloop db url)"` works with it).
    public var url: String {
        "postgresql://\(user)@/\(database)?host=\(socketDirectory)&port=\(port)"
    }
}
