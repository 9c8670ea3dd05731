import Foundation
import Logging

/// A private PostgreSQL cluster run from the system's server binaries, used when no
/// `DATABASE_URL` is given (DESIGN.md §4) and by the tests.
///
/// Layout under `home`: `data/` (PGDATA), `run/` (unix socket), `postgres.log`. The
/// server listens on its unix socket only (no TCP), with `trust` authentication guarded
/// by the socket directory's permissions. Starting is serialised between processes with
/// a lock file, and a second process finds a running server through `postmaster.pid`.
public struct EmbeddedCluster: Sendable {
    /// Superuser and database the cluster is created with.
    public static let user = "cxloop"
    public static let database = "cxloop"

    public let home: String
    public let binaries: PostgresBinaries
    let runner: CommandRunner
    let logger: Logger

    public var dataDirectory: String { home + "/data" }
    public var logFile: String { home + "/postgres.log" }

    /// `home/run`, or a directory under /tmp when that path is too long for a unix
    /// socket (the limit is 107 bytes including `/.s.PGSQL.NNNNN`).
    public var socketDirectory: String {
        let preferred = home + "/run"
        if preferred.utf8.count + 16 < 100 { return preferred }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in home.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "/tmp/cxloop-\(String(hash, radix: 16))"
    }

    /// - Parameters:
    ///   - home: directory that holds the cluster; created when missing.
    ///   - binaries: server binaries; located on PATH or under /usr/lib/postgresql when nil.
    public init(home: String, binaries: PostgresBinaries? = nil, logger: Logger) throws(EmbeddedClusterError) {
        self.home = URL(fileURLWithPath: home).standardizedFileURL.path
        if let binaries {
            self.binaries = binaries
        } else {
            self.binaries = try PostgresBinaries.locate()
        }
        self.runner = CommandRunner(logger: logger)
        self.logger = logger
    }

    /// The cluster's current state, read from its data directory.
    public func status() -> ClusterStatus {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return .notInitialized }
        guard let pidFile = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8) else {
            return .stopped
        }
        let lines = pidFile.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 5, let pid = Int32(lines[0].trimmingCharacters(in: .whitespaces)),
            let port = Int(lines[3].trimmingCharacters(in: .whitespaces))
        else { return .stopped }
        guard kill(pid, 0) == 0 || errno == EPERM else { return .crashed(pid: pid) }
        let endpoint = ClusterEndpoint(
            socketDirectory: lines[4].trimmingCharacters(in: .whitespaces), port: port,
            user: Self.user, database: Self.database)
        return .running(pid: pid, endpoint: endpoint)
    }

    /// Starts the cluster (initialising it first when needed) or joins the one running,
    /// and makes sure the `cxloop` database exists.
    ///
    /// - Parameter durable: `false` turns off fsync and synchronous commit; only for
    ///   throwaway test clusters.
    @discardableResult
    public func start(durable: Bool = true) throws -> ClusterEndpoint {
        // A running server's home is prepared already: joining it needs neither the start lock
        // nor the ownership hand-over, whose `chown -R` grows with the data (seconds at 10 GB).
        if case .running(_, let endpoint) = status() { return endpoint }
        try prepareHome()
        return try withStartLock {
            if case .running(_, let endpoint) = status() {
                logger.debug("embedded cluster already running", metadata: ["socket": "\(endpoint.unixSocketPath)"])
                return endpoint
            }
            if case .notInitialized = status() { try initialize() }
            if case .crashed(let pid) = status() {
                logger.warning("removing stale postmaster.pid", metadata: ["pid": "\(pid)"])
                try? FileManager.default.removeItem(atPath: dataDirectory + "/postmaster.pid")
            }
            let port = try preferredPort()
            var options = "-p \(port) -k \(socketDirectory) -c listen_addresses="
            // A throwaway cluster serves test suites in parallel, each with its own pools: room for
            // far more connections than one service's default 100.
            if !durable { options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500" }
            do {
                try runner.check(binaries.pgCtl, ["start", "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-s", "-o", options])
            } catch let failure as CommandRunner.Failure {
                let tail = (try? String(contentsOfFile: logFile, encoding: .utf8))?.split(separator: "\n").suffix(5).joined(separator: "\n") ?? ""
                throw EmbeddedClusterError(.startFailed, "could not start PostgreSQL: \(failure)\n\(tail)")
            }
            guard case .running(_, let endpoint) = status() else {
                throw EmbeddedClusterError(.startFailed, "PostgreSQL started but wrote no postmaster.pid; see \(logFile)")
            }
            try createDatabase(at: endpoint)
            logger.info("embedded cluster started", metadata: ["socket": "\(endpoint.unixSocketPath)"])
            return endpoint
        }
    }

    /// Stops the cluster if it is running. `immediate` skips the shutdown checkpoint
    /// (crash-like; recovery replays the WAL on the next start).
    public func stop(immediate: Bool = false) throws {
        guard case .running = status() else { return }
        try runner.check(binaries.pgCtl, ["stop", "-D", dataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "-s"])
        logger.info("embedded cluster stopped")
    }

    /// The port of the previous run when it is still free, so clients configured with the
    /// socket path reconnect after a restart; otherwise a new free port (remembered).
    private func preferredPort() throws -> Int {
        let file = home + "/port"
        if let text = try? String(contentsOfFile: file, encoding: .utf8),
            let previous = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), FreePort.isFree(previous)
        {
            return previous
        }
        let port = try FreePort.find()
        try String(port).write(toFile: file, atomically: true, encoding: .utf8)
        return port
    }

    private func prepareHome() throws {
        let fileManager = FileManager.default
        for directory in [home, dataDirectory, socketDirectory] {
            try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        // PostgreSQL requires PGDATA to be 0700 (or 0750) and owned by the server user.
        try fileManager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dataDirectory)
        try fileManager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: socketDirectory)
        guard runner.serverUser != nil else { return }
        try runner.handOver(dataDirectory)
        try runner.handOver(socketDirectory)
        if !FileManager.default.fileExists(atPath: logFile) {
            _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        }
        try runner.handOver(logFile)
        let probe = try runner.run("/usr/bin/test", ["-w", dataDirectory])
        guard probe.status == 0 else {
            throw EmbeddedClusterError(
                .homeNotAccessible,
                "the postgres OS user cannot reach \(dataDirectory) (a parent directory is closed to it, e.g. /root). "
                    + "Set CXLOOP_HOME to a directory under /tmp or /var/lib.")
        }
    }

    private func initialize() throws {
        logger.info("initialising embedded cluster", metadata: ["data": "\(dataDirectory)"])
        do {
            try runner.check(
                binaries.initdb,
                ["-D", dataDirectory, "-U", Self.user, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-instructions"])
        } catch {
            throw EmbeddedClusterError(.initFailed, "initdb failed: \(error)")
        }
    }

    private func createDatabase(at endpoint: ClusterEndpoint) throws {
        let output = try runner.run(
            binaries.directory + "/createdb",
            ["-h", endpoint.socketDirectory, "-p", String(endpoint.port), "-U", Self.user, Self.database])
        guard output.status == 0 || output.text.contains("already exists") else {
            throw EmbeddedClusterError(.startFailed, "createdb failed: \(output.text)")
        }
    }

    /// Runs `body` holding an exclusive lock on `home/cluster.lock`, so concurrent
    /// `cxloop` processes never run initdb or pg_ctl start at the same time.
    private func withStartLock<T>(_ body: () throws -> T) throws -> T {
        let descriptor = open(home + "/cluster.lock", O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { return try body() }
        defer { close(descriptor) }
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
