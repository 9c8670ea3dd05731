import CXStats
import Testing

/// The NBX policy (1 − ε)·softmax(β·S) + ε/K (DESIGN.md §7).
@Suite("Softmax + ε policy")
struct SoftmaxPolicyTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let scores: [Double]
        let beta, epsilon: Double
        let probabilities: [Double]
        var testDescription: String { "β=\(beta) ε=\(epsilon) S=\(scores)" }
    }

    struct Reference: Decodable { let cases: [Case] }

    /// numpy float64 of the same formula (`Fixtures/off-policy/softmax.json`).
    static let reference = OffPolicyFixtures.load("softmax", as: Reference.self).cases

    @Test("Probabilities match numpy and sum to 1", arguments: reference)
    func matchesNumpy(_ row: Case) {
        let probabilities = SoftmaxPolicy(inverseTemperature: row.beta, exploration: row.epsilon)
            .probabilities(scores: row.scores)
        #expect(probabilities.count == row.probabilities.count)
        for (actual, expected) in zip(probabilities, row.probabilities) {
            #expect(abs(actual - expected) <= 1e-15, "\(probabilities) vs numpy \(row.probabilities)")
        }
        #expect(abs(probabilities.reduce(0, +) - 1) <= 1e-14)
    }

    @Test("Every candidate keeps at least ε/K", arguments: [0.0, 0.01, 0.2, 1])
    func explorationFloor(_ epsilon: Double) {
        let scores = [5.0, -3, 0.2, 40, -40, 1.5]
        let probabilities = SoftmaxPolicy(inverseTemperature: 20, exploration: epsilon).probabilities(scores: scores)
        #expect(probabilities.allSatisfy { $0 >= epsilon / 6 })
        #expect(abs(probabilities.reduce(0, +) - 1) <= 1e-14)
        if epsilon == 1 { #expect(probabilities.allSatisfy { abs($0 - 1.0 / 6) <= 1e-15 }) }
    }

    @Test("β = 0 is uniform whatever the scores")
    func zeroTemperatureIsUniform() {
        let probabilities = SoftmaxPolicy(inverseTemperature: 0, exploration: 0.3).probabilities(scores: [1e6, -2, 0, 7])
        #expect(probabilities == [0.25, 0.25, 0.25, 0.25])
    }

    @Test("Huge scores and β stay finite; higher scores get more probability")
    func stableAndMonotone() {
        let scores = [1e300, 9e299, -1e300, 0]
        let probabilities = SoftmaxPolicy(inverseTemperature: 1e3, exploration: 0.1).probabilities(scores: scores)
        #expect(probabilities.allSatisfy { $0.isFinite })
        #expect(abs(probabilities[0] - (0.9 + 0.025)) <= 1e-15)
        #expect(abs(probabilities.reduce(0, +) - 1) <= 1e-14)

        let moderate = SoftmaxPolicy(inverseTemperature: 2, exploration: 0.05).probabilities(scores: [0.1, 0.4, -0.3])
        #expect(moderate[1] > moderate[0] && moderate[0] > moderate[2])
    }

    @Test("The policy's probabilities are valid OPE target probabilities")
    func feedsOffPolicyData() throws {
        let policy = SoftmaxPolicy(inverseTemperature: 3, exploration: 0.1)
        let target = policy.probabilities(scores: [0.2, 0.9, 0.4])
        let round = LoggedRound(reward: 1, loggingPropensity: 1.0 / 3,
                                candidates: CandidateActions(targetProbabilities: target,
                                                             rewardPredictions: [0.2, 0.9, 0.4], loggedIndex: 1))
        let data = try OffPolicyData(rounds: [round])
        #expect(abs(data.importanceWeights[0] - 3 * target[1]) <= 1e-15)
    }
}
