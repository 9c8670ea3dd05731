import CXCore
import CXStats

/// The next-best-experience engine (DESIGN.md §7, issue 6): pure, no I/O. Built once from a
/// tenant's catalog, suppression rules, contact caps and policy version (all validated here),
/// it decides for one unit at a time:
///
/// 1. candidates: `none`, and every catalog action on each of its channels the request allows;
/// 2. eligibility → context suppression → contact caps (hard) filter candidates, the first
///    stage that refuses naming the reason (`none` is never filtered);
/// 3. every candidate is scored S = Σⱼ θⱼ·ŝⱼ − κ·n, with ŝⱼ from the effect model, else the
///    action's prior, else 0, plus the channel's unit cost on `cost`; `none` scores 0.
///    n counts the unit's contacts on any channel within the fatigue window: fatigue is a
///    price on contacting at all, which moves probability towards `none` (a hard cap only
///    closes one channel);
/// 4. π = (1 − ε)·softmax(β·S) + ε/K over the K survivors (``SoftmaxPolicy``), 0 for the
///    filtered; one uniform draw picks the candidate.
///
/// When only `none` survives the answer is `none` with propensity 1, never an error.
public struct DecisionEngine: Sendable {
    /// The catalog, by key.
    public let catalog: [ActionDefinition]
    /// The suppression rules, by name.
    public let suppressions: [SuppressionRule]
    /// The contact caps, by channel then window.
    public let caps: [ContactCap]
    public let policy: PolicyVersion
    private let softmax: SoftmaxPolicy
    /// The objectives every candidate's uplifts are logged on, by name.
    private let objectives: [Objective]
    /// θ of each of `objectives` (0 where θ has none), so scores are summed in name order.
    private let theta: [Double]

    /// An engine for this configuration.
    /// - Throws: ``DecideError/Code/invalidPolicy`` when the weights break a rule (non-finite,
    ///   β < 0, ε ∉ [0, 1), κ < 0); ``DecideError/Code/invalidConfiguration`` when an action, a
    ///   rule or a cap does, or two actions share a key or two rules a name.
    public init(catalog: [ActionDefinition], suppressions: [SuppressionRule] = [], caps: [ContactCap] = [],
                policy: PolicyVersion) throws(DecideError) {
        if let error = DecideError.listing(.invalidPolicy, "policy '\(policy.version)': ", policy.issues) { throw error }
        var issues: [ValidationIssue] = []
        func add(_ prefix: String, _ found: [ValidationIssue]) {
            issues += found.map { ValidationIssue(index: nil, field: "\(prefix).\($0.field)", message: $0.message) }
        }
        func refuseDuplicates(_ names: [String], in collection: String) {
            var seen: Set<String> = []
            for name in names where !seen.insert(name).inserted {
                issues.append(ValidationIssue(index: nil, field: "\(collection)[\(name)]", message: "defined twice"))
            }
        }
        for action in catalog { add("actions[\(action.key)]", action.issues) }
        for rule in suppressions { add("suppressions[\(rule.name)]", rule.issues) }
        for (position, cap) in caps.enumerated() { add("caps[\(position)]", cap.issues) }
        refuseDuplicates(catalog.map(\.key), in: "actions")
        refuseDuplicates(suppressions.map(\.name), in: "suppressions")
        if let error = DecideError.listing(.invalidConfiguration, "", issues) { throw error }

        self.catalog = catalog.sorted { $0.key < $1.key }
        self.suppressions = suppressions.sorted { $0.name < $1.name }
        self.caps = caps.sorted { ($0.channel, $0.windowDays, $0.maxContacts) < ($1.channel, $1.windowDays, $1.maxContacts) }
        self.policy = policy
        softmax = SoftmaxPolicy(inverseTemperature: policy.weights.inverseTemperature, exploration: policy.weights.exploration)
        objectives = policy.weights.objectives
        theta = objectives.map { policy.weights.theta[$0] ?? 0 }
    }

    /// How many days of contacts and events a profile must hold for exact decisions: the
    /// longest of the cap windows, suppression windows, minimum days since contact and the
    /// fatigue window. Older history never changes a decision.
    public var lookbackDays: Double {
        ([policy.weights.fatigueWindowDays] + caps.map(\.windowDays) + suppressions.map(\.withinDays)
            + catalog.compactMap(\.eligibility.minDaysSinceContact)).max()!
    }

