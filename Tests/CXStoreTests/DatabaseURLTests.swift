import CXStore
import PostgresNIO
import Testing

@Suite("DATABASE_URL parsing")
struct DatabaseURLTests {
    @Test("host, port, user, password and database are taken from the URL")
    func tcp() throws {
        let configuration = try DatabaseURL.configuration(from: "postgres://cx%40ops:s%3Acret@db.internal:6432/cxloop?sslmode=require")
        #expect(configuration.host == "db.internal")
        #expect(configuration.port == 6432)
        #expect(configuration.username == "cx@ops")
        #expect(configuration.password == "s:cret")
        #expect(configuration.database == "cxloop")
    }

    @Test("a host query parameter that is a path selects a unix socket, as in libpq")
    func unixSocket() throws {
        let configuration = try DatabaseURL.configuration(from: "postgresql://cxloop@/cxloop?host=/tmp/x/run&port=5433")
        #expect(configuration.unixSocketPath == "/tmp/x/run/.s.PGSQL.5433")
        #expect(configuration.username == "cxloop")
    }

    @Test("defaults: port 5432, database named after the user", arguments: ["postgres://ann@localhost", "postgres://ann@localhost/"])
    func defaults(url: String) throws {
        let configuration = try DatabaseURL.configuration(from: url)
        #expect(configuration.port == 5432)
        #expect(configuration.database == "ann")
    }

    @Test("a wrong scheme or sslmode is refused with a usable message", arguments: ["mysql://a@b/c", "postgres://a@b/c?sslmode=sometimes"])
    func invalid(url: String) {
        #expect(throws: DatabaseURL.Invalid.self) { try DatabaseURL.configuration(from: url) }
    }
}
