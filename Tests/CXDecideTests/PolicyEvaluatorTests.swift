import CXCore
import CXDecide
import CXStats
import CXStore
import Foundation
import Testing

/// Off-policy evaluation of weights on a decision log: the rescoring (engine scores from the
/// model, priors and channel costs), the rewards (contact cost, satisfaction over the response
/// rate) and the doubly robust estimates, against an independent numpy computation of the same
/// five decisions (golden values below).
@Suite("Policy evaluation")
struct PolicyEvaluatorTests {
    static let catalog = [ActionDefinition(key: "a", kind: .offer, channelCosts: [.email: 0.5]),
                          ActionDefinition(key: "b", kind: .service, channelCosts: [.sms: 0.1])]

    static let model: EffectModel = {
        var cells: [EffectModel.Cell] = []
        let estimates: [(Objective, String, Channel, String, Double)] = [
            (.value, "a", .email, "s1", 4), (.value, "b", .sms, "s1", 1), (.value, "a", .email, "s2", -1), (.value, "b", .sms, "s2", 3),
            (.cost, "a", .email, "s1", 0.2), (.cost, "a", .email, "s2", 0.2), (.cost, "b", .sms, "s1", 0), (.cost, "b", .sms, "s2", 0),
            (.satisfaction, "a", .email, "s1", 0.1), (.satisfaction, "a", .email, "s2", 0.1),
            (.satisfaction, "b", .sms, "s1", -0.05), (.satisfaction, "b", .sms, "s2", -0.05),
        ]
        for (objective, action, channel, segment, estimate) in estimates {
            cells.append(.init(action: action, channel: channel, segment: segment, objective: objective, count: 10, raw: nil,
                               rawVariance: nil, estimate: estimate))
        }
        let baselines: [EffectModel.Baseline] = [
            .init(segment: "s1", objective: .value, level: 10), .init(segment: "s2", objective: .value, level: 20),
            .init(segment: "s1", objective: .cost, level: 1), .init(segment: "s2", objective: .cost, level: 2),
            .init(segment: "s1", objective: .satisfaction, level: 0.5), .init(segment: "s2", objective: .satisfaction, level: 0.5),
        ]
        let rates: [EffectModel.ResponseRate] = [
            .init(segment: "s1", action: "a", channel: .email, rate: 0.5), .init(segment: "s1", action: "b", channel: .sms, rate: 0.4),
            .init(segment: "s1", action: "none", channel: nil, rate: 0.5), .init(segment: "*", action: "*", channel: nil, rate: 0.6),
        ]
        return EffectModel(version: "effects-1", fittedAt: Date(timeIntervalSince1970: 0), since: Date(timeIntervalSince1970: 0),
                           asOf: Date(timeIntervalSince1970: 0), windows: [:], cells: cells, baselines: baselines, responseRates: rates)
    }()

    static func decision(_ segment: String, _ candidates: [String], served: Int, propensity: Double, fatigue: Double = 0,
                         rewards: [String: Double], satisfaction: Double?) -> LoggedDecision {
        LoggedDecision(decisionID: UUID().uuidString, segment: segment,
                       candidates: candidates.map { LoggedDecision.Candidate(action: $0, channel: ["a": "email", "b": "sms"][$0]) },
                       servedIndex: served, propensity: propensity, fatigue: fatigue, rewards: rewards, satisfaction: satisfaction)
    }

    static let decisions = [
        decision("s1", ["none", "a", "b"], served: 1, propensity: 0.6, rewards: ["value": 15, "cost": 1], satisfaction: 1),
        decision("s1", ["none", "a", "b"], served: 0, propensity: 0.2, rewards: ["value": 8], satisfaction: nil),
        decision("s2", ["none", "a", "b"], served: 2, propensity: 0.3, fatigue: 0.5, rewards: ["value": 25, "cost": 3], satisfaction: 0),
        decision("s2", ["none", "b"], served: 1, propensity: 0.7, rewards: ["value": 22], satisfaction: 1),
        decision("s1", ["none", "b"], served: 0, propensity: 1, rewards: ["value": 12, "cost": 1], satisfaction: 1),
    ]

    @Test("DR per objective and of λ, SNIPS and ESS equal the numpy reference")
    func golden() throws {
        let evaluator = PolicyEvaluator(groups: LoggedDecisionGroup.grouping(Self.decisions), model: Self.model, catalog: Self.catalog,
                                        lambda: [.value: 1, .cost: -1, .satisfaction: 20], objectives: [.value, .cost, .satisfaction])
        let weights = PolicyWeights(theta: [.value: 1, .cost: -1, .satisfaction: 10], lambda: [.value: 1, .cost: -1, .satisfaction: 20],
                                    inverseTemperature: 0.5, exploration: 0.1)
        let evaluation = try evaluator.evaluate(weights)
        func check(_ estimate: OffPolicyEstimate?, _ value: Double, _ standardError: Double) {
            #expect(abs((estimate?.estimate ?? .nan) - value) < 1e-9)
            #expect(abs((estimate?.standardError ?? .nan) - standardError) < 1e-9)
        }
        check(evaluation.value.estimate, 35.79016017671187, 9.636406628911562)
        check(evaluation.objectives[.value]?.estimate, 16.91374481814278, 2.7790753886619854)
        check(evaluation.objectives[.cost]?.estimate, 1.4811189022704023, 0.7060205002667698)
        check(evaluation.objectives[.satisfaction]?.estimate, 1.0178767130419746, 0.4910853695599881)
        #expect(abs((evaluation.value.estimate.effectiveSampleSize ?? 0) - 3.963011770988354) < 1e-9)
        #expect(abs(evaluation.selfNormalized.estimate - 36.878465817574785) < 1e-9)
    }

    @Test("Evaluating the logging policy itself on its own log gives weights of 1 and the mean reward")
    func onPolicy() throws {
        // One segment, always the same candidates: the logged propensities are the policy's own.
        let weights = PolicyWeights(theta: [.value: 1], lambda: [.value: 1], inverseTemperature: 0.3, exploration: 0.2)
        let engine = try DecisionEngine(catalog: Self.catalog, policy: PolicyVersion(version: "p", modelVersion: "effects-1", weights: weights))
        let decided = try engine.decide(DecisionRequest(profile: CustomerProfile(unit: "u", segment: "s1")), estimates: Self.model, draw: 0.5)
        let propensities = decided.candidates.map(\.propensity)
        let decisions = (0..<30).map { index in
            Self.decision("s1", decided.candidates.map(\.action), served: index % 3, propensity: propensities[index % 3],
                          rewards: ["value": Double(index)], satisfaction: nil)
        }
        let evaluation = try PolicyEvaluator(groups: LoggedDecisionGroup.grouping(decisions), model: Self.model, catalog: Self.catalog, lambda: [.value: 1],
                                             objectives: [.value])
            .evaluate(weights)
        #expect(propensities.count == 3)
        #expect(abs((evaluation.value.estimate.effectiveSampleSize ?? 0) - 30) < 1e-9)
        #expect(abs(evaluation.selfNormalized.estimate - 14.5) < 1e-9)
    }
}
