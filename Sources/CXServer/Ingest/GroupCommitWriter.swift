import CXStore
import Logging

/// Combines concurrent requests' items into one transaction ("group commit").
///
/// Each caller awaits ``submit(_:)``; items queue while a transaction is in progress and
/// the next transaction takes everything queued (up to `maxItemsPerFlush`), so under load
/// many requests share one multi-row statement and one commit. A caller is answered only
/// after its items are committed, with its own dispositions, or with the store's error.
/// One transaction runs at a time: batching, not parallel transactions, gives throughput,
/// and a single writer keeps idempotency decisions simple within the process.
public actor GroupCommitWriter {
    private struct Pending {
        var batch: IngestBatch
        var continuation: CheckedContinuation<IngestResult, any Error>
    }

    private let store: any IngestStore
    private let maxItemsPerFlush: Int
    private let metrics: ServiceMetrics?
    private let logger: Logger
    private var queue: [Pending] = []
    private var queuedItems = 0
    private var flushing = false

    public init(store: any IngestStore, maxItemsPerFlush: Int = 20_000, metrics: ServiceMetrics? = nil, logger: Logger) {
        self.store = store
        self.maxItemsPerFlush = maxItemsPerFlush
        self.metrics = metrics
        self.logger = logger
    }

    /// Writes `batch` together with whatever else is waiting; returns after commit.
    public func submit(_ batch: IngestBatch) async throws -> IngestResult {
        guard !batch.isEmpty else { return IngestResult() }
        return try await withCheckedThrowingContinuation { continuation in
            queue.append(Pending(batch: batch, continuation: continuation))
            queuedItems += batch.count
            metrics?.writerQueued(items: queuedItems)
            if !flushing {
                flushing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !queue.isEmpty {
            var taken: [Pending] = []
            var combined = IngestBatch()
            while let next = queue.first, taken.isEmpty || combined.count + next.batch.count <= maxItemsPerFlush {
                taken.append(queue.removeFirst())
                combined.append(next.batch)
            }
            queuedItems -= combined.count
            metrics?.writerQueued(items: queuedItems)
            metrics?.writerFlush(items: combined.count)
            let started = ContinuousClock.now
            do {
                let result = try await store.write(combined)
                var responseOffset = 0
                var outcomeOffset = 0
                for pending in taken {
                    let responses = Array(result.responses[responseOffset..<responseOffset + pending.batch.responses.count])
                    let outcomes = Array(result.outcomes[outcomeOffset..<outcomeOffset + pending.batch.outcomes.count])
                    responseOffset += pending.batch.responses.count
                    outcomeOffset += pending.batch.outcomes.count
                    pending.continuation.resume(returning: IngestResult(responses: responses, outcomes: outcomes))
                }
                logger.debug("group commit", metadata: [
                    "requests": "\(taken.count)", "items": "\(combined.count)", "duration": "\(ContinuousClock.now - started)",
                ])
            } catch where error.code != .unavailable && taken.count > 1 {
                // Not an outage but data the database refused: write each request alone, so
                // only the request that causes it fails, not the others that shared its transaction.
                logger.warning("group commit failed; retrying requests one by one", metadata: ["error": "\(error)"])
                for pending in taken {
                    do {
                        pending.continuation.resume(returning: try await store.write(pending.batch))
                    } catch {
                        pending.continuation.resume(throwing: error)
                    }
                }
            } catch {
                for pending in taken { pending.continuation.resume(throwing: error) }
            }
            metrics?.writerFlush(items: nil)
        }
        flushing = false
    }
}
