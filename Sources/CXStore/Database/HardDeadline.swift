import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Runs `operation` and returns its result, or throws `timeoutError()` once `timeout` has
/// passed, whichever comes first; cancelling the caller throws `CancellationError`.
///
/// Racing the operation against a timer in a task group is not enough: a group awaits all its
/// children, so an operation that ignores cancellation — a query on a connection whose server
/// hangs, as after its postmaster was killed — would hold the caller (and the single ingest
/// writer behind it) indefinitely. Here the operation runs in its own task, which is cancelled
/// but not awaited when the deadline passes. The deadline is a task scheduled on an event loop
/// (a timer of NIO's, cancelled when the operation ends first), not a sleeping Swift task: a
/// sleep per database operation cost the process several percent of its CPU in timers.
func withHardDeadline<T: Sendable>(
    _ timeout: Duration, timeoutError: @escaping @Sendable () -> any Error, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let pending = NIOLockedValueBox<CheckedContinuation<T, any Error>?>(nil)
    let work = NIOLockedValueBox<Task<Void, Never>?>(nil)
    let timer = NIOLockedValueBox<Scheduled<Void>?>(nil)
    // Resumes the caller once; the first result wins, the work is cancelled and the timer too.
    let finish: @Sendable (Result<T, any Error>) -> Void = { result in
        guard let continuation = pending.withLockedValue({ value in defer { value = nil }; return value }) else { return }
        continuation.resume(with: result)
        work.withLockedValue { $0 }?.cancel()
        timer.withLockedValue { $0 }?.cancel()
    }
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            pending.withLockedValue { $0 = continuation }
            timer.withLockedValue {
                $0 = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: TimeAmount(timeout)) {
                    finish(.failure(timeoutError()))
                }
            }
            work.withLockedValue {
                $0 = Task {
                    do {
                        finish(.success(try await operation()))
                    } catch {
                        finish(.failure(error))
                    }
                }
            }
            if Task.isCancelled { finish(.failure(CancellationError())) }
        }
    } onCancel: {
        finish(.failure(CancellationError()))
    }
}
