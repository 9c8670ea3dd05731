import CXCore
import CXDecide
import CXReports
import CXStats
import CXStore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `cxloop sim run` (issue 6): the learning loop driven round after round against the real
/// service. Each round a new cohort of ``NBXWorld`` customers is decided over `POST /v1/decide`
/// (in the round's experiment), their outcomes and CSAT answers go through the ingestion API,
/// the trial is judged (`weights promote`), and the effect model is refitted, candidate
/// weights tuned by off-policy evaluation and the best proposed as the next round's trial.
///
/// The world's truth scores every policy exactly: a version's true λ-value per customer is
/// Σ over segments and candidates of share × π × λ·Δ, with π replayed by the same engine; the
/// optimum is the policy with θ = λ on the true effects (same β and ε). A last cohort compares
/// the learned policy with two baselines in one experiment: hand-set weights and uniform random.
public struct LearningSimulation: Sendable {
    public struct Settings: Sendable, Hashable {
        public var rounds = 6
        public var customers = 3000
        public var candidates = 128
        /// Candidate arms per trial: one gives each trial the most power.
        public var arms = 1
        public var holdoutPercent = 10.0
        public var seed: UInt64 = 42
        /// Decide requests in flight.
        public var concurrency = 16

        public init() {}
    }

    /// One round's line of the table.
    public struct Round: Sendable, Hashable {
        public var number: Int
        public var experiment: String
        public var production: String
        public var theta: [Objective: Double]
        /// The production arm's realised λ-value per customer minus the holdout's, with its 95% CI.
        public var realisedUplift: Double
        public var realisedInterval: Interval
        /// The production policy's true λ-value per customer (uplift over doing nothing).
        public var trueValue: Double
        public var trueSatisfaction: Double
        /// What the round's trial decided.
        public var verdict: String
        public var promoted: String?
    }

    /// A policy of the final comparison.
    public struct Contender: Sendable, Hashable {
        public var name: String
        public var realisedUplift: Double
        public var realisedInterval: Interval
        public var trueValue: Double
    }

    public struct Report: Sendable {
        public var rounds: [Round]
        public var contenders: [Contender]
        /// The optimal policy's true λ-value (θ = λ on the true effects).
        public var optimum: Double
        /// The greedy oracle's (best action for everyone, no exploration).
        public var oracle: Double
        /// Every promotion: the version, and whether its true satisfaction and effort held
        /// against the version it replaced.
        public var promotions: [(version: String, guardrailsHeld: Bool)]
    }

    /// The starting policy: revenue only — it loves the flash sale.
    public static let start = PolicyVersion(version: "sim-start", weights: PolicyWeights(
        theta: [.value: 1], lambda: NBXWorld.lambda, inverseTemperature: 3, exploration: 0.1))

    /// The exploration arm of rounds without a trial: production's weights drawn uniformly.
    public static let explore = PolicyVersion(version: "sim-explore", weights: PolicyWeights(
        theta: [.value: 1], lambda: NBXWorld.lambda, inverseTemperature: 0, exploration: 0))

    let client: any ServiceClient
    let database: Database
    let tenant: String
    let settings: Settings

    public init(client: any ServiceClient, database: Database, tenant: String, settings: Settings) {
        self.client = client
        self.database = database
        self.tenant = tenant
        self.settings = settings
    }

