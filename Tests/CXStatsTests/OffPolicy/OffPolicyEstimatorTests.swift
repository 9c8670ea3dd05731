import CXStats
import Testing

/// A three-round case worked by hand, and properties every estimator must have.
@Suite("Off-policy estimators: hand-computed case and invariants")
struct OffPolicyEstimatorTests {
    /// Three decisions with different candidate sets (2, 3 and 1 candidates):
    ///
    /// | i | π(·\|x) | q̂(x,·) | aᵢ | pᵢ | rᵢ | wᵢ | q̂(x,π) | DR contribution |
    /// |---|---|---|---|---|---|---|---|---|
    /// | 1 | 0.8, 0.2 | 0.6, 0.2 | 0 | 0.5 | 1 | 1.6 | 0.52 | 0.52 + 1.6·0.4 = 1.16 |
    /// | 2 | 0.5, 0.25, 0.25 | 0.4, 0, 1 | 2 | 0.25 | 0 | 1 | 0.45 | 0.45 − 1 = −0.55 |
    /// | 3 | 1 | 0.3 | 0 | 1 | 0.5 | 1 | 0.3 | 0.3 + 0.2 = 0.5 |
    static let handRounds = [
        LoggedRound(reward: 1, loggingPropensity: 0.5,
                    candidates: CandidateActions(targetProbabilities: [0.8, 0.2], rewardPredictions: [0.6, 0.2],
                                                 loggedIndex: 0)),
        LoggedRound(reward: 0, loggingPropensity: 0.25,
                    candidates: CandidateActions(targetProbabilities: [0.5, 0.25, 0.25],
                                                 rewardPredictions: [0.4, 0, 1], loggedIndex: 2)),
        LoggedRound(reward: 0.5, loggingPropensity: 1,
                    candidates: CandidateActions(targetProbabilities: [1], rewardPredictions: [0.3], loggedIndex: 0)),
    ]

    static func close(_ actual: Double, _ expected: Double) -> Bool { abs(actual - expected) <= 1e-12 }

    @Test("IPS by hand: contributions 1.6, 0, 0.5")
    func inversePropensityByHand() throws {
        let estimate = try OffPolicyData(rounds: Self.handRounds).inversePropensityScoring()
        // Mean 2.1/3 = 0.7; deviations 0.9, −0.7, −0.2, Σd² = 1.34, s² = 0.67, SE = √(0.67/3).
        #expect(Self.close(estimate.estimate, 0.7))
        #expect(Self.close(estimate.standardError, (0.67 / 3).squareRoot()))
        let margin = 1.959_963_984_540_054 * (0.67 / 3).squareRoot() // scipy norm.ppf(0.975)
        #expect(Self.close(estimate.interval().lower, 0.7 - margin))
        #expect(Self.close(estimate.interval().upper, 0.7 + margin))
        // ESS = (1.6 + 1 + 1)² / (1.6² + 1 + 1) = 12.96/4.56 = 54/19.
        #expect(Self.close(try #require(estimate.effectiveSampleSize), 54.0 / 19))
        #expect(estimate.count == 3)
    }

    @Test("SNIPS by hand: Σwr/Σw = 2.1/3.6 = 7/12")
    func selfNormalizedByHand() throws {
        let estimate = try OffPolicyData(rounds: Self.handRounds).selfNormalizedInversePropensityScoring()
        #expect(Self.close(estimate.estimate, 7.0 / 12))
        // Contributions wᵢrᵢ/mean(w), mean(w) = 1.2: 4/3, 0, 5/12, whose mean is 7/12;
        // deviations 3/4, −7/12, −1/6 give Σd² = 81/144 + 49/144 + 4/144 = 134/144.
        #expect(Self.close(estimate.standardError, (134.0 / 144 / 2 / 3).squareRoot()))
    }

    @Test("DM by hand: mean of 0.52, 0.45, 0.3")
    func directMethodByHand() throws {
        let estimate = try OffPolicyData(rounds: Self.handRounds).directMethod()
        #expect(Self.close(estimate.estimate, 1.27 / 3))
        // Deviations from 1.27/3: 0.29/3, 0.08/3, −0.37/3; Σd² = (0.0841 + 0.0064 + 0.1369)/9.
        #expect(Self.close(estimate.standardError, (0.2274 / 9 / 2 / 3).squareRoot()))
        #expect(estimate.effectiveSampleSize == nil)
    }

    @Test("DR by hand: mean of 1.16, −0.55, 0.5")
    func doublyRobustByHand() throws {
        let estimate = try OffPolicyData(rounds: Self.handRounds).doublyRobust()
        #expect(Self.close(estimate.estimate, 0.37))
        // Deviations 0.79, −0.92, 0.13; Σd² = 0.6241 + 0.8464 + 0.0169 = 1.4874.
        #expect(Self.close(estimate.standardError, (1.4874 / 2 / 3).squareRoot()))
    }

