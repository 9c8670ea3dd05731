import CXStats
import Testing

/// Every estimator against the Open Bandit Pipeline: obp 0.5.7 `InverseProbabilityWeighting`,
/// `SelfNormalizedInverseProbabilityWeighting`, `DirectMethod` and `DoublyRobust`
/// (`estimate_policy_value`, `_estimate_round_rewards`), numpy ddof = 1 standard deviations and
/// scipy's Φ⁻¹(0.975), written by `Fixtures/off-policy/make_fixtures.py`.
///
/// Agreement required: 1e-10, absolute below 1 and relative above (`Tolerance.mixed`), far
/// inside the 1e-6 asked for; the implementations agree to better than 1e-13, the only
/// difference being numpy's pairwise summation order.
@Suite("Off-policy estimators against obp 0.5.7")
struct OffPolicyFixtureTests {
    static let tolerance = 1e-10

    static func close(_ actual: Double, _ expected: Double) -> Bool {
        Tolerance.mixed(actual, expected, tolerance)
    }

    @Test("Each estimate, standard error and 95% interval matches obp", arguments: OffPolicyFixtures.cases)
    func estimatesMatchObp(_ fixture: OffPolicyCase) throws {
        let data = try OffPolicyData(rounds: fixture.fullRounds)
        for estimator in OffPolicyEstimator.allCases {
            let expected = fixture.policy.expected.estimate(estimator)
            let actual = try data.estimate(estimator)
            #expect(actual.estimator == estimator)
            #expect(actual.count == fixture.dataset.rounds.reward.count)
            #expect(Self.close(actual.estimate, expected.estimate), "\(estimator): \(actual.estimate) vs obp \(expected.estimate)")
            #expect(Self.close(actual.estimate, expected.roundMean))
            #expect(Self.close(actual.standardError, expected.standardError),
                    "\(estimator): SE \(actual.standardError) vs \(expected.standardError)")
            let interval = actual.interval()
            #expect(Self.close(interval.lower, expected.ci95[0]))
            #expect(Self.close(interval.upper, expected.ci95[1]))
        }
    }

    @Test("Effective sample size and weights match numpy on obp's inputs", arguments: OffPolicyFixtures.cases)
    func weightsMatch(_ fixture: OffPolicyCase) throws {
        let data = try OffPolicyData(rounds: fixture.fullRounds)
        let expected = fixture.policy.expected.importanceWeights
        #expect(Self.close(data.effectiveSampleSize, expected.effectiveSampleSize))
        #expect(Self.close(data.importanceWeights.reduce(0, +), expected.sum))
        #expect(Self.close(data.importanceWeights.map { $0 * $0 }.reduce(0, +), expected.sumOfSquares))
        #expect(data.importanceWeights.max() == expected.max)
        #expect(try data.directMethod().effectiveSampleSize == nil)
        for estimator in [OffPolicyEstimator.inversePropensityScoring, .selfNormalizedInversePropensityScoring, .doublyRobust] {
            let ess = try #require(try data.estimate(estimator).effectiveSampleSize)
            #expect(Self.close(ess, expected.effectiveSampleSize))
        }
    }

    @Test("Rounds without candidates give the same IPS and SNIPS", arguments: OffPolicyFixtures.cases)
    func weightOnlyRoundsAgree(_ fixture: OffPolicyCase) throws {
        let full = try OffPolicyData(rounds: fixture.fullRounds)
        let weightOnly = try OffPolicyData(rounds: fixture.weightOnlyRounds)
        #expect(!weightOnly.hasRewardModel && full.hasRewardModel)
        #expect(weightOnly.inversePropensityScoring() == full.inversePropensityScoring())
        #expect(try weightOnly.selfNormalizedInversePropensityScoring() == full.selfNormalizedInversePropensityScoring())
    }

    @Test("Per-round contributions match obp's _estimate_round_rewards on the tiny dataset")
    func roundRewardsMatchObp() throws {
        let fixture = try #require(OffPolicyFixtures.cases.first { $0.dataset.name == "tiny" })
        let data = try OffPolicyData(rounds: fixture.fullRounds)
        for estimator in OffPolicyEstimator.allCases {
            let expected = try #require(fixture.policy.expected.estimate(estimator).roundRewards)
            let actual = try data.roundRewards(estimator)
            #expect(actual.count == expected.count)
            for (a, e) in zip(actual, expected) {
                #expect(Self.close(a, e), "\(estimator): \(actual) vs obp \(expected)")
            }
        }
    }
}
