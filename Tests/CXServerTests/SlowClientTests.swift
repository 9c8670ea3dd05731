import CXCore
import CXServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Slow-client ("slowloris") defences of `cxloop serve` on a real socket: the idle timeout
/// (1 s here) for a stalled or trickled head and a stalled body, the body deadline (2 s here)
/// for a body trickled in too slowly for the idle timeout to notice.
@Suite("Slow clients")
struct SlowClientTests {
    static func app() async throws -> (TestApp, String) {
        let app = try await TestApp.make {
            $0.idleTimeoutSeconds = 1
            $0.bodyTimeoutSeconds = 2
        }
        return (app, try await app.key("acme", .ingest))
    }

    static func head(key: String) -> String {
        "POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(key)\r\n"
            + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
    }

    @Test("a head or body that stops arriving is cut off by the idle timeout")
    func stalled() async throws {
        let (app, key) = try await Self.app()
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let midHead = try RawConnection(port: port)
            #expect(midHead.send("POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n"))
            let midBody = try RawConnection(port: port)
            #expect(midBody.send(Self.head(key: key) + "{\"survey\":"))
            #expect(await offPool { midHead.waitForClose(timeout: .seconds(4)) })
            #expect(await offPool { midBody.waitForClose(timeout: .seconds(4)) })
        }
    }

    @Test("a head trickled in is cut off by the idle timeout, a body trickled in by the body deadline")
    func trickled() async throws {
        let (app, key) = try await Self.app()
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let headConnection = try RawConnection(port: port)
            let head = await offPool { headConnection.trickle(Self.head(key: key), every: .milliseconds(200), for: .seconds(8)) }
            // Cut off well before the 8 s trickle ends (the margin absorbs a loaded machine).
            #expect(try #require(head) < .seconds(7))
            let bodyConnection = try RawConnection(port: port)
            #expect(bodyConnection.send(Self.head(key: key)))
            let body = await offPool { bodyConnection.trickle(response("slow-1"), every: .milliseconds(200), for: .seconds(8)) }
            #expect(try #require(body) > .milliseconds(1_500))
            #expect(try #require(body) < .seconds(7))
            // The server still answers everyone else.
            let other = try RawConnection(port: port)
            let status = await offPool { other.firstLine(of: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") }
            #expect(status == "HTTP/1.1 200 OK")
        }
    }
}