    /// Runs every round and the final comparison; `progress` hears a line per step.
    public func run(progress: @Sendable (String) -> Void = { _ in }) async throws -> Report {
        let learning = PolicyLearning(database: database)
        let decide = PostgresDecideRepository(database: database)
        try await setUp(decide)
        let began = Date().addingTimeInterval(-1)
        var generator = SplitMix64(seed: settings.seed)
        let optimum = try Self.trueValue(of: PolicyVersion(version: "optimum", modelVersion: "truth", weights: PolicyWeights(
            theta: NBXWorld.lambda, lambda: NBXWorld.lambda, inverseTemperature: Self.start.weights.inverseTemperature,
            exploration: Self.start.weights.exploration)), estimates: Self.truth).value
        var rounds: [Round] = []
        var promotions: [(String, Bool)] = []
        var trial: String?
        for number in 1...max(1, settings.rounds) {
            guard let production = try await decide.production(tenant: tenant) else { break }
            let experiment = trial ?? "sim-r\(number)"
            if trial == nil { try await createExperiment(experiment, arms: [(production.version, 75), (Self.explore.version, 25)]) }
            progress("round \(number): \(settings.customers) decisions in \(experiment)")
            try await serveCohort(round: "r\(number)", experiment: experiment, using: &generator)
            let asOf = Date().addingTimeInterval(5)
            let values = try await learning.armValues(tenant: tenant, experiment: experiment, asOf: asOf, windowDays: 28,
                                                      lambda: NBXWorld.lambda)
            let truth = try await trueValue(of: production, learning: learning)
            var verdict = "no trial: production against a uniform exploration arm"
            var promoted: String?
            if trial != nil {
                let judged = try await learning.promote(tenant: tenant, experiment: experiment, asOf: asOf, windowDays: 28)
                verdict = judged.reason
                promoted = judged.promoted
                if let promoted, let version = try await decide.policies(tenant: tenant).first(where: { $0.policy.version == promoted }) {
                    promotions.append((promoted, try await guardrailsHeld(version.policy, replacing: truth, learning: learning)))
                }
            }
            let uplift = values[production.version].flatMap { arm in values["holdout"].map { WelchTTest(arm, $0) } }
            rounds.append(Round(number: number, experiment: experiment, production: production.version, theta: production.weights.theta,
                                realisedUplift: uplift?.difference ?? .nan, realisedInterval: uplift?.interval() ?? Interval(lower: .nan, upper: .nan),
                                trueValue: truth.value, trueSatisfaction: truth.satisfaction, verdict: verdict, promoted: promoted))
            trial = number < settings.rounds ? try await proposeNext(number + 1, since: began, learning: learning, progress: progress) : nil
        }
        let contenders = try await compareBaselines(since: began, learning: learning, decide: decide, using: &generator, progress: progress)
        return Report(rounds: rounds, contenders: contenders, optimum: optimum, oracle: NBXWorld.oracleValue, promotions: promotions)
    }

