import CXStats
import Testing

/// Reference values: lifelines 0.30 KaplanMeierFitter (survival, exponential-Greenwood interval,
/// median, predict) and logrank_test, the latter cross-checked with scipy.stats.logrank. The
/// Greenwood variances are the formula evaluated on lifelines' event table by the generator.
@Suite("Survival")
struct SurvivalTests {
    struct Step: Decodable, Sendable {
        let time: Double
        let atRisk, events: Int
        let survival, variance: Double
        let lower, upper: Double?
    }
    struct Dataset: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let times: [Double]
        let events: [Bool]
        let steps: [Step]
        let days, survivalAtDays: [Double]
        let median: Double?

        var observations: [SurvivalObservation] {
            zip(times, events).map { SurvivalObservation(time: $0, event: $1) }
        }
        var testDescription: String { name }
    }
    struct LogRank: Decodable, Sendable { let first, second: String; let chi2, p: Double }
    struct Reference: Decodable {
        let kaplanMeier: [Dataset]
        let logRank: [LogRank]
    }

    static let reference = Fixtures.load("survival", as: Reference.self)

    @Test(arguments: reference.kaplanMeier)
    func kaplanMeier(_ dataset: Dataset) {
        let km = KaplanMeier(dataset.observations)
        #expect(km.steps.count == dataset.steps.count)
        for (step, expected) in zip(km.steps, dataset.steps) {
            #expect(step.time == expected.time && step.atRisk == expected.atRisk && step.events == expected.events)
            #expect(Tolerance.mixed(step.survival, expected.survival))
            #expect(Tolerance.mixed(step.variance, expected.variance))
            if let lower = expected.lower, let upper = expected.upper {
                #expect(step.interval.map { Tolerance.mixed($0.lower, lower) && Tolerance.mixed($0.upper, upper) } == true)
            } else {
                #expect(step.interval == nil)
            }
        }
        for (day, expected) in zip(dataset.days, dataset.survivalAtDays) {
            #expect(Tolerance.mixed(km.survival(at: day), expected), "S(\(day))")
        }
        #expect(km.median == dataset.median)
    }

    /// Freireich et al. 1963 leukaemia remission data (6-MP arm), the classic example of Kalbfleisch
    /// & Prentice §1.4 and Collett, Modelling Survival Data, §2.1: Ŝ(6) = 0.857, Ŝ(23) = 0.448,
    /// median 23 weeks; 6-MP vs placebo log-rank χ² = 16.79 (Collett §2.6).
    @Test func freireichTextbook() {
        let sixMP = Self.reference.kaplanMeier[0].observations
        let placebo = Self.reference.kaplanMeier[1].observations
        let km = KaplanMeier(sixMP)
        #expect(abs(km.survival(at: 6) - 0.857) < 5e-4)
        #expect(abs(km.survival(at: 23) - 0.448) < 5e-4)
        #expect(km.median == 23)
        #expect(km.interval(at: 1) == Interval(lower: 1, upper: 1))
        let logRank = LogRankTest(sixMP, placebo)
        #expect(abs(logRank.test.statistic - 16.79) < 5e-3)
        #expect(logRank.observed == 9)
        #expect(logRank.test.degreesOfFreedom == 1)
    }

    @Test func placeboReachesZero() {
        let km = KaplanMeier(Self.reference.kaplanMeier[1].observations)
        #expect(km.survival(at: 23) == 0)
        #expect(km.interval(at: 23) == nil)
        #expect(km.median == 8)
    }

    @Test(arguments: reference.logRank)
    func logRank(_ row: LogRank) {
        let datasets = Dictionary(uniqueKeysWithValues: Self.reference.kaplanMeier.map { ($0.name, $0.observations) })
        let test = LogRankTest(datasets[row.first] ?? [], datasets[row.second] ?? []).test
        #expect(Tolerance.mixed(test.statistic, row.chi2))
        #expect(Tolerance.relative(test.pValue, row.p))
    }

    @Test func medianNotReached() {
        let km = KaplanMeier([SurvivalObservation(time: 5, event: true)]
            + (0..<9).map { SurvivalObservation(time: Double(10 + $0), event: false) })
        #expect(km.median == nil)
        #expect(km.survival(at: 100) == 0.9)
    }
}
