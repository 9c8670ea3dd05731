import NIOConcurrencyHelpers
import Testing

@testable import CXStore

/// Group commit per key: waiting items share batches, no key is in two batches (or twice in
/// one) at once, no more batches run than allowed, and each submitter gets its own result.
@Suite("Keyed batcher")
struct KeyedBatcherTests {
    /// What the batches saw, recorded by the run closure.
    private final class Recorder: Sendable {
        private struct State {
            var batches: [[Int]] = []
            var inFlight: Set<String> = []
            var running = 0
            var mostRunning = 0
            var violations: [String] = []
        }

        private let state = NIOLockedValueBox(State())
        let key: @Sendable (Int) -> String

        init(key: @escaping @Sendable (Int) -> String) {
            self.key = key
        }

        var batches: [[Int]] { state.withLockedValue(\.batches) }
        var mostRunning: Int { state.withLockedValue(\.mostRunning) }
        var violations: [String] { state.withLockedValue(\.violations) }

        func started(_ batch: [Int]) {
            state.withLockedValue { state in
                state.batches.append(batch)
                state.running += 1
                state.mostRunning = max(state.mostRunning, state.running)
                for item in batch where !state.inFlight.insert(key(item)).inserted {
                    state.violations.append("key \(key(item)) of item \(item) was already in flight")
                }
            }
        }

        func ended(_ batch: [Int]) {
            state.withLockedValue { state in
                state.running -= 1
                for item in batch { state.inFlight.remove(key(item)) }
            }
        }
    }

    /// Opens once, releasing every waiter.
    private final class Latch: Sendable {
        private let state = NIOLockedValueBox<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

        func wait() async {
            await withCheckedContinuation { continuation in
                let open = state.withLockedValue { state in
                    if !state.open { state.waiters.append(continuation) }
                    return state.open
                }
                if open { continuation.resume() }
            }
        }

        func open() {
            let waiters = state.withLockedValue { state in
                state.open = true
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    @Test("an idle submission is a batch of one; items that wait meanwhile share the next batches, up to the maximum")
    func batching() async throws {
        let recorder = Recorder { "\($0)" }
        let latch = Latch()
        let batcher = KeyedBatcher<Int, Int>(maximumBatch: 3, maximumConcurrentBatches: 1) { batch in
            recorder.started(batch)
            if batch == [0] { await latch.wait() }
            recorder.ended(batch)
            return batch.map { .success($0 * 10) }
        }
        try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            group.addTask { (0, try await batcher.submit(0, key: "0")) }
            while recorder.batches.isEmpty { await Task.yield() }
            for item in 1...5 {
                group.addTask { (item, try await batcher.submit(item, key: "\(item)")) }
                while batcher.waitingCount < item { await Task.yield() }
            }
            latch.open()
            for try await (item, result) in group {
                #expect(result == item * 10)
            }
        }
        #expect(recorder.batches == [[0], [1, 2, 3], [4, 5]])
    }

    @Test("concurrent submissions: each key in one batch at a time, at most the allowed batches at once, every result its own")
    func concurrency() async throws {
        let recorder = Recorder { "unit-\($0 % 7)" }
        let batcher = KeyedBatcher<Int, Int>(maximumBatch: 8, maximumConcurrentBatches: 3) { batch in
            recorder.started(batch)
            try? await Task.sleep(for: .milliseconds(2))
            recorder.ended(batch)
            return batch.map { $0 % 5 == 0 ? .failure(Refused(item: $0)) : .success(-$0) }
        }
        try await withThrowingTaskGroup(of: (Int, Result<Int, Refused>).self) { group in
            for item in 0..<300 {
                group.addTask {
                    do {
                        return (item, .success(try await batcher.submit(item, key: recorder.key(item))))
                    } catch let refused as Refused {
                        return (item, .failure(refused))
                    }
                }
            }
            for try await (item, result) in group {
                #expect(result == (item % 5 == 0 ? .failure(Refused(item: item)) : .success(-item)))
            }
        }
        #expect(recorder.violations == [])
        #expect(recorder.mostRunning <= 3)
        #expect(recorder.batches.flatMap { $0 }.sorted() == Array(0..<300))
        #expect(recorder.batches.contains { $0.count > 1 }, "300 concurrent submissions over 3 slots must share batches")
        #expect(batcher.waitingCount == 0)
    }

    @Test("cancelling the submitter that leads a batch fails none of it")
    func cancelledLeader() async throws {
        let recorder = Recorder { "\($0)" }
        let (first, second) = (Latch(), Latch())
        let batcher = KeyedBatcher<Int, Int>(maximumBatch: 8, maximumConcurrentBatches: 1) { batch in
            recorder.started(batch)
            await (batch == [0] ? first : second).wait()
            recorder.ended(batch)
            return batch.map { Task.isCancelled ? .failure(CancellationError()) : .success($0) }
        }
        let leader = Task { try await batcher.submit(0, key: "0") }
        while recorder.batches.isEmpty { await Task.yield() }
        // 1 and 2 wait; when [0] ends, 1 leads the batch [1, 2].
        let cancelled = Task { try await batcher.submit(1, key: "1") }
        while batcher.waitingCount < 1 { await Task.yield() }
        let follower = Task { try await batcher.submit(2, key: "2") }
        while batcher.waitingCount < 2 { await Task.yield() }
        first.open()
        while recorder.batches.count < 2 { await Task.yield() }
        cancelled.cancel()
        second.open()
        #expect(try await leader.value == 0)
        #expect(try await cancelled.value == 1)
        #expect(try await follower.value == 2)
        #expect(recorder.batches == [[0], [1, 2]])
    }

    private struct Refused: Error, Equatable {
        var item: Int
    }
}
