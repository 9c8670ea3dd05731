import Testing

@testable import CXStats

/// The grouped estimators equal the per-round ones (themselves matched to obp) on the same log
/// expanded round by round: DR, SNIPS, ESS and the paired difference of two target policies.
@Suite("Off-policy evaluation from grouped rounds")
struct GroupedOffPolicyTests {
    /// Normalised random probabilities over `count` candidates.
    static func distribution(_ count: Int, using generator: inout SplitMix64) -> [Double] {
        let raw = (0..<count).map { _ in Double.random(in: 0.05...1, using: &generator) }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }

    /// 40 groups of 1–60 rounds over 2–6 candidates, with skewed rewards and two target policies.
    static func log() -> (groups: [LoggedRoundGroup], other: [LoggedRoundGroup], rewards: [[Double]]) {
        var generator = SplitMix64(seed: 2026)
        var groups: [LoggedRoundGroup] = []
        var other: [LoggedRoundGroup] = []
        var rewards: [[Double]] = []
        for _ in 0..<40 {
            let count = Int.random(in: 2...6, using: &generator)
            let logged = Int.random(in: 0..<count, using: &generator)
            let predictions = (0..<count).map { _ in Double.random(in: -5...20, using: &generator) }
            let values = (0..<Int.random(in: 1...60, using: &generator)).map { _ in
                Double.random(in: 0...1, using: &generator) < 0.3 ? Double.random(in: 0...100, using: &generator) : 0
            }
            let statistics = SufficientStatistics(count: values.count, sum: values.reduce(0, +), sumOfSquares: values.reduce(0) { $0 + $1 * $1 })
            let propensity = Double.random(in: 0.02...1, using: &generator)
            func group(_ probabilities: [Double]) -> LoggedRoundGroup {
                LoggedRoundGroup(rewards: statistics, loggingPropensity: propensity,
                                 candidates: CandidateActions(targetProbabilities: probabilities, rewardPredictions: predictions,
                                                              loggedIndex: logged))
            }
            groups.append(group(distribution(count, using: &generator)))
            other.append(group(distribution(count, using: &generator)))
            rewards.append(values)
        }
        return (groups, other, rewards)
    }

    static func rounds(_ groups: [LoggedRoundGroup], _ rewards: [[Double]]) throws -> OffPolicyData {
        try OffPolicyData(rounds: zip(groups, rewards).flatMap { group, values in
            values.map { LoggedRound(reward: $0, loggingPropensity: group.loggingPropensity, candidates: group.candidates) }
        })
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(b)) }

    @Test("DR, SNIPS and ESS from the groups equal the estimators over the expanded rounds")
    func estimates() throws {
        let (groups, _, rewards) = Self.log()
        let grouped = try GroupedOffPolicyData(groups: groups)
        let expanded = try Self.rounds(groups, rewards)
        #expect(grouped.count == expanded.count)
        for (mine, theirs) in [(grouped.doublyRobust(), try expanded.doublyRobust()),
                               (try grouped.selfNormalizedInversePropensityScoring(), try expanded.selfNormalizedInversePropensityScoring())] {
            #expect(Self.close(mine.estimate, theirs.estimate), "\(mine.estimator): \(mine.estimate) vs \(theirs.estimate)")
            #expect(Self.close(mine.standardError, theirs.standardError), "\(mine.estimator): \(mine.standardError) vs \(theirs.standardError)")
            #expect(mine.count == theirs.count)
        }
        #expect(Self.close(grouped.effectiveSampleSize, expanded.effectiveSampleSize))
    }

    @Test("The paired DR difference of two policies equals the differences of their round contributions")
    func pairedDifference() throws {
        let (groups, other, rewards) = Self.log()
        let mine = try GroupedOffPolicyData(groups: groups)
        let theirs = try GroupedOffPolicyData(groups: other)
        let differences = zip(mine.doublyRobustContributions, theirs.doublyRobustContributions).map { $0 - $1 }
        let total = RoundContributions.total(differences, over: groups.map(\.rewards)).summary
        let perRound = zip(try Self.rounds(groups, rewards).roundRewards(.doublyRobust), try Self.rounds(other, rewards).roundRewards(.doublyRobust))
            .map { $0 - $1 }
        let reference = SampleSummary(frequencies: perRound.map { ($0, 1) })
        #expect(Self.close(total.mean, reference.mean))
        #expect(Self.close(total.standardError, reference.standardError))
    }

    @Test("An empty log, an empty group or a bad propensity is refused, naming the group")
    func refused() {
        let candidates = CandidateActions(targetProbabilities: [0.5, 0.5], rewardPredictions: [0, 1], loggedIndex: 0)
        #expect(throws: OffPolicyDataError.self) { try GroupedOffPolicyData(groups: []) }
        let empty = LoggedRoundGroup(rewards: SufficientStatistics(count: 0, sum: 0, sumOfSquares: 0), loggingPropensity: 0.5,
                                     candidates: candidates)
        #expect { try GroupedOffPolicyData(groups: [empty]) } throws: { ($0 as? OffPolicyDataError)?.round == 0 }
        let good = LoggedRoundGroup(rewards: SufficientStatistics(count: 2, sum: 1, sumOfSquares: 1), loggingPropensity: 0.5, candidates: candidates)
        let bad = LoggedRoundGroup(rewards: good.rewards, loggingPropensity: 0, candidates: candidates)
        #expect { try GroupedOffPolicyData(groups: [good, bad]) } throws: { ($0 as? OffPolicyDataError)?.code == .invalidPropensity && ($0 as? OffPolicyDataError)?.round == 1 }
    }
}
