import CXCore
import CXStore
import Foundation

/// `POST /v1/decide` end to end (DESIGN.md §7): the unit's arm (a policy experiment's sticky,
/// GrowthBook-compatible assignment, else the production policy; the experiment's holdout and
/// the tenant's global holdout are held out), then under a per-unit lock the unit's contacts and
/// recent events, the engine's decision (``DecisionEngine``) and its log — every candidate with
/// its scores, propensity and filter reason — before the answer.
///
/// A held-out unit is served `none` with propensity 1 and the production policy's choice is
/// logged as its shadow decision. Effects come from the catalog's priors until models are
/// fitted: a version scores with the effect model it names (``EffectModel``, `cxloop models fit`), else
/// with the priors (``EffectTable/priorsOnly``).
public struct DecisionService: Sendable {
    /// How long a tenant's configuration is reused before it is read again.
    public static let configurationTimeToLive = Duration.seconds(1)

    let decide: any DecideRepository
    let experiments: any ExperimentRepository
    let draws: DecisionDraws
    /// Each tenant's configuration, reloaded after ``configurationTimeToLive`` or when this
    /// process changes it, so a decide costs no configuration reads: a catalog, rule or policy
    /// change made elsewhere (another replica, the CLI) is seen within the time to live.
    private let configurations = ExpiringCache<String, DecideConfiguration>(timeToLive: configurationTimeToLive)

    /// - Parameter draws: random in service; seeded for simulations and tests that must repeat.
    public init(decide: any DecideRepository, experiments: any ExperimentRepository, draws: DecisionDraws = .random) {
        self.decide = decide
        self.experiments = experiments
        self.draws = draws
    }

    /// Forgets the tenant's cached configuration (after this process changed it).
    public func invalidate(tenant: String) {
        configurations.invalidate(tenant)
    }

    /// Decides for `input.unit` and logs it.
    /// - Throws: ``DecideError`` for a request that cannot be served (unknown experiment or
    ///   channel, no production policy, an arm that is not a policy version) or a configuration
    ///   the engine refuses; `StoreError` when the database fails.
    public func decide(tenant: String, input: DecideInput, now: Date = Date()) async throws -> DecisionRecord {
        let configuration = try await configurations.value(for: tenant) { [decide, experiments] previous in
            try await DecideConfiguration.load(tenant: tenant, decide: decide, experiments: experiments, previous: previous)
        }
        guard let production = configuration.production else {
            throw DecideError(.notReady, """
                tenant '\(tenant)' has no production policy yet: store one with cxloop weights put FILE, \
                then cxloop weights apply VERSION
                """)
        }
        let (experiment, arm, holdout) = try await assignment(tenant: tenant, input: input, global: configuration.globalHoldout)
        let version = arm.flatMap { holdout ? nil : $0 } ?? production.version
        guard let engine = try configuration.engines[version]?.get() else {
            throw DecideError(.unknownPolicy, """
                arm '\(version)' of experiment '\(experiment ?? "")' is not a policy version; a policy experiment's arms are \
                named after versions (cxloop weights history lists them)
                """)
        }
        let channels = try DecisionRequest(profile: CustomerProfile(unit: input.unit), channelNames: input.channels).channels
        let context = input.context
        let estimates = configuration.estimates(for: engine)
        let draw = draws.draw(tenant: tenant, experiment: experiment, unit: input.unit)
        return try await decide.decide(tenant: tenant, unit: input.unit, lookbackDays: engine.lookbackDays, now: now) { history in
            let request = DecisionRequest(profile: Self.profile(unit: input.unit, context: context, history: history, now: now),
                                          context: context, channels: channels)
            let decision = try engine.decide(request, estimates: estimates, holdout: holdout, draw: draw)
            return Self.record(decision, id: UUID().uuidString.lowercased(), at: now, experiment: experiment, arm: arm,
                               context: .object(context))
        }
    }

    /// The unit's experiment, arm and whether it is held out (by the experiment or the tenant).
    private func assignment(tenant: String, input: DecideInput, global: GlobalHoldout?) async throws -> (String?, String?, Bool) {
        guard let key = input.experiment else {
            return (nil, nil, global?.contains(unit: input.unit) ?? false)
        }
        guard let stored = try await experiments.get(tenant: tenant, key: key) else {
            throw DecideError(.unknownExperiment, "unknown experiment '\(key)'; create it first with POST /v1/experiments")
        }
        guard stored.running else { throw DecideError(.experimentStopped, "experiment '\(key)' is stopped") }
        let assignment = try await experiments.assign(
            tenant: tenant, experiment: key, unit: input.unit,
            assignment: .assign(unit: input.unit, experiment: stored.definition, globalHoldout: global))
        return (key, assignment.globalHoldout ? nil : assignment.arm ?? "holdout", assignment.holdout || assignment.globalHoldout)
    }

    /// The engine's profile of the unit: segment and lifecycle from the context, the rest of the
    /// context as attributes, contacts and events aged from `now`.
    static func profile(unit: String, context: [String: JSONValue], history: UnitHistory, now: Date) -> CustomerProfile {
        func days(since date: Date) -> Double { max(0, now.timeIntervalSince(date) / 86_400) }
        return CustomerProfile(
            unit: unit, segment: context["segment"]?.stringValue ?? CustomerProfile.defaultSegment,
            lifecycle: context["lifecycle"]?.stringValue,
            attributes: context.filter { $0.key != "segment" && $0.key != "lifecycle" },
            contacts: history.contacts.compactMap { contact in
                Channel(rawValue: contact.channel).map { CustomerProfile.Contact(channel: $0, daysAgo: days(since: contact.at)) }
            },
            events: history.events.map { CustomerProfile.Event(type: $0.type, daysAgo: days(since: $0.at), value: $0.value) })
    }

    /// The decision as logged.
    static func record(_ decision: Decision, id: String, at time: Date, experiment: String?, arm: String?,
                       context: JSONValue) -> DecisionRecord {
        DecisionRecord(
            decisionID: id, unit: decision.unit, decidedAt: time, experiment: experiment, arm: arm,
            policyVersion: decision.policyVersion, modelVersion: decision.modelVersion, action: decision.served.action,
            channel: decision.served.channel?.rawValue, propensity: decision.served.propensity, holdout: decision.isHoldout,
            shadow: decision.shadow.map { shadow in
                .object(["action": .string(shadow.action), "channel": shadow.channel.map { .string($0.rawValue) } ?? .null,
                         "propensity": .number(shadow.propensity)])
            },
            context: context,
            // Every candidate is scored on the policy's objectives; `none`, always first, too.
            objectives: decision.candidates.first?.uplifts.objectives.map(\.name) ?? [],
            candidates: decision.candidates.map { candidate in
                DecisionRecord.Candidate(
                    action: candidate.action, channel: candidate.channel?.rawValue, scores: candidate.uplifts.values,
                    fatigue: candidate.fatigue, score: candidate.score, propensity: candidate.propensity, filtered: candidate.filter?.description)
            })
    }
}
