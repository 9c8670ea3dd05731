import CXStats
import Testing

@Suite("Net Promoter Score")
struct NetPromoterScoreTests {
    struct Row: Decodable, Sendable {
        let n, promoters, detractors: Int
        let score, standardError, adjustedCentre, adjustedStandardError, lower, upper: Double
    }

    struct Reference: Decodable { let nps: [Row] }

    static let reference = Fixtures.load("intervals", as: Reference.self)

    /// Issue 4's golden case (DESIGN.md §6; Rocks 2016's adjusted Wald): n = 400, P = 200, D = 80.
    @Test func golden() {
        let nps = NetPromoterScore(promoters: 200, detractors: 80, count: 400)
        #expect(nps.score == 30)
        #expect((nps.standardError * 1000).rounded() / 1000 == 3.905)
        #expect((nps.adjustedScore * 100).rounded() / 100 == 29.78)
    }

    /// NPS has no library implementation; these rows are the DESIGN.md §6 formulas evaluated in
    /// Python by make_fixtures.py, with z from scipy.stats.norm.
    @Test(arguments: reference.nps)
    func formulas(_ row: Row) {
        let nps = NetPromoterScore(promoters: row.promoters, detractors: row.detractors, count: row.n)
        #expect(Tolerance.mixed(nps.score, row.score))
        #expect(Tolerance.mixed(nps.standardError, row.standardError))
        #expect(Tolerance.mixed(nps.adjustedScore, row.adjustedCentre))
        #expect(Tolerance.mixed(nps.adjustedStandardError, row.adjustedStandardError))
        let interval = nps.interval()
        #expect(Tolerance.mixed(interval.lower, row.lower) && Tolerance.mixed(interval.upper, row.upper))
        #expect(interval.lower >= -100 && interval.upper <= 100)
    }

    @Test func weekOverWeek() {
        // 30 (SE 3.905125) vs 20 (P = 180, D = 100 of 400: SE 100·√(0.66/400) = 4.062019):
        // z = 10/√(3.905125² + 4.062019²) = 1.774713, two-sided p = 0.075945 (scipy.stats.norm.sf).
        let result = NetPromoterScore.zTest(NetPromoterScore(promoters: 200, detractors: 80, count: 400),
                                            NetPromoterScore(promoters: 180, detractors: 100, count: 400))
        #expect(abs(result.statistic - 1.774_713_018_832_227_8) < 1e-12)
        #expect(Tolerance.relative(result.pValue, 0.075_945_284_590_290_2))
        #expect(result.degreesOfFreedom == nil)
    }
}
