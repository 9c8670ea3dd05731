import NIOConcurrencyHelpers
import Testing

@testable import CXStore

/// The shared cache of keys, pseudonymisation secrets and decide configurations: hits until the
/// time to live, one load for many concurrent misses, failures not kept, invalidation honoured.
@Suite("Expiring cache")
struct ExpiringCacheTests {
    /// Counts loads and lets a test hold them until it opens the gate.
    private final class Loader: Sendable {
        private struct State {
            var loads = 0
            var expired: [Int?] = []
            var gate: [CheckedContinuation<Void, Never>] = []
            var open = true
        }

        private let state = NIOLockedValueBox(State())

        var loads: Int { state.withLockedValue(\.loads) }
        var expired: [Int?] { state.withLockedValue(\.expired) }
        var waiting: Int { state.withLockedValue(\.gate.count) }

        func close() { state.withLockedValue { $0.open = false } }

        func open() {
            let waiters = state.withLockedValue { state in
                state.open = true
                defer { state.gate = [] }
                return state.gate
            }
            for waiter in waiters { waiter.resume() }
        }

        /// Loads `value` (after the gate opens), recording the expired value it was given.
        func load(_ value: Int, expired: Int?) async -> Int {
            state.withLockedValue {
                $0.loads += 1
                $0.expired.append(expired)
            }
            await withCheckedContinuation { continuation in
                let pass = state.withLockedValue { state in
                    if !state.open { state.gate.append(continuation) }
                    return state.open
                }
                if pass { continuation.resume() }
            }
            return value
        }
    }

    private struct Failure: Error {}

    @Test("a value is reused within its time to live, per key")
    func reusesWithinTimeToLive() async throws {
        let cache = ExpiringCache<String, Int>(timeToLive: .seconds(60))
        let loader = Loader()
        #expect(try await cache.value(for: "a") { await loader.load(1, expired: $0) } == 1)
        #expect(try await cache.value(for: "a") { await loader.load(2, expired: $0) } == 1)
        #expect(try await cache.value(for: "b") { await loader.load(3, expired: $0) } == 3)
        #expect(loader.loads == 2)
    }

    @Test("an expired value is reloaded, and the load is given the expired value")
    func reloadsWhenExpired() async throws {
        let cache = ExpiringCache<String, Int>(timeToLive: .zero)
        let loader = Loader()
        #expect(try await cache.value(for: "a") { await loader.load(1, expired: $0) } == 1)
        #expect(try await cache.value(for: "a") { await loader.load(4, expired: $0) } == 4)
        #expect(loader.expired == [nil, 1])
    }

    @Test("concurrent misses of one key share a single load")
    func singleFlight() async throws {
        let cache = ExpiringCache<String, Int>(timeToLive: .seconds(60))
        let loader = Loader()
        loader.close()
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for attempt in 0..<50 {
                group.addTask { try await cache.value(for: "tenant") { await loader.load(attempt, expired: $0) } }
            }
            while loader.waiting == 0 { await Task.yield() }
            // Give every submission time to find the load in flight before it ends.
            try await Task.sleep(for: .milliseconds(100))
            loader.open()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(loader.loads == 1)
        #expect(Set(values).count == 1 && values.count == 50)
    }

    @Test("a failed load is not kept: the next caller loads again")
    func failureNotKept() async throws {
        let cache = ExpiringCache<String, Int>(timeToLive: .seconds(60))
        await #expect(throws: Failure.self) { try await cache.value(for: "a") { _ in throw Failure() } }
        #expect(try await cache.value(for: "a") { _ in 7 } == 7)
    }

    @Test("invalidate drops the value and a load in flight, whose result is not kept")
    func invalidate() async throws {
        let cache = ExpiringCache<String, Int>(timeToLive: .seconds(60))
        let loader = Loader()
        #expect(try await cache.value(for: "a") { await loader.load(1, expired: $0) } == 1)
        cache.invalidate("a")
        loader.close()
        async let stale = cache.value(for: "a") { await loader.load(2, expired: $0) }
        while loader.waiting == 0 { await Task.yield() }
        cache.invalidate("a")
        loader.open()
        #expect(try await stale == 2)
        #expect(try await cache.value(for: "a") { await loader.load(3, expired: $0) } == 3)
        #expect(loader.expired == [nil, nil, nil])
    }

    @Test("beyond its bound the cache starts over instead of growing")
    func bounded() async throws {
        let cache = ExpiringCache<Int, Int>(timeToLive: .seconds(60), maximumEntries: 3)
        let loader = Loader()
        for key in 0..<4 { _ = try await cache.value(for: key) { await loader.load(key, expired: $0) } }
        _ = try await cache.value(for: 3) { await loader.load(-1, expired: $0) }
        _ = try await cache.value(for: 0) { await loader.load(0, expired: $0) }
        #expect(loader.loads == 5)
    }
}
