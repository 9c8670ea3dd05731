import CXCore
import CXServer
import CXStore
import Foundation
import Logging
import Testing

/// An ``IngestStore`` that records each transaction's size, waits on a gate before the
/// first one so requests pile up, and reports every outcome item as inserted.
private actor RecordingStore: IngestStore {
    private(set) var transactionSizes: [Int] = []
    private var gate: CheckedContinuation<Void, Never>?
    private var gateOpen = false
    private var failing = false

    nonisolated func write(_ batch: IngestBatch) async throws(StoreError) -> IngestResult {
        try await record(batch)
    }

    private func record(_ batch: IngestBatch) async throws(StoreError) -> IngestResult {
        if !gateOpen { await withCheckedContinuation { gate = $0 } }
        transactionSizes.append(batch.count)
        if failing { throw StoreError(.unavailable, "down") }
        return IngestResult(outcomes: batch.outcomes.map { $0.record.value == 1 ? .duplicate : .inserted })
    }

    func open() {
        gateOpen = true
        gate?.resume()
        gate = nil
    }

    func fail() { failing = true }
}

@Suite("Group-commit writer")
struct GroupCommitWriterTests {
    func outcomes(_ count: Int, duplicateEvery: Int = 0) -> IngestBatch {
        IngestBatch(outcomes: (0..<count).map { index in
            let value: Double = duplicateEvery > 0 && index % duplicateEvery == 0 ? 1 : 0
            return TenantScoped(tenant: "t", record: OutcomeRecord(
                eventID: "e\(index)", unit: "u", type: "contact", value: value, occurredAt: Date(), attributes: [:]))
        })
    }

    @Test("requests waiting behind a transaction share the next one, and each gets its own dispositions")
    func combinesWaitingRequests() async throws {
        let store = RecordingStore()
        let writer = GroupCommitWriter(store: store, logger: Logger(label: "test"))
        async let first = writer.submit(outcomes(1))
        try await Task.sleep(for: .milliseconds(100))  // the first transaction is now held at the gate
        let results = try await withThrowingTaskGroup(of: (Int, IngestResult).self) { group in
            for request in 0..<10 {
                group.addTask { (request, try await writer.submit(self.outcomes(3, duplicateEvery: request % 2 == 0 ? 3 : 0))) }
            }
            try await Task.sleep(for: .milliseconds(100))
            await store.open()
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        _ = try await first
        #expect(await store.transactionSizes == [1, 30])
        for (request, result) in results {
            #expect(result.outcomes == (request % 2 == 0 ? [.duplicate, .inserted, .inserted] : [.inserted, .inserted, .inserted]))
        }
    }

    @Test("a failed transaction fails every request in it, and nothing is reported accepted")
    func failurePropagates() async throws {
        let store = RecordingStore()
        await store.open()
        await store.fail()
        let writer = GroupCommitWriter(store: store, logger: Logger(label: "test"))
        await #expect(throws: StoreError.self) { try await writer.submit(outcomes(2)) }
    }

    @Test("a transaction never exceeds the item cap unless one request alone does")
    func respectsCap() async throws {
        let store = RecordingStore()
        let writer = GroupCommitWriter(store: store, maxItemsPerFlush: 10, logger: Logger(label: "test"))
        async let first = writer.submit(outcomes(1))
        try await Task.sleep(for: .milliseconds(100))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for size in [4, 4, 4, 12] {
                group.addTask { _ = try await writer.submit(self.outcomes(size)) }
                try await Task.sleep(for: .milliseconds(20))
            }
            await store.open()
            try await group.waitForAll()
        }
        _ = try await first
        #expect(await store.transactionSizes == [1, 8, 4, 12])
    }
}

/// Refuses any transaction containing the event id "poison", like a database rejecting a row.
private struct PoisonStore: IngestStore {
    func write(_ batch: IngestBatch) async throws(StoreError) -> IngestResult {
        try? await Task.sleep(for: .milliseconds(50))
        if batch.outcomes.contains(where: { $0.record.eventID == "poison" }) { throw StoreError(.failed, "refused") }
        return IngestResult(outcomes: batch.outcomes.map { _ in .inserted })
    }
}

@Suite("Group-commit writer isolation")
struct GroupCommitIsolationTests {
    @Test("a request the database refuses fails alone; the requests that shared its transaction succeed")
    func poisonFailsAlone() async throws {
        let writer = GroupCommitWriter(store: PoisonStore(), logger: Logger(label: "test"))
        func batch(_ id: String) -> IngestBatch {
            IngestBatch(outcomes: [TenantScoped(tenant: "t", record: OutcomeRecord(eventID: id, unit: "u", type: "contact", value: nil, occurredAt: Date(), attributes: [:]))])
        }
        let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
            for id in ["a", "b", "poison", "c", "d"] {
                group.addTask { (id, (try? await writer.submit(batch(id))) != nil) }
            }
            return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes == ["a": true, "b": true, "poison": false, "c": true, "d": true])
    }
}
