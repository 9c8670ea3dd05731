import Testing

@testable import CXDecide

/// Seeded draws repeat per (seed, tenant, experiment, unit) and are uniform over [0, 1).
@Suite("Decision draws")
struct DecisionDrawsTests {
    @Test("a seeded draw is fixed by its seed and names, and different names draw differently")
    func repeatable() {
        let draws = DecisionDraws.seeded(42)
        let first = draws.draw(tenant: "acme", experiment: "x", unit: "u-1")
        #expect(first == draws.draw(tenant: "acme", experiment: "x", unit: "u-1"))
        #expect(first != draws.draw(tenant: "acme", experiment: "x", unit: "u-2"))
        #expect(first != draws.draw(tenant: "acme", experiment: nil, unit: "u-1"))
        #expect(first != draws.draw(tenant: "other", experiment: "x", unit: "u-1"))
        #expect(first != DecisionDraws.seeded(43).draw(tenant: "acme", experiment: "x", unit: "u-1"))
    }

    @Test("10,000 seeded draws lie in [0, 1) with the uniform's mean and spread (within 4 SE)")
    func uniform() {
        let values = (0..<10_000).map { DecisionDraws.seeded(7).draw(tenant: "acme", experiment: nil, unit: "u-\($0)") }
        #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = values.reduce(0, +) / Double(values.count)
        #expect(abs(mean - 0.5) < 4 * (1.0 / 12).squareRoot() / 100)
        let belowTenth = Double(values.filter { $0 < 0.1 }.count) / Double(values.count)
        #expect(abs(belowTenth - 0.1) < 4 * (0.1 * 0.9 / 10_000).squareRoot())
        #expect((0..<100).allSatisfy { _ in (0..<1).contains(DecisionDraws.random.draw(tenant: "a", experiment: nil, unit: "u")) })
    }
}
