import Crypto
import Foundation

/// One schema migration file, `NNNN_name.sql`.
public struct Migration: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var sql: String

    /// SHA-256 of the file's text, hex encoded; an applied migration must keep it.
    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Loads every `NNNN_name.sql` in `directory`, sorted by version.
    public static func load(from directory: String) throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".sql") }.sorted()
        var migrations: [Migration] = []
        for name in names {
            let stem = name.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]) else {
                throw MigrationError("migration file \(name) is not named NNNN_name.sql")
            }
            if migrations.last?.version == version { throw MigrationError("two migrations have version \(version)") }
            let sql = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        return migrations
    }

    /// The `sql/migrations` directory: `CXLOOP_MIGRATIONS` when set, else found by
    /// `ResourceDirectory`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        guard let directory = ResourceDirectory.find("sql/migrations", variable: "CXLOOP_MIGRATIONS",
                                                     environment: environment)
        else { throw MigrationError("could not find sql/migrations; set CXLOOP_MIGRATIONS to its path") }
        return directory
    }
}

/// A migration could not be loaded or applied.
public struct MigrationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
