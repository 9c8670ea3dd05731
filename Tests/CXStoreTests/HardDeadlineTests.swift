@testable import CXStore
import Foundation
import Testing

@Suite("Hard deadline")
struct HardDeadlineTests {
    struct TimedOut: Error {}

    /// An operation that ignores cancellation, like a query waiting on a hung server: it
    /// finishes only after `seconds`, however it is cancelled.
    static func uncancellable(seconds: Double) async -> Int {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { continuation.resume(returning: 1) }
        }
    }

    @Test("an operation that ignores cancellation does not hold its caller past the deadline")
    func uncooperativeOperation() async throws {
        let started = ContinuousClock.now
        await #expect(throws: TimedOut.self) {
            try await withHardDeadline(.milliseconds(100), timeoutError: { TimedOut() }) { await Self.uncancellable(seconds: 20) }
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test("a result or an error within the deadline is returned as it is")
    func withinDeadline() async throws {
        #expect(try await withHardDeadline(.seconds(5), timeoutError: { TimedOut() }) { 42 } == 42)
        await #expect(throws: CancellationError.self) {
            try await withHardDeadline(.seconds(5), timeoutError: { TimedOut() }) { () async throws -> Int in throw CancellationError() }
        }
    }
}
