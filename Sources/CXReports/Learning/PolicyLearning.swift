import CXCore
import CXDecide
import CXStats
import CXStore
import Foundation
import Logging

/// The NBX learning loop on the database (issue 6): `cxloop models fit`, `weights tune`,
/// `weights propose` and `weights promote`, for the CLI and the simulator alike.
///
/// fit → the effect model of the logged decisions' attributed outcomes (``EffectModelFitter``);
/// tune → candidate θ screened by off-policy evaluation (``WeightTuner``); propose → the best
/// candidates as policy versions on that model, run as arms of an experiment against the
/// production arm and a holdout; promote → the experiment's realised λ-value judged
/// (``PromotionJudge``), and a winner applied with its evidence.
public struct PolicyLearning: Sendable {
    let database: Database
    let decide: PostgresDecideRepository
    let store: PostgresLearningStore
    let experiments: PostgresExperimentRepository
    let surveys: PostgresSurveyRepository

    public init(database: Database) {
        self.database = database
        decide = PostgresDecideRepository(database: database)
        store = PostgresLearningStore(database: database)
        experiments = PostgresExperimentRepository(database: database)
        surveys = PostgresSurveyRepository(database: database)
    }

    /// The decisions of [since, asOf) with their attributed outcomes, as the loop reads them.
    struct Log {
        var catalog: [ActionDefinition]
        var objectives: LearningObjectives
        var request: AttributionRequest
    }

    private func log(tenant: String, since: Date, asOf: Date, windows: [Objective: Double]) async throws -> Log {
        let policies = try await decide.policies(tenant: tenant).map(\.policy)
        let objectives = LearningObjectives(custom: policies.flatMap(\.weights.objectives), windows: windows)
        return Log(catalog: try await decide.actions(tenant: tenant), objectives: objectives,
                   request: objectives.request(tenant: tenant, since: since, asOf: asOf, surveys: try await surveys.list(tenant: tenant)))
    }

    /// Fits and stores a new effect model version from the decisions made in [since, asOf).
    /// - Throws: ``ReportError/Code/data`` when there are no logged decisions.
    public func fit(tenant: String, since: Date, asOf: Date, windows: [Objective: Double] = [:], now: Date = Date()) async throws -> EffectModel {
        let log = try await log(tenant: tenant, since: since, asOf: asOf, windows: windows)
        let cells = try await store.cellStatistics(log.request)
        guard !cells.isEmpty else {
            throw ReportError(.data, "no decisions were logged between \(Timestamp.format(since)) and \(Timestamp.format(asOf)); nothing to fit")
        }
        let fitter = EffectModelFitter(catalog: log.catalog, objectives: log.objectives.outcomeObjectives, windows: log.objectives.windows)
        return try await store.saveModel(tenant: tenant) { version in
            let model = fitter.fit(cells, version: version, since: since, asOf: asOf, fittedAt: now)
            return (model, try model.json)
        }
    }

    /// The stored model `version`, or the latest.
    /// - Throws: ``ReportError/Code/data`` when there is none.
    public func model(tenant: String, version: String? = nil) async throws -> EffectModel {
        let latest = version == nil ? try await store.latestModelVersion(tenant: tenant) : nil
        guard let version = version ?? latest else {
            throw ReportError(.data, "no effect model has been fitted yet; run cxloop models fit")
        }
        guard let json = try await decide.effectModel(tenant: tenant, version: version) else {
            throw ReportError(.data, "no effect model '\(version)'; cxloop models show lists the latest")
        }
        return try EffectModel.decode(json)
    }

    /// What tuning found, with the production version and the model it evaluated with.
    public struct Tuning: Sendable {
        public var production: PolicyVersion
        public var model: EffectModel
        public var decisions: Int
        public var result: TuningResult
    }

