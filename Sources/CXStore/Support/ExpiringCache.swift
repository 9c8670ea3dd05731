import NIOConcurrencyHelpers

/// Values by key, each reused until it is `timeToLive` old: the cache of API keys, of tenants'
/// pseudonymisation secrets and of tenants' decide configurations.
///
/// A hit is read under a lock, without suspending (no actor hop on a request's path). When an
/// entry is missing or expired, the first caller starts its load in a task of its own and every
/// concurrent caller of that key waits for the same load, so a popular entry that expires under
/// load is read once, not once per request in flight. A failed load is not remembered: the next
/// caller tries again. ``invalidate(_:)`` drops the entry and any load in flight, whose result
/// is then returned to its callers but not kept.
public final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// Loads a key's value; gets the expired value, if any, to reuse what cannot have changed.
    public typealias Load = @Sendable (_ expired: Value?) async throws -> Value

    private struct Loaded {
        var value: Value
        var expires: ContinuousClock.Instant
    }

    private struct Loading {
        var token: Int
        var task: Task<Value, any Error>
    }

    private struct State {
        var loaded: [Key: Loaded] = [:]
        var loading: [Key: Loading] = [:]
        var nextToken = 0
    }

    private enum Lookup {
        case hit(Value)
        case wait(Task<Value, any Error>)
    }

    /// How long a loaded value is reused.
    public let timeToLive: Duration
    /// When more keys than this are cached, the cache starts over (a bound on memory, e.g.
    /// against requests with many made-up keys).
    public let maximumEntries: Int
    private let state = NIOLockedValueBox(State())

    public init(timeToLive: Duration, maximumEntries: Int = 10_000) {
        self.timeToLive = timeToLive
        self.maximumEntries = maximumEntries
    }

    /// The key's value: cached if younger than ``timeToLive``, else from `load` (shared with
    /// every concurrent caller of the same key).
    public func value(for key: Key, load: @escaping Load) async throws -> Value {
        let lookup = state.withLockedValue { state -> Lookup in
            if let loaded = state.loaded[key], loaded.expires > ContinuousClock.now { return .hit(loaded.value) }
            if let loading = state.loading[key] { return .wait(loading.task) }
            let token = state.nextToken
            state.nextToken += 1
            let expired = state.loaded[key]?.value
            let task = Task { [self] in
                do {
                    let value = try await load(expired)
                    finish(key, token: token, keeping: value)
                    return value
                } catch {
                    finish(key, token: token, keeping: nil)
                    throw error
                }
            }
            state.loading[key] = Loading(token: token, task: task)
            return .wait(task)
        }
        switch lookup {
        case .hit(let value): return value
        case .wait(let task): return try await task.value
        }
    }

    /// Forgets the key's value and any load of it in flight.
    public func invalidate(_ key: Key) {
        state.withLockedValue { state in
            state.loaded[key] = nil
            state.loading[key] = nil
        }
    }

    /// Ends load `token` of `key`, keeping `value` unless the load was invalidated meanwhile.
    private func finish(_ key: Key, token: Int, keeping value: Value?) {
        state.withLockedValue { state in
            guard state.loading[key]?.token == token else { return }
            state.loading[key] = nil
            guard let value else { return }
            if state.loaded.count >= maximumEntries { state.loaded.removeAll() }
            state.loaded[key] = Loaded(value: value, expires: ContinuousClock.now.advanced(by: timeToLive))
        }
    }
}