    /// The survey, the catalog and the starting policy.
    private func setUp(_ decide: PostgresDecideRepository) async throws {
        _ = try await client.send("PUT", "v1/surveys/support", body: Data("""
            {"title":"Support follow-up","population":"customer","fields":[{"id":"sat","type":"csat","scale":[1,5]}]}
            """.utf8))
        for action in NBXWorld.catalog {
            guard case .object(var body) = try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(action)) else { continue }
            body["key"] = nil
            _ = try await client.send("PUT", "v1/actions/\(action.key)", body: Data(JSONValue.object(body).serialized.utf8))
        }
        _ = try await decide.putPolicy(tenant: tenant, policy: Self.start, note: "revenue-only starting weights")
        _ = try await decide.putPolicy(tenant: tenant, policy: Self.explore, note: "uniform exploration arm")
        try await decide.apply(tenant: tenant, version: Self.start.version, reason: "simulation start", evidence: nil)
    }

    private func createExperiment(_ key: String, arms: [(name: String, share: Double)]) async throws {
        let definition = ExperimentDefinition(key: key, arms: arms.map { ExperimentDefinition.Arm(name: $0.name, share: $0.share) },
                                              holdoutPercent: settings.holdoutPercent, primaryMetric: "value")
        _ = try await client.send("POST", "v1/experiments", body: Data(definition.body.serialized.utf8))
    }

    /// Decides for a new cohort over HTTP and sends what each customer did next.
    private func serveCohort(round: String, experiment: String, using generator: inout SplitMix64) async throws {
        let customers = (0..<settings.customers).map { ("sim-\(round)-\($0)", NBXWorld.segment(using: &generator)) }
        let served = try await decideAll(customers, experiment: experiment)
        let at = Timestamp.format(Date().addingTimeInterval(1))
        var outcomes: [JSONValue] = []
        var responses: [JSONValue] = []
        for ((unit, segment), (action, channel)) in zip(customers, served) {
            let (events, csat) = NBXWorld.respond(segment: segment, action: action, channel: channel, using: &generator)
            for (position, event) in events.enumerated() {
                var members: [String: JSONValue] = ["event_id": .string("\(unit)-o\(position)"), "unit": .string(unit),
                                                    "type": .string(event.type), "occurred_at": .string(at)]
                if let value = event.value { members["value"] = .number(value) }
                outcomes.append(.object(members))
            }
            if let csat {
                responses.append(.object(["survey": .string("support"), "submission_id": .string("\(unit)-s"), "respondent": .string(unit),
                                          "submitted_at": .string(at), "status": .string("completed"),
                                          "answers": .object(["sat": .number(Double(csat))])]))
            }
        }
        _ = try await client.postNDJSON("v1/outcomes", outcomes)
        _ = try await client.postNDJSON("v1/responses", responses)
    }

    /// `POST /v1/decide` for every customer, `concurrency` at a time; what each was served.
    private func decideAll(_ customers: [(String, NBXWorld.Segment)], experiment: String) async throws -> [(String, Channel?)] {
        try await withThrowingTaskGroup(of: (Int, String, Channel?).self) { group in
            var served = [(String, Channel?)](repeating: (ActionDefinition.noneKey, nil), count: customers.count)
            var next = 0
            func submit() {
                let (position, (unit, segment)) = (next, customers[next])
                next += 1
                group.addTask { [client] in
                    let body: JSONValue = .object(["unit": .string(unit), "experiment": .string(experiment),
                                                   "context": .object(["segment": .string(segment.name)])])
                    let answer = try await client.send("POST", "v1/decide", body: Data(body.serialized.utf8)).objectValue
                    return (position, answer?["action"]?.stringValue ?? ActionDefinition.noneKey,
                            answer?["channel"]?.stringValue.flatMap(Channel.init(rawValue:)))
                }
            }
            while next < min(settings.concurrency, customers.count) { submit() }
            while let (position, action, channel) = try await group.next() {
                served[position] = (action, channel)
                if next < customers.count { submit() }
            }
            return served
        }
    }

    /// Refits, tunes and proposes the next trial; nil when no candidate survives screening.
    private func proposeNext(_ number: Int, since: Date, learning: PolicyLearning, progress: @Sendable (String) -> Void) async throws -> String? {
        let asOf = Date().addingTimeInterval(5)
        let model = try await learning.fit(tenant: tenant, since: since, asOf: asOf)
        var tuning = WeightTuner.Settings()
        tuning.candidates = settings.candidates
        tuning.top = settings.arms
        let tuned = try await learning.tune(tenant: tenant, since: since, asOf: asOf, settings: tuning)
        progress("  fitted \(model.version); tuned \(tuned.result.drawn) candidates on \(tuned.decisions) decisions, \(tuned.result.survivors) survive")
        guard !tuned.result.top.isEmpty else { return nil }
        let key = "sim-r\(number)"
        _ = try await learning.propose(tenant: tenant, experiment: key, arms: settings.arms, holdoutPercent: settings.holdoutPercent,
                                       tuning: tuned)
        return key
    }

    /// The final cohort: the learned policy against hand-set weights and uniform random.
    private func compareBaselines(since: Date, learning: PolicyLearning, decide: PostgresDecideRepository,
                                  using generator: inout SplitMix64, progress: @Sendable (String) -> Void) async throws -> [Contender] {
        guard let production = try await decide.production(tenant: tenant) else { return [] }
        // The latest model, or none yet when every round ran without a fit: then the priors.
        let modelVersion = try? await learning.model(tenant: tenant).version
        var handSet = Self.start.weights
        handSet.theta = [.value: 1, .cost: -1, .satisfaction: 10]
        var uniform = Self.start.weights
        uniform.inverseTemperature = 0
        let baselines = [PolicyVersion(version: "sim-hand-set", modelVersion: modelVersion, weights: handSet),
                         PolicyVersion(version: "sim-uniform", modelVersion: modelVersion, weights: uniform)]
        for baseline in baselines { _ = try await decide.putPolicy(tenant: tenant, policy: baseline, note: "simulation baseline") }
        let policies = [production] + baselines
        try await createExperiment("sim-final", arms: policies.enumerated().map { ($1.version, $0 == 0 ? 34 : 33) })
        progress("final comparison: \(settings.customers) decisions in sim-final")
        try await serveCohort(round: "final", experiment: "sim-final", using: &generator)
        let values = try await learning.armValues(tenant: tenant, experiment: "sim-final", asOf: Date().addingTimeInterval(5), windowDays: 28,
                                                  lambda: NBXWorld.lambda)
        var contenders: [Contender] = []
        for policy in policies {
            let uplift = values[policy.version].flatMap { arm in values["holdout"].map { WelchTTest(arm, $0) } }
            contenders.append(Contender(name: policy.version, realisedUplift: uplift?.difference ?? .nan,
                                        realisedInterval: uplift?.interval() ?? Interval(lower: .nan, upper: .nan),
                                        trueValue: try await trueValue(of: policy, learning: learning).value))
        }
        return contenders
    }

    /// Whether `promoted` keeps true satisfaction (top-2 share within 2 points) and effort
    /// (within 0.05 contacts) of the version it replaced, whose truth is `old`.
    private func guardrailsHeld(_ promoted: PolicyVersion, replacing old: (value: Double, satisfaction: Double, effort: Double),
                                learning: PolicyLearning) async throws -> Bool {
        let new = try await trueValue(of: promoted, learning: learning)
        return new.satisfaction >= old.satisfaction - 0.02 && new.effort <= old.effort + 0.05
    }

    private func trueValue(of policy: PolicyVersion, learning: PolicyLearning) async throws -> (value: Double, satisfaction: Double, effort: Double) {
        guard let version = policy.modelVersion else { return try Self.trueValue(of: policy, estimates: EffectTable.priorsOnly) }
        return try Self.trueValue(of: policy, estimates: try await learning.model(tenant: tenant, version: version))
    }

    /// The policy's exact true λ-value, satisfaction and effort uplift per customer: the engine's
    /// propensities for a fresh customer of each segment, weighted by the truth.
    static func trueValue(of policy: PolicyVersion, estimates: some EffectEstimates) throws -> (value: Double, satisfaction: Double, effort: Double) {
        let engine = try DecisionEngine(catalog: NBXWorld.catalog, policy: policy)
        var totals = (value: 0.0, satisfaction: 0.0, effort: 0.0)
        for segment in NBXWorld.segments {
            let decision = try engine.decide(DecisionRequest(profile: CustomerProfile(unit: "truth", segment: segment.name)),
                                             estimates: estimates, draw: 0.5)
            for candidate in decision.candidates where candidate.propensity > 0 {
                let effect = NBXWorld.effect(candidate.action, candidate.channel, segment: segment.name)
                totals.value += segment.share * candidate.propensity * NBXWorld.value(candidate.action, candidate.channel, segment: segment.name)
                totals.satisfaction += segment.share * candidate.propensity * effect.satisfied
                totals.effort += segment.share * candidate.propensity * effect.effort
            }
        }
        return totals
    }

    /// The world's true uplifts as the engine's estimates.
    static let truth = EffectTable(modelVersion: "truth", estimates: Dictionary(uniqueKeysWithValues: NBXWorld.catalog.flatMap { action in
        action.channels.flatMap { channel in
            NBXWorld.segments.flatMap { segment -> [(EffectTable.Key, Double)] in
                let effect = NBXWorld.effect(action.key, channel, segment: segment.name)
                return [(Objective.value, effect.value), (.cost, effect.cost), (.effort, effect.effort), (.satisfaction, effect.satisfied)].map {
                    (EffectTable.Key(objective: $0.0, action: action.key, channel: channel, segment: segment.name), $0.1)
                }
            }
        }
    }))
}
