import CXStats
import Testing

/// Reference values: statsmodels.stats.multitest.multipletests, methods "holm" and "fdr_bh".
@Suite("Multiple testing")
struct MultipleTestingTests {
    struct Family: Decodable, Sendable { let p, holm, bh: [Double] }

    static let families = Fixtures.load("multiple_testing", as: [Family].self)

    @Test(arguments: families)
    func matchesStatsmodels(_ family: Family) {
        let holm = MultipleTesting.holm(family.p)
        let bh = MultipleTesting.benjaminiHochberg(family.p)
        #expect(zip(holm, family.holm).allSatisfy { Tolerance.relative($0, $1) })
        #expect(zip(bh, family.bh).allSatisfy { Tolerance.relative($0, $1) })
        #expect(holm.count == family.p.count && bh.count == family.p.count)
    }

    @Test func byHand() {
        // Holm, sorted 0.005, 0.01, 0.03, 0.04: ×4, ×3, ×2, ×1 = 0.02, 0.03, 0.06, 0.04 → running max.
        #expect(MultipleTesting.holm([0.01, 0.04, 0.03, 0.005]) == [0.03, 0.06, 0.06, 0.02])
        // BH: 4/1·0.005, 4/2·0.01, 4/3·0.03, 4/4·0.04 = 0.02, 0.02, 0.04, 0.04 → running min from the top.
        #expect(zip(MultipleTesting.benjaminiHochberg([0.01, 0.04, 0.03, 0.005]), [0.02, 0.04, 0.04, 0.02])
            .allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(MultipleTesting.holm([0.6, 0.9]) == [1, 1])
        #expect(MultipleTesting.holm([]).isEmpty)
    }

    @Test func nanIsLeftOutOfTheFamily() {
        let adjusted = MultipleTesting.holm([0.01, .nan, 0.02])
        #expect(adjusted[0] == 0.02 && adjusted[1].isNaN && adjusted[2] == 0.02)
    }
}