    @Test("Target equal to the logging policy: weights 1, ESS n, IPS = SNIPS = mean reward")
    func targetEqualsLogging() throws {
        let rewards = [1.0, 0, 0.5, 2, 0]
        let propensities = [0.3, 0.7, 0.125, 1, 0.05]
        let rounds = zip(rewards, propensities).map {
            LoggedRound(reward: $0, loggingPropensity: $1, targetProbability: $1)
        }
        let data = try OffPolicyData(rounds: rounds)
        #expect(data.importanceWeights == Array(repeating: 1, count: 5))
        #expect(data.effectiveSampleSize == 5)
        let ips = data.inversePropensityScoring()
        let snips = try data.selfNormalizedInversePropensityScoring()
        #expect(Self.close(ips.estimate, 0.7))
        #expect(Self.close(snips.estimate, 0.7))
        #expect(Self.close(ips.standardError, snips.standardError))
        let fixture = try #require(OffPolicyFixtures.cases.first { $0.testDescription == "synthetic-4-actions/logging" })
        let logged = try OffPolicyData(rounds: fixture.fullRounds)
        #expect(logged.importanceWeights.allSatisfy { $0 == 1 })
        #expect(logged.effectiveSampleSize == Double(logged.count))
    }

    @Test("SNIPS is invariant to scaling every weight; IPS scales with it", arguments: [0.5, 0.1, 1e-3])
    func selfNormalizedScaleInvariance(_ factor: Double) throws {
        let base = Self.handRounds
        let scaled = base.map {
            LoggedRound(reward: $0.reward, loggingPropensity: $0.loggingPropensity,
                        targetProbability: $0.targetProbability * factor)
        }
        let original = try OffPolicyData(rounds: base)
        let shrunk = try OffPolicyData(rounds: scaled)
        let a = try original.selfNormalizedInversePropensityScoring()
        let b = try shrunk.selfNormalizedInversePropensityScoring()
        #expect(Self.close(a.estimate, b.estimate))
        #expect(Self.close(a.standardError, b.standardError))
        #expect(Self.close(try #require(a.effectiveSampleSize), try #require(b.effectiveSampleSize)))
        #expect(Self.close(shrunk.inversePropensityScoring().estimate, factor * original.inversePropensityScoring().estimate))
    }

    @Test("DR equals IPS when q̂ ≡ 0, and DM when q̂(x,aᵢ) = rᵢ")
    func doublyRobustLimits() throws {
        let zeroModel = Self.handRounds.map { round in
            let c = round.candidates!
            return LoggedRound(reward: round.reward, loggingPropensity: round.loggingPropensity,
                               candidates: CandidateActions(targetProbabilities: c.targetProbabilities,
                                                            rewardPredictions: c.rewardPredictions.map { _ in 0 },
                                                            loggedIndex: c.loggedIndex))
        }
        let zero = try OffPolicyData(rounds: zeroModel)
        #expect(Self.close(try zero.doublyRobust().estimate, zero.inversePropensityScoring().estimate))
        #expect(Self.close(try zero.doublyRobust().standardError, zero.inversePropensityScoring().standardError))

        let exactModel = Self.handRounds.map { round in
            let c = round.candidates!
            var predictions = c.rewardPredictions
            predictions[c.loggedIndex] = round.reward
            return LoggedRound(reward: round.reward, loggingPropensity: round.loggingPropensity,
                               candidates: CandidateActions(targetProbabilities: c.targetProbabilities,
                                                            rewardPredictions: predictions, loggedIndex: c.loggedIndex))
        }
        let exact = try OffPolicyData(rounds: exactModel)
        #expect(Self.close(try exact.doublyRobust().estimate, try exact.directMethod().estimate))
    }

    @Test("One round: an estimate, with NaN standard error and interval")
    func singleRound() throws {
        let data = try OffPolicyData(rounds: [Self.handRounds[0]])
        let estimate = data.inversePropensityScoring()
        #expect(estimate.estimate == 1.6)
        #expect(estimate.standardError.isNaN)
        #expect(estimate.interval().lower.isNaN)
        #expect(data.effectiveSampleSize == 1)
    }

    @Test("A deterministic target that never picks a logged action: IPS 0, ESS 0, SNIPS throws")
    func noOverlap() throws {
        let rounds = [LoggedRound(reward: 1, loggingPropensity: 0.5, targetProbability: 0),
                      LoggedRound(reward: 0, loggingPropensity: 0.2, targetProbability: 0)]
        let data = try OffPolicyData(rounds: rounds)
        #expect(data.inversePropensityScoring().estimate == 0)
        #expect(data.effectiveSampleSize == 0)
        do {
            _ = try data.selfNormalizedInversePropensityScoring()
            Issue.record("SNIPS returned an estimate for 0/0")
        } catch {
            #expect(error.code == .noOverlap)
        }
    }
}
