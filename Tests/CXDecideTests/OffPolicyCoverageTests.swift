import CXCore
import CXDecide
import CXSim
import CXStats
import CXStore
import Foundation
import Testing

/// Issue 6: the doubly robust 95% intervals of off-policy evaluation cover the simulator's true
/// value of each candidate at the nominal rate. For each of 200 candidate weight vectors, a
/// fresh log of 1,500 decisions is drawn from ``NBXWorld`` under an exploring logging policy;
/// the reward model is deliberately wrong (every value uplift 3 too high), so coverage rests
/// on the importance-weighted correction, not on a perfect model.
@Suite("Off-policy coverage")
struct OffPolicyCoverageTests {
    static let lambda = NBXWorld.lambda
    static let logging = PolicyWeights(theta: [.value: 1], lambda: lambda, inverseTemperature: 0.3, exploration: 0.3)

    /// The truth with a biased value model, true baselines and true response rates.
    static let model: EffectModel = {
        var cells: [EffectModel.Cell] = []
        for action in NBXWorld.catalog {
            for channel in action.channels {
                for segment in NBXWorld.segments {
                    let effect = NBXWorld.effect(action.key, channel, segment: segment.name)
                    for (objective, estimate) in [(Objective.value, effect.value + 3), (.cost, effect.cost), (.effort, effect.effort),
                                                  (.satisfaction, effect.satisfied)] {
                        cells.append(.init(action: action.key, channel: channel, segment: segment.name, objective: objective, count: 100,
                                           raw: nil, rawVariance: nil, estimate: estimate))
                    }
                }
            }
        }
        let baselines = NBXWorld.segments.flatMap { segment in
            [EffectModel.Baseline(segment: segment.name, objective: .value, level: segment.value),
             .init(segment: segment.name, objective: .cost, level: segment.cost), .init(segment: segment.name, objective: .effort, level: segment.effort),
             .init(segment: segment.name, objective: .satisfaction, level: segment.satisfied)]
        }
        let rates = NBXWorld.segments.flatMap { segment in
            [EffectModel.ResponseRate(segment: segment.name, action: "none", channel: nil, rate: segment.responseRate)]
                + NBXWorld.catalog.flatMap { action in
                    action.channels.map { channel in
                        EffectModel.ResponseRate(segment: segment.name, action: action.key, channel: channel,
                                                 rate: segment.responseRate + NBXWorld.effect(action.key, channel, segment: segment.name).response)
                    }
                }
        }
        return EffectModel(version: "biased", fittedAt: Date(timeIntervalSince1970: 0), since: Date(timeIntervalSince1970: 0),
                           asOf: Date(timeIntervalSince1970: 0), windows: [:], cells: cells, baselines: baselines, responseRates: rates)
    }()

    /// Each segment's candidates with their probabilities under `weights` (scored with the model).
    static func policy(_ weights: PolicyWeights) throws -> [String: [Candidate]] {
        let engine = try DecisionEngine(catalog: NBXWorld.catalog, policy: PolicyVersion(version: "p", modelVersion: "biased", weights: weights))
        var candidates: [String: [Candidate]] = [:]
        for segment in NBXWorld.segments {
            candidates[segment.name] = try engine.decide(DecisionRequest(profile: CustomerProfile(unit: "u", segment: segment.name)),
                                                         estimates: model, draw: 0.5).candidates
        }
        return candidates
    }

    /// The true expected λ-value per decision of the policy: baselines plus Σ π·λΔ.
    static func trueValue(_ candidates: [String: [Candidate]]) -> Double {
        NBXWorld.segments.reduce(0) { total, segment in
            let baseline = segment.value * lambda[.value]! + segment.cost * lambda[.cost]! + segment.effort * lambda[.effort]!
                + segment.satisfied * lambda[.satisfaction]!
            let uplift = candidates[segment.name]!.reduce(0) {
                $0 + $1.propensity * NBXWorld.value($1.action, $1.channel, segment: segment.name)
            }
            return total + segment.share * (baseline + uplift)
        }
    }

    /// A log of `count` decisions under the logging policy.
    static func log(_ count: Int, logging: [String: [Candidate]], using generator: inout SplitMix64) -> [LoggedDecision] {
        (0..<count).map { index in
            let segment = NBXWorld.segment(using: &generator)
            let candidates = logging[segment.name]!
            var draw = Double.random(in: 0..<1, using: &generator)
            let served = candidates.firstIndex { draw -= $0.propensity; return draw < 0 } ?? candidates.count - 1
            let (outcomes, csat) = NBXWorld.respond(segment: segment, action: candidates[served].action, channel: candidates[served].channel,
                                                    using: &generator)
            var rewards: [String: Double] = [:]
            for outcome in outcomes {
                switch outcome.type {
                case "purchase": rewards["value", default: 0] += outcome.value ?? 0
                case "cost": rewards["cost", default: 0] += outcome.value ?? 0
                default: rewards["effort", default: 0] += 1
                }
            }
            return LoggedDecision(decisionID: "d\(index)", segment: segment.name,
                                  candidates: candidates.map { .init(action: $0.action, channel: $0.channel?.rawValue) },
                                  servedIndex: served, propensity: candidates[served].propensity, fatigue: 0, rewards: rewards,
                                  satisfaction: csat.map { $0 >= 4 ? 1 : 0 })
        }
    }

    @Test("DR 95% intervals cover the true value of 200 candidates at the nominal rate")
    func coverage() throws {
        var generator = SplitMix64(seed: 2026)
        let logging = try Self.policy(Self.logging)
        let halton = HaltonSequence(dimensions: 4)
        var covered = 0
        let count = 200
        for index in 1...count {
            let point = halton.point(index)
            let target = PolicyWeights(theta: [.value: 2 * point[0] - 0.5, .cost: -2 * point[1], .effort: -8 * point[2], .satisfaction: 40 * point[3]],
                                       lambda: Self.lambda, inverseTemperature: 0.3, exploration: 0.1)
            let truth = Self.trueValue(try Self.policy(target))
            let decisions = Self.log(1_500, logging: logging, using: &generator)
            let estimate = try PolicyEvaluator(groups: LoggedDecisionGroup.grouping(decisions), model: Self.model, catalog: NBXWorld.catalog, lambda: Self.lambda,
                                               objectives: []).evaluate(target, reporting: []).value.estimate
            if estimate.interval().lower <= truth, truth <= estimate.interval().upper { covered += 1 }
        }
        // Binomial(200, 0.95): 0.95 ± 2.5 sd is [0.91, 0.99].
        let rate = Double(covered) / Double(count)
        #expect(rate >= 0.91 && rate <= 0.99, "coverage \(rate)")
    }
}