    /// Decides for one unit with the uniform draw `draw` ∈ [0, 1), so a decision can be
    /// replayed exactly. A `holdout` unit is served `none` (propensity 1) and the policy's
    /// draw is returned as the shadow decision.
    /// - Throws: ``DecideError`` when the draw, the profile or the estimates are unusable, or
    ///   the estimates come from another effect model than the policy's.
    public func decide(_ request: DecisionRequest, estimates: some EffectEstimates, holdout: Bool = false,
                       draw: Double) throws(DecideError) -> Decision {
        guard draw >= 0, draw < 1 else { throw DecideError(.invalidDraw, "the draw must be in [0, 1), got \(draw)") }
        guard estimates.modelVersion == policy.modelVersion else {
            throw DecideError(.modelMismatch, """
                policy '\(policy.version)' scores with effect model \(policy.modelVersion ?? "none (priors)"), \
                got estimates of \(estimates.modelVersion ?? "none (priors)")
                """)
        }
        let profile = request.profile
        if let error = DecideError.listing(.invalidProfile, "profile of unit '\(profile.unit)': ", profile.issues) { throw error }

        let weights = policy.weights
        let fatigue = weights.fatiguePrice * Double(profile.contactCount(withinDays: weights.fatigueWindowDays))
        let triggered = suppressions.filter { $0.isTriggered(by: profile.events) }
        let reached = caps.filter { profile.contactCount(on: $0.channel, withinDays: $0.windowDays) >= $0.maxContacts }
        let channels = request.usableChannels

        var candidates = [Candidate(action: ActionDefinition.noneKey, channel: nil,
                                    uplifts: ObjectiveScores(objectives: objectives, values: objectives.map { _ in 0 }),
                                    fatigue: 0, score: 0, propensity: 0, filter: nil)]
        for action in catalog {
            let ineligible = action.eligibility.firstViolation(by: profile, context: request.context).map(FilterReason.ineligible)
            for channel in action.channels where channels.contains(channel) {
                let uplifts = try uplifts(of: action, on: channel, segment: profile.segment, estimates: estimates)
                let score = zip(theta, uplifts.values).reduce(0) { $0 + $1.0 * $1.1 } - fatigue
                guard score.isFinite else {
                    throw DecideError(.invalidEstimate, "the score of \(action.key) on \(channel) overflows (\(score))")
                }
                let filter = ineligible
                    ?? triggered.first { $0.covers(kind: action.kind, channel: channel) }.map { FilterReason.suppressed(rule: $0.name) }
                    ?? reached.first { $0.channel == channel }.map(FilterReason.capped)
                candidates.append(Candidate(action: action.key, channel: channel, uplifts: uplifts, fatigue: fatigue, score: score,
                                            propensity: 0, filter: filter))
            }
        }

        let surviving = candidates.indices.filter { candidates[$0].survived }
        for (index, propensity) in zip(surviving, softmax.probabilities(scores: surviving.map { candidates[$0].score })) {
            candidates[index].propensity = propensity
        }
        let drawn = Self.candidate(at: draw, of: candidates, among: surviving)
        let choice = Decision.Choice(action: candidates[drawn].action, channel: candidates[drawn].channel,
                                     propensity: candidates[drawn].propensity)
        return Decision(unit: profile.unit, segment: profile.segment,
                        served: holdout ? Decision.Choice(action: ActionDefinition.noneKey, channel: nil, propensity: 1) : choice,
                        shadow: holdout ? choice : nil, candidates: candidates, policyVersion: policy.version,
                        modelVersion: policy.modelVersion)
    }

    /// ``decide(_:estimates:holdout:draw:)`` with a draw from `generator`.
    public func decide(_ request: DecisionRequest, estimates: some EffectEstimates, holdout: Bool = false,
                       using generator: inout some RandomNumberGenerator) throws(DecideError) -> Decision {
        try decide(request, estimates: estimates, holdout: holdout, draw: Double.random(in: 0..<1, using: &generator))
    }

    /// ŝⱼ of the action on the channel for each of the policy's objectives: the model's
    /// estimate, else the prior, else 0, plus the channel's unit cost on `cost`.
    private func uplifts(of action: ActionDefinition, on channel: Channel, segment: String,
                         estimates: some EffectEstimates) throws(DecideError) -> ObjectiveScores {
        var uplifts: [Double] = []
        uplifts.reserveCapacity(objectives.count)
        for objective in objectives {
            let uplift = estimates.uplift(of: objective, action: action, channel: channel, segment: segment)
            guard uplift.isFinite else {
                throw DecideError(.invalidEstimate, "ŝ_\(objective) of \(action.key) on \(channel) in segment '\(segment)' is \(uplift)")
            }
            uplifts.append(uplift)
        }
        return ObjectiveScores(objectives: objectives, values: uplifts)
    }

    /// The surviving candidate the draw falls on: the first whose cumulative propensity
    /// exceeds it, or the last survivor when rounding leaves the total just below the draw.
    private static func candidate(at draw: Double, of candidates: [Candidate], among surviving: [Int]) -> Int {
        var cumulative = 0.0
        for index in surviving {
            cumulative += candidates[index].propensity
            if draw < cumulative { return index }
        }
        return surviving.last!
    }
}
