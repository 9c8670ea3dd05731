import CXCore
import CXStats
import CXStore

/// Off-policy evaluation of candidate weights on the decision log (DESIGN.md §7, issue 6).
///
/// Each logged decision is rescored under weights θ′ exactly as the engine would score it with
/// the effect model: S′ = Σⱼ θ′ⱼ·ŝⱼ − fatigue for each surviving candidate (`none` 0), and
/// π′ = (1 − ε)·softmax(β·S′) + ε/K. With the logged propensity of the served candidate, the
/// observed rewards and the reward model q̂ⱼ(x, a) = baselineⱼ(segment) + ŝⱼ(a, c, segment), the
/// ``OffPolicyData`` estimators give the value of π′: doubly robust for each objective and for
/// the business value Σⱼ λⱼ·yⱼ, with SNIPS as a cross-check and Kish's ESS as the gate.
///
/// Rewards: an outcome objective's attributed total (cost plus the served channel's unit cost);
/// satisfaction's is the answer's top-2-box share divided by the cell's response rate (0 without
/// an answer), an inverse response-probability weighted reward whose expectation is the
/// respondents' satisfaction.
public struct PolicyEvaluator: Sendable {
    /// One decision, precomputed for rescoring.
    struct Round: Sendable {
        /// Whether each candidate is `none`.
        var isNone: [Bool]
        /// ŝⱼ per objective (index into ``objectives``) per candidate.
        var uplifts: [[Double]]
        /// q̂ⱼ per objective per candidate.
        var predictions: [[Double]]
        /// The observed reward per objective.
        var rewards: [Double]
        /// Σⱼ λⱼ·q̂ⱼ per candidate and Σⱼ λⱼ·rⱼ: the business value's prediction and reward.
        var valuePredictions: [Double]
        var valueReward: Double
        var served: Int
        var propensity: Double
        var fatigue: Double
    }

    /// The objectives every round carries, in name order.
    public let objectives: [Objective]
    let rounds: [Round]
    private let index: [Objective: Int]

    /// The business value's weights.
    public let lambda: [Objective: Double]

