import Foundation
import NIOSSL
import PostgresNIO

/// Parses `postgres://user:password@host:port/database?sslmode=...&host=/socket/dir` into a
/// PostgresNIO client configuration.
///
/// `sslmode`: `disable` (default), `prefer` or `require` (TLS optional, DESIGN.md §4).
/// A `host` query parameter that is a path selects a unix socket directory, as in libpq.
public enum DatabaseURL {
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public static func configuration(from text: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: text),
            components.scheme == "postgres" || components.scheme == "postgresql"
        else {
            throw Invalid(description: "DATABASE_URL must look like postgres://user:password@host:5432/database")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let user = components.percentEncodedUser?.removingPercentEncoding ?? "postgres"
        let password = components.percentEncodedPassword?.removingPercentEncoding
        let database = String(components.path.dropFirst()).removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 } ?? user
        let port = components.port ?? query["port"].flatMap(Int.init) ?? 5432
        if let socketDirectory = query["host"], socketDirectory.hasPrefix("/") {
            return PostgresClient.Configuration(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        }
        let tls: PostgresClient.Configuration.TLS
        switch query["sslmode"] ?? "disable" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        case let other: throw Invalid(description: "DATABASE_URL sslmode '\(other)' is not one of disable, prefer, require")
        }
        return PostgresClient.Configuration(
            host: components.host ?? "localhost", port: port, username: user, password: password, database: database, tls: tls)
    }
}
