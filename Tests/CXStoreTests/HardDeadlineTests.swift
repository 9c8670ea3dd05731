@testable import CXStore
import Foundation
import Testing

@Suite("Hard deadline")
struct HardDeadlineTests {
    struct TimedOut: Error {}

    /// An operation that ignores cancellation, like a query waiting on a hung server: it
    /// finishes only when the test opens the gate, however it is cancelled.
    final class Gate: @unchecked Sendable {
        private let lock = NSLock()
        private var waiting: CheckedContinuation<Int, Never>?
        private var opened = false

        func wait() async -> Int {
            await withCheckedContinuation { continuation in
                lock.lock()
                defer { lock.unlock() }
                if opened { continuation.resume(returning: 1) } else { waiting = continuation }
            }
        }

        func open() {
            lock.lock()
            defer { lock.unlock() }
            opened = true
            waiting?.resume(returning: 1)
            waiting = nil
        }
    }

    @Test("an operation that ignores cancellation does not hold its caller past the deadline")
    func uncooperativeOperation() async throws {
        // The operation cannot finish before the gate opens, which happens only after the call
        // returned: returning at all proves the caller was not held by the operation.
        let gate = Gate()
        await #expect(throws: TimedOut.self) {
            try await withHardDeadline(.milliseconds(100), timeoutError: { TimedOut() }) { await gate.wait() }
        }
        gate.open()
    }

    /// The deadline is a minute: the timer runs on an event loop, so it would fire even while
    /// CPU-bound tests running in parallel keep the operation's task from being scheduled.
    @Test("a result or an error within the deadline is returned as it is")
    func withinDeadline() async throws {
        #expect(try await withHardDeadline(.seconds(60), timeoutError: { TimedOut() }) { 42 } == 42)
        await #expect(throws: CancellationError.self) {
            try await withHardDeadline(.seconds(60), timeoutError: { TimedOut() }) { () async throws -> Int in throw CancellationError() }
        }
    }
}
