import CXStats
import Testing

/// Bad logs are rejected with an ``OffPolicyDataError`` naming the first bad round.
@Suite("Off-policy data validation")
struct OffPolicyValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let round: LoggedRound
        let code: OffPolicyDataError.Code
    }

    static func candidates(_ probabilities: [Double], _ predictions: [Double]? = nil, logged: Int = 0) -> CandidateActions {
        CandidateActions(targetProbabilities: probabilities,
                         rewardPredictions: predictions ?? probabilities.map { _ in 0.5 }, loggedIndex: logged)
    }

    static let good = LoggedRound(reward: 1, loggingPropensity: 0.5, candidates: candidates([0.5, 0.5]))

    static let cases: [Case] = [
        Case(testDescription: "propensity 0", round: LoggedRound(reward: 1, loggingPropensity: 0, targetProbability: 0.5),
             code: .invalidPropensity),
        Case(testDescription: "negative propensity",
             round: LoggedRound(reward: 1, loggingPropensity: -0.1, targetProbability: 0.5), code: .invalidPropensity),
        Case(testDescription: "propensity above 1",
             round: LoggedRound(reward: 1, loggingPropensity: 1.2, targetProbability: 0.5), code: .invalidPropensity),
        Case(testDescription: "NaN propensity",
             round: LoggedRound(reward: 1, loggingPropensity: .nan, targetProbability: 0.5), code: .invalidPropensity),
        Case(testDescription: "NaN reward",
             round: LoggedRound(reward: .nan, loggingPropensity: 0.5, targetProbability: 0.5), code: .invalidReward),
        Case(testDescription: "infinite reward",
             round: LoggedRound(reward: .infinity, loggingPropensity: 0.5, targetProbability: 0.5), code: .invalidReward),
        Case(testDescription: "target probability above 1",
             round: LoggedRound(reward: 1, loggingPropensity: 0.5, targetProbability: 1.5), code: .invalidProbability),
        Case(testDescription: "negative candidate probability",
             round: LoggedRound(reward: 1, loggingPropensity: 0.5, candidates: candidates([1.2, -0.2])),
             code: .invalidProbability),
        Case(testDescription: "probabilities summing to 0.9",
             round: LoggedRound(reward: 1, loggingPropensity: 0.5, candidates: candidates([0.5, 0.4])),
             code: .probabilitiesDoNotSumToOne),
        Case(testDescription: "probabilities summing to 1.0001",
             round: LoggedRound(reward: 1, loggingPropensity: 0.5, candidates: candidates([0.5, 0.5001])),
             code: .probabilitiesDoNotSumToOne),
        Case(testDescription: "no candidates",
             round: LoggedRound(reward: 1, loggingPropensity: 0.5, candidates: candidates([])), code: .invalidCandidates),
        Case(testDescription: "fewer predictions than probabilities",
             round: LoggedRound(reward: 1, loggingPropensity: 0.5, candidates: candidates([0.5, 0.5], [0.1])),
             code: .invalidCandidates),
        Case(testDescription: "logged index out of range",
             round: LoggedRound(reward: 1, loggingPropensity: 0.5, candidates: candidates([0.5, 0.5], logged: 2)),
             code: .invalidCandidates),
        Case(testDescription: "NaN reward prediction",
             round: LoggedRound(reward: 1, loggingPropensity: 0.5, candidates: candidates([0.5, 0.5], [0.1, .nan])),
             code: .invalidRewardPrediction),
    ]

    @Test("A bad round is rejected with its code and index", arguments: cases)
    func rejectsBadRound(_ bad: Case) {
        do {
            _ = try OffPolicyData(rounds: [Self.good, Self.good, bad.round, Self.good])
            Issue.record("\(bad.testDescription) was accepted")
        } catch {
            #expect(error.code == bad.code)
            #expect(error.round == 2)
            #expect(error.description.hasPrefix("round 2: "))
        }
    }

    @Test("No rounds is an error")
    func rejectsEmpty() {
        #expect(throws: OffPolicyDataError(code: .noRounds, message: "there are no logged rounds to evaluate")) {
            try OffPolicyData(rounds: [])
        }
    }

    @Test("Sums within obp's np.allclose tolerance are accepted, e.g. rows rounded to 6 decimals")
    func acceptsRoundedProbabilities() throws {
        // Three thirds rounded to 6 decimals sum to 0.999999; a softmax + ε row may exceed 1 by an ulp.
        let rounded = LoggedRound(reward: 1, loggingPropensity: 0.333333,
                                  candidates: Self.candidates([0.333333, 0.333333, 0.333333]))
        let ulpOver = LoggedRound(reward: 1, loggingPropensity: 1.0.nextUp, targetProbability: 1.0.nextUp)
        let data = try OffPolicyData(rounds: [rounded, ulpOver])
        #expect(data.count == 2)
    }

    @Test("DM and DR need candidates on every round")
    func rewardModelRequired() throws {
        let data = try OffPolicyData(rounds: [Self.good, LoggedRound(reward: 0, loggingPropensity: 0.5, targetProbability: 1)])
        #expect(!data.hasRewardModel)
        #expect(data.inversePropensityScoring().estimate == 0.5) // w = 1, 2; r = 1, 0
        for estimator in [OffPolicyEstimator.directMethod, .doublyRobust] {
            #expect(estimator.needsRewardModel)
            do {
                _ = try data.estimate(estimator)
                Issue.record("\(estimator) ran without a reward model")
            } catch {
                #expect(error.code == .missingRewardModel)
                #expect(error.round == 1)
            }
        }
    }
}