    /// Screens candidate weights around production on the decisions of [since, asOf) with the
    /// latest effect model.
    /// - Throws: ``ReportError/Code/data`` without a production policy, a model or decisions.
    public func tune(tenant: String, since: Date, asOf: Date, settings: WeightTuner.Settings) async throws -> Tuning {
        guard let production = try await decide.production(tenant: tenant) else {
            throw ReportError(.data, "tenant '\(tenant)' has no production policy; cxloop weights apply VERSION first")
        }
        let model = try await model(tenant: tenant)
        let log = try await log(tenant: tenant, since: since, asOf: asOf, windows: model.windows)
        let groups = try await store.loggedDecisionGroups(log.request)
        guard !groups.isEmpty else {
            throw ReportError(.data, "no decisions were logged between \(Timestamp.format(since)) and \(Timestamp.format(asOf)); nothing to evaluate")
        }
        let evaluator = PolicyEvaluator(groups: groups, model: model, catalog: log.catalog, lambda: production.weights.lambda,
                                        objectives: production.weights.objectives + settings.guardrails)
        do {
            let result = try WeightTuner(settings: settings).tune(production: production.weights, evaluator: evaluator, model: model,
                                                                  catalog: log.catalog)
            return Tuning(production: production, model: model, decisions: evaluator.count, result: result)
        } catch {
            throw ReportError(.data, "the decision log cannot be evaluated: \(error.message)")
        }
    }

    /// Stores the top `arms` candidates of `tuning` as policy versions `KEY-c1`… on its model,
    /// and starts experiment `experiment` with production and them as equal arms and a holdout.
    /// - Throws: ``ReportError/Code/data`` when no candidate survived screening or the key is taken.
    public func propose(tenant: String, experiment: String, arms: Int, holdoutPercent: Double, tuning: Tuning) async throws -> [PolicyVersion] {
        let chosen = Array(tuning.result.top.prefix(max(1, arms)))
        guard !chosen.isEmpty else {
            throw ReportError(.data, "no candidate survived screening (\(tuning.result.refusals.map { "\($0.value) \($0.key)" }.sorted().joined(separator: "; "))); production stays")
        }
        guard try await experiments.get(tenant: tenant, key: experiment) == nil else {
            throw ReportError(.data, "experiment '\(experiment)' exists already; name a new one")
        }
        let versions = chosen.enumerated().map { position, candidate in
            var weights = tuning.production.weights
            weights.theta = candidate.theta
            return PolicyVersion(version: "\(experiment)-c\(position + 1)", modelVersion: tuning.model.version, weights: weights)
        }
        for (version, candidate) in zip(versions, chosen) {
            _ = try await decide.putPolicy(tenant: tenant, policy: version, note: """
                proposed for \(experiment): DR λ-value \(PromotionJudge.format(candidate.value)) per decision \
                (production \(PromotionJudge.format(tuning.result.production.value))), ESS \(Int(candidate.effectiveSampleSize))
                """)
        }
        let names = [tuning.production.version] + versions.map(\.version)
        let share = (100 / Double(names.count) * 1_000).rounded(.down) / 1_000
        var shares = names.map { ExperimentDefinition.Arm(name: $0, share: share) }
        shares[0].share = 100 - share * Double(names.count - 1)
        let definition = ExperimentDefinition(key: experiment, arms: shares, holdoutPercent: holdoutPercent,
                                              primaryMetric: "value", guardrails: ["csat", "contacts"])
        let issues = definition.issues
        guard issues.isEmpty else { throw ReportError(.usage, issues.map { "\($0.field): \($0.message)" }.joined(separator: "; ")) }
        _ = try await experiments.put(tenant: tenant, definition: definition)
        try await store.saveTrial(tenant: tenant, experiment: experiment, production: tuning.production.version,
                                  candidates: versions.map(\.version), screening: tuning.result.json)
        return versions
    }

