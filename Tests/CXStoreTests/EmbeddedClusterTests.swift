import CXStore
import CXTestSupport
import Foundation
import Testing

@Suite("Embedded cluster")
struct EmbeddedClusterTests {
    @Test("starts, is reused by a second client, stops cleanly, and recovers after its server is killed")
    func lifecycle() async throws {
        let cluster = try TestCluster.shared.makePrivateCluster()
        #expect(cluster.status() == .notInitialized)
        let endpoint = try cluster.start(durable: false)
        guard case .running(let pid, let running) = cluster.status() else {
            Issue.record("not running after start: \(cluster.status())")
            return
        }
        #expect(running == endpoint)
        #expect(FileManager.default.fileExists(atPath: endpoint.unixSocketPath))

        // A second process's view of the same home finds the running server and reuses it.
        let second = try EmbeddedCluster(home: cluster.home, logger: TestCluster.shared.logger)
        #expect(try second.start(durable: false) == endpoint)
        guard case .running(let samePID, _) = second.status() else {
            Issue.record("second client does not see the server")
            return
        }
        #expect(samePID == pid)
        try await TestCluster.shared.database(TestCluster.configuration(endpoint, database: "cxloop"))
            .withRunning { try await $0.ping() }

        try second.stop()
        #expect(cluster.status() == .stopped)

        // A crash: kill -9 the postmaster. Status says so; start recovers on the same socket.
        let restarted = try cluster.start(durable: false)
        #expect(restarted == endpoint)
        guard case .running(let newPID, _) = cluster.status() else {
            Issue.record("not running after restart")
            return
        }
        kill(newPID, SIGKILL)
        try await waitUntil { if case .crashed = cluster.status() { true } else { false } }
        #expect(cluster.status() == .crashed(pid: newPID))
        #expect(cluster.status().description.contains("cxloop db start"))
        let recovered = try cluster.start(durable: false)
        #expect(recovered == endpoint)
        try await TestCluster.shared.database(TestCluster.configuration(recovered, database: "cxloop"))
            .withRunning { try await $0.ping() }
        try cluster.stop()
        #expect(cluster.status() == .stopped)
    }

    @Test("missing server binaries give one error naming the package to install")
    func missingBinaries() throws {
        let error = #expect(throws: EmbeddedClusterError.self) {
            try PostgresBinaries.locate(path: "/nonexistent", searchRoot: "/nonexistent/postgresql")
        }
        #expect(error?.code == .binariesNotFound)
        #expect(error?.message.contains("apt-get install -y postgresql") == true)
    }

    @Test("binaries are found under /usr/lib/postgresql when not on PATH")
    func findsDebianLayout() throws {
        let binaries = try PostgresBinaries.locate(path: "")
        #expect(binaries.directory.hasPrefix("/usr/lib/postgresql/"))
        #expect(FileManager.default.isExecutableFile(atPath: binaries.pgCtl))
    }
}

/// Polls `condition` every 50 ms for up to 10 s.
func waitUntil(_ condition: () -> Bool) async throws {
    for _ in 0..<200 where !condition() {
        try await Task.sleep(for: .milliseconds(50))
    }
}
