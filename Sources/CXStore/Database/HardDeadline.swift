import NIOConcurrencyHelpers

/// Runs `operation` and returns its result, or throws `timeoutError()` once `timeout` has
/// passed, whichever comes first; cancelling the caller throws `CancellationError`.
///
/// Racing the operation against a timer in a task group is not enough: a group awaits all its
/// children, so an operation that ignores cancellation — a query on a connection whose server
/// hangs, as after its postmaster was killed — would hold the caller (and the single ingest
/// writer behind it) indefinitely. Here the operation runs in its own task, which is cancelled
/// but not awaited when the deadline passes.
func withHardDeadline<T: Sendable>(
    _ timeout: Duration, timeoutError: @escaping @Sendable () -> any Error, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let pending = NIOLockedValueBox<CheckedContinuation<T, any Error>?>(nil)
    let tasks = NIOLockedValueBox<[Task<Void, Never>]>([])
    // Resumes the caller once; the first result wins and both tasks are cancelled.
    let finish: @Sendable (Result<T, any Error>) -> Void = { result in
        guard let continuation = pending.withLockedValue({ value in defer { value = nil }; return value }) else { return }
        continuation.resume(with: result)
        for task in tasks.withLockedValue({ $0 }) { task.cancel() }
    }
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            pending.withLockedValue { $0 = continuation }
            let work = Task {
                do {
                    finish(.success(try await operation()))
                } catch {
                    finish(.failure(error))
                }
            }
            let timer = Task {
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                finish(.failure(timeoutError()))
            }
            tasks.withLockedValue { $0 = [work, timer] }
            if Task.isCancelled { finish(.failure(CancellationError())) }
        }
    } onCancel: {
        finish(.failure(CancellationError()))
    }
}
