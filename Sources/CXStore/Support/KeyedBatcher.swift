import NIOConcurrencyHelpers

/// Runs submitted items in batches, at most a few batches at a time, never two items with the
/// same key at once: group commit for work that must be serialised per key (a unit's decide
/// reads the contacts the previous one wrote).
///
/// There is no background task. A submitter that finds a free slot leads: it runs a batch of
/// its own item and whatever else is waiting (up to `maximumBatch`), answers the others, then
/// hands its slot to the oldest waiting item it can, which leads the next batch. When idle, a
/// submission is a batch of one and waits for nothing; under load batches grow by themselves.
/// An item whose key is in a running batch waits for that batch to end, so a batch's keys are
/// distinct and no two running batches share one. A batch runs to its end even when the
/// submitter leading it is cancelled.
final class KeyedBatcher<Item: Sendable, Output: Sendable>: Sendable {
    /// Runs one batch; returns one result per item, in order.
    typealias Run = @Sendable ([Item]) async -> [Result<Output, any Error>]

    private enum Turn: Sendable {
        case lead
        case done(Result<Output, any Error>)
    }

    private struct Waiter {
        var item: Item
        var key: String
        var continuation: CheckedContinuation<Turn, Never>
    }

    private struct State {
        var waiting: [Waiter] = []
        var running = 0
        var inFlight: Set<String> = []

        /// Takes up to `limit` waiters whose keys are free, oldest first, marking their keys.
        mutating func take(upTo limit: Int) -> [Waiter] {
            var taken: [Waiter] = []
            var index = 0
            while taken.count < limit, index < waiting.count {
                if inFlight.contains(waiting[index].key) {
                    index += 1
                } else {
                    inFlight.insert(waiting[index].key)
                    taken.append(waiting.remove(at: index))
                }
            }
            return taken
        }

        /// Waiters to wake as leaders of new batches, one per free slot.
        mutating func leaders(slots: Int) -> [Waiter] {
            let leaders = take(upTo: slots - running)
            running += leaders.count
            return leaders
        }
    }

    /// The most items in one batch.
    let maximumBatch: Int
    /// The most batches running at once.
    let maximumConcurrentBatches: Int
    private let run: Run
    private let state = NIOLockedValueBox(State())

    /// How many submissions are waiting for a batch.
    var waitingCount: Int { state.withLockedValue(\.waiting.count) }

    init(maximumBatch: Int, maximumConcurrentBatches: Int, run: @escaping Run) {
        precondition(maximumBatch > 0 && maximumConcurrentBatches > 0, "a batcher needs room for one batch of one")
        self.maximumBatch = maximumBatch
        self.maximumConcurrentBatches = maximumConcurrentBatches
        self.run = run
    }

    /// Runs `item` in a batch and returns its result; items with equal `key` run one after another.
    func submit(_ item: Item, key: String) async throws -> Output {
        let turn = await withCheckedContinuation { continuation in
            let leaders = state.withLockedValue { state in
                state.waiting.append(Waiter(item: item, key: key, continuation: continuation))
                return state.leaders(slots: maximumConcurrentBatches)
            }
            for leader in leaders { leader.continuation.resume(returning: .lead) }
        }
        switch turn {
        case .done(let result):
            return try result.get()
        case .lead:
            return try await lead(item, key: key).get()
        }
    }

    /// Runs a batch of `item` (whose key is marked) and the waiters that fit, answers them, and
    /// passes the slot on.
    private func lead(_ item: Item, key: String) async -> Result<Output, any Error> {
        let followers = state.withLockedValue { $0.take(upTo: maximumBatch - 1) }
        // In a task of its own: cancelling the leader's request must not fail its followers'.
        let results = await Task { [run] in await run([item] + followers.map(\.item)) }.value
        precondition(results.count == followers.count + 1, "a batch answers each of its items")
        for (follower, result) in zip(followers, results.dropFirst()) {
            follower.continuation.resume(returning: .done(result))
        }
        let leaders = state.withLockedValue { state in
            state.inFlight.remove(key)
            for follower in followers { state.inFlight.remove(follower.key) }
            state.running -= 1
            return state.leaders(slots: maximumConcurrentBatches)
        }
        for leader in leaders { leader.continuation.resume(returning: .lead) }
        return results[0]
    }
}
