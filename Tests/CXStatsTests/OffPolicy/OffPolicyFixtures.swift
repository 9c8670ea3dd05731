import CXStats
import Foundation
import Testing

/// The JSON files of `Fixtures/off-policy/` (README there): logged data, target policies and
/// what obp 0.5.7 estimated for them.
enum OffPolicyFixtures {
    /// The datasets written by `make_fixtures.py`.
    static let datasetNames = ["tiny", "synthetic-4-actions", "skewed-20-actions", "variable-candidates"]

    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/off-policy")
        else { fatalError("missing fixture off-policy/\(name).json; run Fixtures/off-policy/make_fixtures.py") }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(T.self, from: Data(contentsOf: url))
        } catch {
            fatalError("off-policy/\(name).json does not decode: \(error)")
        }
    }

    /// Every (dataset, target policy) pair.
    static let cases: [OffPolicyCase] = datasetNames.flatMap { name in
        let dataset = load(name, as: OffPolicyDataset.self)
        return dataset.policies.indices.map { OffPolicyCase(dataset: dataset, policyIndex: $0) }
    }
}

/// One dataset file: per-context logging and reward-model rows, and rounds that point at them.
struct OffPolicyDataset: Decodable, Sendable {
    struct Contexts: Decodable, Sendable {
        /// π₀(·|x) per context (the logged propensity is `logging[context][action]`).
        let logging: [[Double]]
        /// q̂(x,·) per context.
        let rewardModel: [[Double]]
    }

    struct Rounds: Decodable, Sendable {
        let context: [Int]
        let action: [Int]
        let reward: [Double]
    }

    struct Policy: Decodable, Sendable {
        let name: String
        /// π(·|x) per context.
        let target: [[Double]]
        let expected: Expected
    }

    struct Expected: Decodable, Sendable {
        let ipw, snipw, dm, dr: Estimate
        let importanceWeights: Weights

        func estimate(_ estimator: OffPolicyEstimator) -> Estimate {
            switch estimator {
            case .inversePropensityScoring: ipw
            case .selfNormalizedInversePropensityScoring: snipw
            case .directMethod: dm
            case .doublyRobust: dr
            }
        }
    }

    /// obp's `estimate_policy_value` and statistics of its `_estimate_round_rewards`.
    struct Estimate: Decodable, Sendable {
        let estimate: Double
        let roundMean: Double
        let roundStdDdof1: Double
        let standardError: Double
        let ci95: [Double]
        let roundRewards: [Double]?
    }

    struct Weights: Decodable, Sendable {
        let sum, sumOfSquares, max, effectiveSampleSize: Double
    }

    let name: String
    let contexts: Contexts
    let rounds: Rounds
    let policies: [Policy]
}

/// One target policy evaluated on one dataset.
struct OffPolicyCase: Sendable, CustomTestStringConvertible {
    let dataset: OffPolicyDataset
    let policyIndex: Int

    var policy: OffPolicyDataset.Policy { dataset.policies[policyIndex] }
    var testDescription: String { "\(dataset.name)/\(policy.name)" }

    /// Rounds with candidates (target row, reward-model row, logged index), as DM and DR need.
    var fullRounds: [LoggedRound] {
        (0 ..< dataset.rounds.reward.count).map { i in
            let context = dataset.rounds.context[i], action = dataset.rounds.action[i]
            return LoggedRound(
                reward: dataset.rounds.reward[i],
                loggingPropensity: dataset.contexts.logging[context][action],
                candidates: CandidateActions(targetProbabilities: policy.target[context],
                                             rewardPredictions: dataset.contexts.rewardModel[context],
                                             loggedIndex: action))
        }
    }

    /// The same rounds with only π(aᵢ|xᵢ), as IPS and SNIPS need.
    var weightOnlyRounds: [LoggedRound] {
        fullRounds.map {
            LoggedRound(reward: $0.reward, loggingPropensity: $0.loggingPropensity,
                        targetProbability: $0.targetProbability)
        }
    }
}
