import BenchmarkSupport
import CXCore
import CXStats
import CXStore
import Foundation
import PostgresNIO

/// Writes the tuning benchmark's decision log: a catalog of 20 actions (email for all, sms for
/// every other one: 30 candidates and `none`), a production policy, and `decisions` logged
/// decisions over 28 days by a quarter as many units, drawn by the softmax+ε policy over the
/// actions' priors — with structured filtering, as eligibility, caps and suppression give it:
/// 4 segments, 3 lifecycle stages (each leaves a quarter of the actions ineligible), sms capped
/// for 20% and email for 10% of decisions, offers suppressed for 10%, 0–3 recent contacts
/// priced at κ = 0.5. Decisions go in with the columns OPE reads (survivors, fatigue); the
/// per-candidate rows of `decision_candidates` are not written (tuning does not read them).
/// Outcomes (purchases, costs, contacts) and CSAT answers follow with SQL from the decisions.
struct DecisionLogLoader: Sendable {
    static let policy = PolicyVersion(version: "bench-p1", weights: PolicyWeights(
        theta: [.value: 1, .cost: -1, .satisfaction: 20, .effort: -2], lambda: [.value: 1, .cost: -1, .satisfaction: 20, .effort: -2],
        inverseTemperature: 0.5, exploration: 0.1, fatiguePrice: 0.5))
    static let segments = ["smb", "ent", "consumer", "student"]
    static let start = Date(timeIntervalSince1970: 1_788_220_800)  // 2026-09-01T00:00:00Z
    /// As of: a week after the last decision.
    static let asOf = start.addingTimeInterval(35 * 86_400)
    static let sinceDays = 35

    static let catalog: [ActionDefinition] = (1...20).map { number in
        let kinds: [ActionKind] = [.offer, .service, .education, .retention]
        var channels: [CXCore.Channel: Double] = [.email: 0.05]
        if number % 2 == 0 { channels[.sms] = 0.2 }
        return ActionDefinition(key: String(format: "a%02d", number), kind: kinds[number % 4], channelCosts: channels, priors: [
            .value: Double(2 + number * 7 % 11), .cost: 0.5 + Double(number % 4) * 0.5,
            .satisfaction: Double(number % 5 - 2) * 0.03, .effort: Double(number % 3 - 1) * 0.05,
        ])
    }

    let database: Database
    let tenant: String

    /// Loads the catalog, the policy and `decisions` decisions with their outcomes; returns
    /// the rows written per table.
    func load(decisions: Int) async throws -> [(table: String, rows: Int)] {
        let keys = PostgresAPIKeyRepository(database: database)
        if !(try await keys.tenants()).contains(tenant) { _ = try await keys.create(tenant: tenant, scope: .admin) }
        let survey = try SurveyDefinition.parse(try JSONParser.parse(Array("""
            {"title":"After the contact","population":"customer","fields":[{"id":"sat","type":"csat","scale":[1,5]}]}
            """.utf8))).get()
        _ = try await PostgresSurveyRepository(database: database).put(tenant: tenant, key: "contact", definition: survey)
        let decide = PostgresDecideRepository(database: database)
        for action in Self.catalog { _ = try await decide.putAction(tenant: tenant, action: action) }
        _ = try await decide.putPolicy(tenant: tenant, policy: Self.policy, note: "tuning benchmark")
        try await decide.apply(tenant: tenant, version: Self.policy.version, reason: "tuning benchmark", evidence: nil)

        let batch = 10_000
        for first in stride(from: 0, to: decisions, by: batch) {
            try await insert((first..<min(first + batch, decisions)).map { draw($0, of: decisions) })
        }
        var written = [(table: "decisions", rows: decisions)]
        written += try await outcomes()
        return written
    }

    /// One logged decision.
    struct Row {
        var id, unit, segment, action, channel: String
        var at: Date
        var propensity, fatigue: Double
        var survivors: [(action: String, channel: String)]
    }

