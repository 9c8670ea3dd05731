import Foundation

/// Locates the PostgreSQL server binaries (`initdb`, `pg_ctl`, `postgres`).
public struct PostgresBinaries: Sendable, Equatable {
    /// The directory holding the binaries.
    public var directory: String

    public var initdb: String { directory + "/initdb" }
    public var pgCtl: String { directory + "/pg_ctl" }

    public init(directory: String) {
        self.directory = directory
    }

    /// Finds the binaries: on `PATH` first, then under `/usr/lib/postgresql/*/bin`, newest
    /// major version first (where Debian installs them, off PATH).
    public static func locate(
        path: String? = ProcessInfo.processInfo.environment["PATH"], searchRoot: String = "/usr/lib/postgresql"
    ) throws(EmbeddedClusterError) -> PostgresBinaries {
        let fileManager = FileManager.default
        func hasServer(_ directory: String) -> Bool {
            fileManager.isExecutableFile(atPath: directory + "/initdb")
                && fileManager.isExecutableFile(atPath: directory + "/pg_ctl")
        }
        for directory in (path ?? "").split(separator: ":").map(String.init) where hasServer(directory) {
            // PATH may hold symlinks to the binaries (e.g. /usr/local/bin/pg_ctl); the real
            // directory also has createdb and the server itself.
            let real = URL(fileURLWithPath: directory + "/pg_ctl").resolvingSymlinksInPath().deletingLastPathComponent().path
            return PostgresBinaries(directory: real)
        }
        let versions = ((try? fileManager.contentsOfDirectory(atPath: searchRoot)) ?? [])
            .compactMap { name in Double(name).map { (name, $0) } }
            .sorted { $0.1 > $1.1 }
        for (name, _) in versions where hasServer("\(searchRoot)/\(name)/bin") {
            return PostgresBinaries(directory: "\(searchRoot)/\(name)/bin")
        }
        throw EmbeddedClusterError(
            .binariesNotFound,
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under \(searchRoot)/*/bin. "
                + "Install them with: apt-get install -y postgresql  (or set DATABASE_URL to use an existing server)")
    }
}