    /// Rounds from `decisions`, scored with `model`'s estimates (priors and channel costs from
    /// `catalog`, as the engine does), valued with `lambda`; `objectives` are the ones rewards
    /// are read for (every objective of λ is added).
    public init(decisions: [LoggedDecision], model: EffectModel, catalog: [ActionDefinition], lambda: [Objective: Double],
                objectives: [Objective]) {
        let objectives = Array(Set(objectives).union(lambda.keys)).sorted()
        self.lambda = lambda
        self.objectives = objectives
        index = Dictionary(uniqueKeysWithValues: objectives.enumerated().map { ($1, $0) })
        let actions = Dictionary(catalog.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        rounds = decisions.map { decision in
            let resolved = decision.candidates.map { candidate -> (ActionDefinition, Channel)? in
                guard candidate.action != ActionDefinition.noneKey, let raw = candidate.channel, let channel = Channel(rawValue: raw) else { return nil }
                return (actions[candidate.action] ?? ActionDefinition(key: candidate.action, kind: .other, channelCosts: [:]), channel)
            }
            let uplifts = objectives.map { objective in
                resolved.map { $0.map { model.uplift(of: objective, action: $0.0, channel: $0.1, segment: decision.segment) } ?? 0 }
            }
            let predictions = objectives.enumerated().map { position, objective in
                uplifts[position].map { model.baseline(of: objective, segment: decision.segment) + $0 }
            }
            let served = resolved[decision.servedIndex]
            let rewards = objectives.map { objective -> Double in
                switch objective {
                case .satisfaction:
                    let candidate = decision.candidates[decision.servedIndex]
                    guard let answer = decision.satisfaction, let rate = model.responseRate(
                        segment: decision.segment, action: candidate.action, channel: candidate.channel.flatMap(Channel.init(rawValue:)))
                    else { return 0 }
                    return answer / rate
                case .cost:
                    return (decision.rewards[objective.name] ?? 0) + (served.map { $0.0.channelCosts[$0.1] ?? 0 } ?? 0)
                default:
                    return decision.rewards[objective.name] ?? 0
                }
            }
            let weights = objectives.map { lambda[$0] ?? 0 }
            return Round(isNone: resolved.map { $0 == nil }, uplifts: uplifts, predictions: predictions, rewards: rewards,
                         valuePredictions: resolved.indices.map { candidate in
                             zip(weights, predictions).reduce(0) { $0 + $1.0 * $1.1[candidate] }
                         },
                         valueReward: zip(weights, rewards).reduce(0) { $0 + $1.0 * $1.1 },
                         served: decision.servedIndex, propensity: decision.propensity, fatigue: decision.fatigue)
        }
    }

    /// The number of logged decisions.
    public var count: Int { rounds.count }

    /// The estimates of the policy with these weights — θ scores, β and ε draw; the value is
    /// judged by the evaluator's ``lambda`` — and of each of `reporting` (default: every objective).
    /// - Throws: ``OffPolicyDataError`` when the log is empty or inconsistent.
    public func evaluate(_ weights: PolicyWeights, reporting: [Objective]? = nil) throws(OffPolicyDataError) -> PolicyEvaluation {
        let reported = (reporting ?? objectives).compactMap { index[$0] }
        let softmax = SoftmaxPolicy(inverseTemperature: weights.inverseTemperature, exploration: weights.exploration)
        let theta = weights.theta.compactMap { objective, weight in index[objective].map { ($0, weight) } }
        var valueRounds: [LoggedRound] = []
        var objectiveRounds = [[LoggedRound]](repeating: [], count: objectives.count)
        valueRounds.reserveCapacity(rounds.count)
        for round in rounds {
            let scores = round.isNone.indices.map { candidate in
                round.isNone[candidate] ? 0 : theta.reduce(-round.fatigue) { $0 + $1.1 * round.uplifts[$1.0][candidate] }
            }
            let probabilities = softmax.probabilities(scores: scores)
            func logged(_ reward: Double, _ predictions: [Double]) -> LoggedRound {
                LoggedRound(reward: reward, loggingPropensity: round.propensity,
                            candidates: CandidateActions(targetProbabilities: probabilities, rewardPredictions: predictions,
                                                         loggedIndex: round.served))
            }
            valueRounds.append(logged(round.valueReward, round.valuePredictions))
            for position in reported {
                objectiveRounds[position].append(logged(round.rewards[position], round.predictions[position]))
            }
        }
        let value = try OffPolicyData(rounds: valueRounds)
        var perObjective: [Objective: PolicyEvaluation.Estimate] = [:]
        for position in reported {
            let objective = objectives[position]
            let data = try OffPolicyData(rounds: objectiveRounds[position])
            perObjective[objective] = .init(estimate: try data.doublyRobust(), contributions: try data.roundRewards(.doublyRobust))
        }
        return PolicyEvaluation(
            value: .init(estimate: try value.doublyRobust(), contributions: try value.roundRewards(.doublyRobust)),
            selfNormalized: try value.selfNormalizedInversePropensityScoring(), objectives: perObjective)
    }
}

/// The off-policy estimates of one policy (``PolicyEvaluator/evaluate(_:)``).
public struct PolicyEvaluation: Sendable {
    /// A doubly robust estimate with its per-decision contributions, for paired comparisons.
    public struct Estimate: Sendable {
        public var estimate: OffPolicyEstimate
        public var contributions: [Double]

        /// The mean difference self − other over the same decisions and its standard error.
        public func difference(from other: Estimate) -> (mean: Double, standardError: Double) {
            let differences = zip(contributions, other.contributions).map { $0 - $1 }
            let summary = SufficientStatistics(count: differences.count, sum: differences.reduce(0, +),
                                               sumOfSquares: differences.reduce(0) { $0 + $1 * $1 }).summary
            return (summary.mean, summary.standardError)
        }
    }

    /// The business value Σⱼ λⱼ·yⱼ per decision (doubly robust).
    public var value: Estimate
    /// SNIPS of the business value, the cross-check.
    public var selfNormalized: OffPolicyEstimate
    /// Each objective's value per decision (doubly robust).
    public var objectives: [Objective: Estimate]
}
