import Testing

@testable import CXStore

/// The gate's states: up → down on an unreachable database; while down one probe at a time and
/// every other operation refused; up again as soon as an operation reaches the server.
@Suite("Availability gate")
struct AvailabilityGateTests {
    @Test("an outage lets one probe through at a time and refuses the rest until the server answers")
    func outage() {
        let gate = AvailabilityGate()
        let first = gate.admit()
        #expect(first == .pass)
        gate.finished(first, reachedServer: false)
        #expect(gate.isDown)

        let probe = gate.admit()
        #expect(probe == .probe)
        #expect(gate.admit() == .refuse)
        #expect(gate.admit() == .refuse)
        gate.finished(probe, reachedServer: false)  // still down: the next operation probes again
        #expect(gate.isDown)

        let second = gate.admit()
        #expect(second == .probe)
        gate.finished(second, reachedServer: true)
        #expect(!gate.isDown)
        #expect(gate.admit() == .pass)
    }

    @Test("a cancelled probe frees the probe slot and leaves the gate down")
    func cancelledProbe() {
        let gate = AvailabilityGate()
        gate.finished(gate.admit(), reachedServer: false)
        let probe = gate.admit()
        #expect(gate.admit() == .refuse)
        gate.abandoned(probe)
        #expect(gate.isDown)
        #expect(gate.admit() == .probe)
    }

    @Test("an error the server returned (a failed statement) counts as reaching it")
    func serverError() {
        let gate = AvailabilityGate()
        gate.finished(gate.admit(), reachedServer: false)
        let probe = gate.admit()
        gate.finished(probe, reachedServer: true)
        #expect(gate.admit() == .pass)
    }
}