    /// Judges trial `experiment` as of `asOf` and, when a candidate wins, applies it with the
    /// evidence; the experiment is then stopped and the trial closed either way.
    /// - Throws: ``ReportError/Code/data`` for an unknown or already decided trial.
    public func promote(tenant: String, experiment: String, asOf: Date, windowDays: Int) async throws -> PromotionVerdict {
        guard let trial = try await store.trial(tenant: tenant, experiment: experiment) else {
            throw ReportError(.data, "experiment '\(experiment)' is not a policy trial; cxloop weights propose starts one")
        }
        guard !trial.decided else { throw ReportError(.data, "trial '\(experiment)' was decided already; cxloop weights history shows it") }
        guard let production = try await decide.policies(tenant: tenant).first(where: { $0.policy.version == trial.production })?.policy else {
            throw ReportError(.data, "the trial's production version '\(trial.production)' is gone")
        }
        let analyzer = StoredExperimentAnalyzer(database: database)
        let analysis = try await analyzer.analyze(StoredExperimentRequest(
            tenant: tenant, experiment: experiment, metrics: [.csat, .contacts], asOf: asOf, windowDays: windowDays,
            control: trial.production))
        var breaches: [String: [String]] = [:]
        for metric in analysis.metrics where metric.role == .guardrail {
            for comparison in metric.comparisons where comparison.verdict == .breached {
                breaches[comparison.arm, default: []].append(metric.metric)
            }
        }
        let sums = try await armSums(tenant: tenant, experiment: experiment, asOf: asOf, windowDays: windowDays, lambda: production.weights.lambda)
        let verdict = PromotionJudge().judge(production: trial.production, candidates: trial.candidates, sums: sums,
                                             satisfactionWeight: production.weights.lambda[.satisfaction] ?? 0, breaches: breaches,
                                             sampleRatioOK: analysis.sampleRatio.isOK)
        if let promoted = verdict.promoted {
            try await decide.apply(tenant: tenant, version: promoted, reason: "promoted from trial \(experiment): \(verdict.reason)",
                                   evidence: verdict.evidence)
        }
        try await store.closeTrial(tenant: tenant, experiment: experiment, outcome: verdict.evidence)
        _ = try await experiments.stop(tenant: tenant, key: experiment)
        return verdict
    }

    /// Each arm's realised business value per unit with λ (satisfaction weighted by the arm's
    /// response rate, as ``PromotionJudge`` judges it), holdout included.
    public func armValues(tenant: String, experiment: String, asOf: Date, windowDays: Int,
                          lambda: [Objective: Double]) async throws -> [String: SampleSummary] {
        let sums = try await armSums(tenant: tenant, experiment: experiment, asOf: asOf, windowDays: windowDays, lambda: lambda)
        return Dictionary(uniqueKeysWithValues: sums.map { ($0.arm, PromotionJudge.summary($0, satisfactionWeight: lambda[.satisfaction] ?? 0)) })
    }

    private func armSums(tenant: String, experiment: String, asOf: Date, windowDays: Int,
                         lambda: [Objective: Double]) async throws -> [ArmPolicyValueSums] {
        let catalog = try await decide.actions(tenant: tenant)
        let objectives = LearningObjectives(custom: lambda.keys)
        let terms = objectives.measures.compactMap { measure -> PolicyValueRequest.Term? in
            guard let weight = lambda[Objective(measure.objective)], weight != 0 else { return nil }
            return PolicyValueRequest.Term(outcomeType: measure.outcomeType, weight: weight * measure.sign, counts: measure.counts)
        }
        return try await store.armPolicyValues(PolicyValueRequest(
            tenant: tenant, experiment: experiment, asOf: asOf, windowDays: windowDays, terms: terms, costWeight: lambda[.cost] ?? 0,
            contactCosts: catalog.flatMap { action in
                action.channelCosts.map { PolicyValueRequest.ContactCost(action: action.key, channel: $0.key.rawValue, cost: $0.value) }
            },
            satisfactionFields: ExperimentSurveyField.fields(of: try await surveys.list(tenant: tenant), population: .customer)
                .filter { $0.metric == .csat }))
    }
}