    /// Decision `number` of `count`, drawn by the production policy over the priors.
    func draw(_ number: Int, of count: Int) -> Row {
        var random = SplitMix64(seed: 2026, index: number)
        let segment = Self.segments[Int(random.unit() * 4)]
        let stage = Int(random.unit() * 3)
        let smsCapped = random.unit() < 0.2, emailCapped = random.unit() < 0.1, offersSuppressed = random.unit() < 0.1
        let contacts = Int(random.unit() * 4)
        let weights = Self.policy.weights
        let fatigue = weights.fatiguePrice * Double(contacts)
        var survivors = [(action: ActionDefinition.noneKey, channel: "")]
        var scores = [0.0]
        for (position, action) in Self.catalog.enumerated() where (position + stage) % 4 != 0 && !(offersSuppressed && action.kind == .offer) {
            for channel in action.channels where !(channel == .sms && smsCapped) && !(channel == .email && emailCapped) {
                survivors.append((action.key, channel.rawValue))
                let uplifts = action.priors.merging([.cost: (action.priors[.cost] ?? 0) + action.channelCosts[channel]!]) { $1 }
                scores.append(weights.theta.reduce(-fatigue) { $0 + $1.value * (uplifts[$1.key] ?? 0) })
            }
        }
        let probabilities = SoftmaxPolicy(inverseTemperature: weights.inverseTemperature, exploration: weights.exploration)
            .probabilities(scores: scores)
        var remaining = random.unit()
        let served = probabilities.firstIndex { remaining -= $0; return remaining < 0 } ?? probabilities.count - 1
        return Row(id: "d-\(number)", unit: "u-\(number % max(1, count / 4))", segment: segment,
                   action: survivors[served].action, channel: survivors[served].channel,
                   at: Self.start.addingTimeInterval(28 * 86_400 * Double(number) / Double(count) + random.unit() * 3_600),
                   propensity: probabilities[served], fatigue: fatigue, survivors: survivors)
    }

    private func insert(_ rows: [Row]) async throws {
        try await database.execute("""
            INSERT INTO decisions (tenant_id, decision_id, unit, decided_at, policy_version, action_key, channel, propensity, holdout,
                                   context, survivor_actions, survivor_channels, fatigue)
            SELECT \(tenant), r.id, r.unit, r.at, \(Self.policy.version), r.action, nullif(r.channel, ''), r.propensity, false,
                   jsonb_build_object('segment', r.segment), regexp_split_to_array(r.actions, ','), regexp_split_to_array(r.channels, ','), r.fatigue
            FROM unnest(\(rows.map(\.id)), \(rows.map(\.unit)), \(rows.map(\.at)), \(rows.map(\.action)), \(rows.map(\.channel)),
                        \(rows.map(\.propensity)), \(rows.map(\.segment)), \(rows.map { $0.survivors.map(\.action).joined(separator: ",") }),
                        \(rows.map { $0.survivors.map(\.channel).joined(separator: ",") }), \(rows.map(\.fatigue)))
                 AS r(id, unit, at, action, channel, propensity, segment, actions, channels, fatigue)
            """)
    }

    /// Outcomes after the decisions (purchases larger for higher-numbered actions, costs,
    /// service contacts) and CSAT answers from a tenth of them, with a fixed seed.
    private func outcomes() async throws -> [(table: String, rows: Int)] {
        let statements: [(String, PostgresQuery)] = [
            ("outcomes", """
                WITH inserted AS (INSERT INTO outcomes (tenant_id, event_id, unit, type, value, occurred_at)
                SELECT d.tenant_id, k.type || '-' || d.decision_id, d.unit, k.type,
                       CASE k.type WHEN 'purchase' THEN round((random() * 60 + coalesce(substr(d.action_key, 2)::int, 0))::numeric, 2)::float8
                                   WHEN 'cost' THEN 2.5 END,
                       d.decided_at + random() * interval '5 days'
                FROM decisions d, (VALUES ('purchase', 0.25), ('cost', 0.15), ('contact', 0.10)) AS k(type, p)
                WHERE d.tenant_id = \(tenant) AND random() < k.p
                RETURNING 1) SELECT count(*) FROM inserted
                """),
            ("submissions", """
                WITH inserted AS (INSERT INTO submissions (tenant_id, survey_key, submission_id, survey_version, respondent, status, submitted_at, raw)
                SELECT d.tenant_id, 'contact', 's-' || d.decision_id, 1, d.unit, 'completed', d.decided_at + random() * interval '3 days', '{}'::jsonb
                FROM decisions d WHERE d.tenant_id = \(tenant) AND random() < 0.1
                RETURNING 1) SELECT count(*) FROM inserted
                """),
            ("answers", """
                WITH inserted AS (INSERT INTO answers (tenant_id, survey_key, submission_id, field_id, survey_version, value_numeric)
                SELECT s.tenant_id, s.survey_key, s.submission_id, 'sat', 1, 1 + floor(random() * 5)
                FROM submissions s WHERE s.tenant_id = \(tenant) AND s.survey_key = 'contact'
                RETURNING 1) SELECT count(*) FROM inserted
                """),
        ]
        return try await SeededStatements.run(statements, seed: 0.2026, on: database)
    }
}
