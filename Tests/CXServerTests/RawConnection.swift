import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to 127.0.0.1, for sending a request as slowly as a misbehaving
/// client would (no HTTP client lets a test stall mid-head or mid-body). Its calls block, so
/// tests run them through ``offPool(_:)``.
final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard descriptor >= 0, connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(descriptor) }

    /// Sends `text`; false when the server has closed the connection.
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Waits up to `timeout` for the server to close the connection (reading and discarding
    /// anything it sends first); true when it did.
    func waitForClose(timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let remaining = Int32(max(1, (deadline - ContinuousClock.now).components.seconds * 1_000 + 1))
            guard poll(&poller, 1, min(remaining, 100)) > 0 else { continue }
            if recv(descriptor, &buffer, buffer.count, 0) <= 0 { return true }
        }
        return false
    }

    /// Sends `text` and returns the first line of the answer (e.g. `HTTP/1.1 200 OK`).
    func firstLine(of text: String) -> String? {
        guard send(text) else { return nil }
        var answer: [UInt8] = []
        var byte: UInt8 = 0
        while recv(descriptor, &byte, 1, 0) == 1, byte != UInt8(ascii: "\r") { answer.append(byte) }
        return String(decoding: answer, as: UTF8.self)
    }

    /// Sends `text` one byte every `interval` (stopping when the server closes the connection)
    /// for at most `limit`; returns how long the server let it go on, or nil when it never closed.
    func trickle(_ text: String, every interval: Duration, for limit: Duration) -> Duration? {
        let start = ContinuousClock.now
        var characters = text.repeatedForever().makeIterator()
        while ContinuousClock.now - start < limit, let character = characters.next() {
            guard send(String(character)), !waitForClose(timeout: interval) else { return ContinuousClock.now - start }
        }
        return nil
    }
}

/// Runs blocking socket calls on a thread of their own, not on the cooperative pool (two threads
/// on a two-core machine), where they would stall the server and the other tests.
func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: work()) }
    }
}

private extension String {
    /// The characters of the string, over and over.
    func repeatedForever() -> some Sequence<Character> {
        sequence(state: startIndex) { index in
            defer { index = self.index(after: index) == self.endIndex ? self.startIndex : self.index(after: index) }
            return self[index]
        }
    }
}
