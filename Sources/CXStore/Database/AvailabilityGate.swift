import NIOConcurrencyHelpers

/// Fails fast while the database is known to be down.
///
/// PostgresNIO's pool only gives up on a failing server after a minute of failed connection
/// attempts; until then every operation waits for a connection until its deadline, so during
/// an outage each request would take the full deadline to learn it gets a 503. The gate
/// remembers the outage instead: after an operation finds the database unavailable, one
/// operation at a time goes through as a probe and all others are refused at once; the first
/// operation that reaches the server (success, or an error the server itself returned)
/// reopens it.
final class AvailabilityGate: Sendable {
    /// What an operation may do now.
    enum Admission: Equatable {
        /// The database is up: go.
        case pass
        /// The database is down and no probe is out: go, as the probe.
        case probe
        /// The database is down and a probe is out: fail now.
        case refuse
    }

    private struct State {
        var down = false
        var probing = false
    }

    private let state = NIOLockedValueBox(State())

    /// Whether the gate currently treats the database as down.
    var isDown: Bool { state.withLockedValue(\.down) }

    /// Admits or refuses an operation; a `.probe` must be followed by ``finished(_:reachedServer:)``.
    func admit() -> Admission {
        state.withLockedValue { state in
            guard state.down else { return .pass }
            guard !state.probing else { return .refuse }
            state.probing = true
            return .probe
        }
    }

    /// Records how an admitted operation ended: `reachedServer` when it succeeded or the server
    /// answered with an error of its own; false when the database could not be reached or did
    /// not answer in time. A cancelled operation says nothing about the database: don't call.
    func finished(_ admission: Admission, reachedServer: Bool) {
        state.withLockedValue { state in
            if admission == .probe { state.probing = false }
            state.down = !reachedServer
        }
    }

    /// Releases a probe that ended without telling anything (it was cancelled).
    func abandoned(_ admission: Admission) {
        guard admission == .probe else { return }
        state.withLockedValue { $0.probing = false }
    }
}
