import CXCore
import CXStats
import CXStore

/// Off-policy evaluation of candidate weights on the decision log (DESIGN.md §7, issue 6).
///
/// The log comes grouped by signature (``LoggedDecisionGroup``): every decision of a group has
/// the same candidates, propensities and predictions, so each estimator's per-decision
/// contribution is affine in the reward and the group's reward moments give it exactly
/// (``GroupedOffPolicyData``); rescoring is done once per (segment, survivors, fatigue).
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
    /// What the decisions of several groups share for rescoring: segment, survivors, fatigue.
    struct Context: Sendable {
        /// Whether each candidate is `none`.
        var isNone: [Bool]
        /// ŝⱼ per objective (index into ``objectives``) per candidate.
        var uplifts: [[Double]]
        /// q̂ⱼ per objective per candidate.
        var predictions: [[Double]]
        /// Σⱼ λⱼ·q̂ⱼ per candidate: the business value's prediction.
        var valuePredictions: [Double]
        var fatigue: Double
    }

    /// One group of decisions: its context, the served candidate and its propensity, and the
    /// statistics of its rewards per objective and of Σⱼ λⱼ·rⱼ.
    struct Group: Sendable {
        var context: Int
        var served: Int
        var propensity: Double
        var rewards: [SufficientStatistics]
        var valueRewards: SufficientStatistics
    }

    /// The objectives every group carries, in name order.
    public let objectives: [Objective]
    let contexts: [Context]
    let groups: [Group]
    private let index: [Objective: Int]

    /// The business value's weights.
    public let lambda: [Objective: Double]

    /// The evaluator of the log `groups`, scored with `model`'s estimates (priors and channel
    /// costs from `catalog`, as the engine does), valued with `lambda`; `objectives` are the
    /// ones rewards are read for (every objective of λ is added).
    public init(groups: [LoggedDecisionGroup], model: EffectModel, catalog: [ActionDefinition], lambda: [Objective: Double],
                objectives: [Objective]) {
        let objectives = Array(Set(objectives).union(lambda.keys)).sorted()
        self.lambda = lambda
        self.objectives = objectives
        index = Dictionary(uniqueKeysWithValues: objectives.enumerated().map { ($1, $0) })
        let actions = Dictionary(catalog.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let weights = objectives.map { lambda[$0] ?? 0 }
        var contexts: [Context] = []
        var positions: [ContextKey: Int] = [:]
        self.groups = groups.map { group in
            let resolved = group.candidates.map { candidate -> (ActionDefinition, Channel)? in
                guard candidate.action != ActionDefinition.noneKey, let raw = candidate.channel, let channel = Channel(rawValue: raw) else { return nil }
                return (actions[candidate.action] ?? ActionDefinition(key: candidate.action, kind: .other, channelCosts: [:]), channel)
            }
            let key = ContextKey(segment: group.segment, candidates: group.candidates, fatigue: group.fatigue)
            let context = positions[key] ?? {
                let uplifts = objectives.map { objective in
                    resolved.map { $0.map { model.uplift(of: objective, action: $0.0, channel: $0.1, segment: group.segment) } ?? 0 }
                }
                let predictions = objectives.enumerated().map { position, objective in
                    uplifts[position].map { model.baseline(of: objective, segment: group.segment) + $0 }
                }
                contexts.append(Context(isNone: resolved.map { $0 == nil }, uplifts: uplifts, predictions: predictions,
                                        valuePredictions: resolved.indices.map { candidate in
                                            zip(weights, predictions).reduce(0) { $0 + $1.0 * $1.1[candidate] }
                                        },
                                        fatigue: group.fatigue))
                positions[key] = contexts.count - 1
                return contexts.count - 1
            }()
            // Each objective's reward is affine in one component of the group's reward vector.
            let rewards = objectives.map { objective in Self.reward(objective, of: group, served: resolved[group.servedIndex], model: model) }
            var valueCoefficients = [Double](repeating: 0, count: group.rewardNames.count)
            var valueIntercept = 0.0
            for (weight, reward) in zip(weights, rewards) {
                valueIntercept += weight * reward.intercept
                if let component = reward.component { valueCoefficients[component] += weight * reward.slope }
            }
            return Group(context: context, served: group.servedIndex, propensity: group.propensity,
                         rewards: rewards.map { $0.statistics(of: group.rewards) },
                         valueRewards: group.rewards.statistics(intercept: valueIntercept, coefficients: valueCoefficients))
        }
        self.contexts = contexts
    }

    /// What decisions of one context share.
    private struct ContextKey: Hashable {
        var segment: String
        var candidates: [LoggedDecision.Candidate]
        var fatigue: Double
    }

    /// An objective's reward as a + b·y of one component of the reward vector (none: a alone).
    private struct AffineReward {
        var intercept: Double
        var slope: Double
        var component: Int?

        func statistics(of rewards: MomentSums) -> SufficientStatistics {
            var coefficients = [Double](repeating: 0, count: rewards.sums.count)
            if let component { coefficients[component] = slope }
            return rewards.statistics(intercept: intercept, coefficients: coefficients)
        }
    }

    /// The reward of `objective` for the group's decisions: the attributed total, plus the
    /// served channel's unit cost for cost; for satisfaction the answer over the cell's response
    /// rate (0 without a rate).
    private static func reward(_ objective: Objective, of group: LoggedDecisionGroup, served: (ActionDefinition, Channel)?,
                               model: EffectModel) -> AffineReward {
        let component = group.rewardNames.firstIndex(of: objective == .satisfaction ? LoggedDecisionGroup.satisfaction : objective.name)
        switch objective {
        case .satisfaction:
            let candidate = group.candidates[group.servedIndex]
            let rate = model.responseRate(segment: group.segment, action: candidate.action,
                                          channel: candidate.channel.flatMap(Channel.init(rawValue:)))
            return AffineReward(intercept: 0, slope: rate.map { 1 / $0 } ?? 0, component: component)
        case .cost:
            return AffineReward(intercept: served.map { $0.0.channelCosts[$0.1] ?? 0 } ?? 0, slope: 1, component: component)
        default:
            return AffineReward(intercept: 0, slope: 1, component: component)
        }
    }

    /// The number of logged decisions.
    public var count: Int { groups.reduce(0) { $0 + $1.valueRewards.count } }

    /// The estimates of the policy with these weights — θ scores, β and ε draw; the value is
    /// judged by the evaluator's ``lambda`` — and of each of `reporting` (default: every objective).
    /// - Throws: ``OffPolicyDataError`` when the log is empty or inconsistent.
    public func evaluate(_ weights: PolicyWeights, reporting: [Objective]? = nil) throws(OffPolicyDataError) -> PolicyEvaluation {
        let reported = (reporting ?? objectives).compactMap { index[$0] }
        let softmax = SoftmaxPolicy(inverseTemperature: weights.inverseTemperature, exploration: weights.exploration)
        let theta = weights.theta.compactMap { objective, weight in index[objective].map { ($0, weight) } }
        let probabilities = contexts.map { context in
            softmax.probabilities(scores: context.isNone.indices.map { candidate in
                context.isNone[candidate] ? 0 : theta.reduce(-context.fatigue) { $0 + $1.1 * context.uplifts[$1.0][candidate] }
            })
        }
        func data(_ rewards: (Group) -> SufficientStatistics, _ predictions: (Context) -> [Double]) throws(OffPolicyDataError)
            -> GroupedOffPolicyData {
            try GroupedOffPolicyData(groups: groups.map { group in
                LoggedRoundGroup(rewards: rewards(group), loggingPropensity: group.propensity,
                                 candidates: CandidateActions(targetProbabilities: probabilities[group.context],
                                                              rewardPredictions: predictions(contexts[group.context]), loggedIndex: group.served))
            })
        }
        let value = try data(\.valueRewards, \.valuePredictions)
        var perObjective: [Objective: PolicyEvaluation.Estimate] = [:]
        for position in reported {
            perObjective[objectives[position]] = .init(try data({ $0.rewards[position] }, { $0.predictions[position] }))
        }
        return PolicyEvaluation(value: .init(value), selfNormalized: try value.selfNormalizedInversePropensityScoring(),
                                objectives: perObjective)
    }
}

/// The off-policy estimates of one policy (``PolicyEvaluator/evaluate(_:)``).
public struct PolicyEvaluation: Sendable {
    /// A doubly robust estimate with its contributions per group of decisions, for paired comparisons.
    public struct Estimate: Sendable {
        public var estimate: OffPolicyEstimate
        let contributions: [RoundContributions]
        let rewards: [SufficientStatistics]

        init(_ data: GroupedOffPolicyData) {
            contributions = data.doublyRobustContributions
            rewards = data.groups.map(\.rewards)
            estimate = data.estimate(.doublyRobust, contributions: contributions)
        }

        /// The mean difference self − other over the same decisions and its standard error.
        public func difference(from other: Estimate) -> (mean: Double, standardError: Double) {
            let summary = RoundContributions.total(zip(contributions, other.contributions).map { $0 - $1 }, over: rewards).summary
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
