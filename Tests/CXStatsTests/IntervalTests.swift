import CXStats
import Testing

/// Reference values: statsmodels 0.15 (proportion_confint wilson, proportions_ztest,
/// confint_proportions_2indep wald, DescrStatsW.tconfint_mean, CompareMeans unequal), Welch also
/// cross-checked against scipy.stats.ttest_ind(equal_var=False) in the generator.
@Suite("Intervals and tests")
struct IntervalTests {
    struct Wilson: Decodable, Sendable { let successes, n: Int; let confidence, lower, upper: Double }
    struct TwoProportion: Decodable, Sendable {
        let successes1, n1, successes2, n2: Int
        let z, p, lower, upper: Double
    }
    struct Mean: Decodable, Sendable {
        let n: Int
        let sum, sumOfSquares, mean, variance, lower, upper, lower90, upper90: Double
    }
    struct Welch: Decodable, Sendable {
        let n1, n2: Int
        let mean1, variance1, mean2, variance2, t, p, df, lower, upper: Double
    }
    struct Reference: Decodable {
        let wilson: [Wilson]
        let twoProportion: [TwoProportion]
        let tInterval: [Mean]
        let welch: [Welch]
    }

    static let reference = Fixtures.load("intervals", as: Reference.self)

    @Test(arguments: reference.wilson)
    func wilson(_ row: Wilson) {
        let interval = Proportion(successes: row.successes, count: row.n).wilsonInterval(confidence: row.confidence)
        #expect(Tolerance.mixed(interval.lower, row.lower))
        #expect(Tolerance.mixed(interval.upper, row.upper))
    }

    @Test func wilsonTextbook() {
        // 0 of 10 at 95 %: [0, 0.2775] (Agresti & Coull 1998, Table 1 style; statsmodels 0.27753279986).
        let interval = Proportion(successes: 0, count: 10).wilsonInterval()
        #expect(interval.lower == 0)
        #expect(abs(interval.upper - 0.277_532_799_862_889_26) < 1e-12)
    }

    @Test(arguments: reference.twoProportion)
    func twoProportion(_ row: TwoProportion) {
        let test = TwoProportionZTest(Proportion(successes: row.successes1, count: row.n1),
                                      Proportion(successes: row.successes2, count: row.n2))
        #expect(Tolerance.mixed(test.test.statistic, row.z))
        #expect(Tolerance.relative(test.test.pValue, row.p))
        let interval = test.interval()
        #expect(Tolerance.mixed(interval.lower, row.lower))
        #expect(Tolerance.mixed(interval.upper, row.upper))
    }

    @Test(arguments: reference.tInterval)
    func tInterval(_ row: Mean) {
        let summary = SufficientStatistics(count: row.n, sum: row.sum, sumOfSquares: row.sumOfSquares).summary
        #expect(Tolerance.mixed(summary.mean, row.mean))
        #expect(Tolerance.relative(summary.variance, row.variance))
        let interval95 = summary.tInterval()
        let interval90 = summary.tInterval(confidence: 0.9)
        #expect(Tolerance.mixed(interval95.lower, row.lower) && Tolerance.mixed(interval95.upper, row.upper))
        #expect(Tolerance.mixed(interval90.lower, row.lower90) && Tolerance.mixed(interval90.upper, row.upper90))
    }

    @Test(arguments: reference.welch)
    func welch(_ row: Welch) {
        let test = WelchTTest(SampleSummary(count: row.n1, mean: row.mean1, variance: row.variance1),
                              SampleSummary(count: row.n2, mean: row.mean2, variance: row.variance2))
        #expect(Tolerance.mixed(test.test.statistic, row.t))
        #expect(Tolerance.relative(test.test.pValue, row.p))
        #expect(Tolerance.relative(test.degreesOfFreedom, row.df))
        let interval = test.interval()
        #expect(Tolerance.mixed(interval.lower, row.lower) && Tolerance.mixed(interval.upper, row.upper))
    }

    @Test func welchByHand() {
        // n=10, ȳ=5, s²=4 vs n=20, ȳ=4, s²=1: SE² = 0.4 + 0.05 = 0.45, t = 1/√0.45 = 1.490712,
        // ν = 0.45² / (0.4²/9 + 0.05²/19) = 11.3744 (worked with pencil and a calculator).
        let test = WelchTTest(SampleSummary(count: 10, mean: 5, variance: 4), SampleSummary(count: 20, mean: 4, variance: 1))
        #expect(abs(test.test.statistic - 1.490_711_984_999_86) < 1e-12)
        #expect(abs(test.degreesOfFreedom - 0.2025 / (0.16 / 9 + 0.0025 / 19)) < 1e-12)
    }

    @Test func degenerateInputsGiveNaN() {
        let allSatisfied = TwoProportionZTest(Proportion(successes: 30, count: 30), Proportion(successes: 40, count: 40))
        #expect(allSatisfied.test.pValue.isNaN)
        let constant = WelchTTest(SampleSummary(count: 5, mean: 3, variance: 0), SampleSummary(count: 5, mean: 3, variance: 0))
        #expect(constant.test.pValue.isNaN && constant.interval().lower.isNaN)
        #expect(SufficientStatistics(count: 1, sum: 4, sumOfSquares: 16).summary.tInterval().lower.isNaN)
    }
}
