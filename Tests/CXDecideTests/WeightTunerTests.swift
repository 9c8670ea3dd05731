import CXCore
import CXStats
import CXStore
import Testing

@testable import CXDecide

/// The tuner's candidates: Halton points plus θ ∝ λ, each on production's score scale, screened
/// and ranked as documented.
@Suite("Weight tuning")
struct WeightTunerTests {
    static let production = PolicyWeights(theta: [.value: 1], lambda: [.value: 1, .cost: -1, .satisfaction: 20],
                                          inverseTemperature: 0.5, exploration: 0.1)

    @Test("every candidate keeps production's scale; θ ∝ λ is among them; survivors are ranked by their upper bound")
    func candidates() throws {
        let groups = LoggedDecisionGroup.grouping(Array(repeating: PolicyEvaluatorTests.decisions, count: 40).flatMap { $0 })
        let evaluator = PolicyEvaluator(groups: groups, model: PolicyEvaluatorTests.model, catalog: PolicyEvaluatorTests.catalog,
                                        lambda: Self.production.lambda, objectives: [.satisfaction])
        var settings = WeightTuner.Settings()
        settings.candidates = 32
        settings.minimumEffectiveSampleSize = 0
        settings.guardrails = [.satisfaction]
        settings.top = 100
        let result = try WeightTuner(settings: settings).tune(production: Self.production, evaluator: evaluator,
                                                               model: PolicyEvaluatorTests.model, catalog: PolicyEvaluatorTests.catalog)
        #expect(result.drawn == 33)
        #expect(result.production.number == 0)
        #expect(result.survivors == result.top.count)
        #expect(result.drawn + 1 - result.survivors == result.refusals.values.reduce(0, +))
        #expect(zip(result.top, result.top.dropFirst()).allSatisfy { $0.valueUpperBound >= $1.valueUpperBound })

        let spreads = WeightTuner.spreads(of: Self.production.objectives, model: PolicyEvaluatorTests.model,
                                          catalog: PolicyEvaluatorTests.catalog)
        func scale(_ theta: [Objective: Double]) -> Double {
            Self.production.objectives.reduce(0) { $0 + abs((theta[$1] ?? 0) * spreads[$1]!) }
        }
        let expected = scale(Self.production.theta)
        for candidate in result.top { #expect(abs(scale(candidate.theta) - expected) < 1e-9, "#\(candidate.number)") }
        // θ ∝ λ survives on this log and is proportional to λ objective by objective.
        let business = try #require(result.top.first { $0.number == TuningCandidate.businessValue })
        let ratio = business.theta[.value]! / Self.production.lambda[.value]!
        #expect(ratio > 0)
        for (objective, weight) in Self.production.lambda {
            #expect(abs(business.theta[objective]! - ratio * weight) < 1e-9 * max(1, abs(ratio * weight)))
        }
    }
}
