import CXCore
import CXServer
import CXStore
import CXTestSupport
import Foundation
import PostgresNIO

/// A stored experiment with known data, loaded through the real paths (assignment repository,
/// ingestion), plus every unit's metric values computed here by a plain reading of
/// ``ExperimentMetric``'s definitions — independently of the SQL that the analysis uses.
///
/// 600 customers over 20 days of assignment; the tenant's 5% global holdout; arms
/// `production`/`candidate` 50/50 with a 10% holdout; the candidate plants larger purchases (+40 each).
/// Events fall before, inside and after the 28-day windows; customers answer several times
/// (the last answer counts), some only partially (never counted); another tenant has events
/// for the same unit ids (never counted).
struct StoredExperimentWorld: Sendable {
    static let tenant = "exp"
    static let experiment = ExperimentDefinition(
        key: "nbx-policies", arms: [.init(name: "production", share: 50), .init(name: "candidate", share: 50)],
        holdoutPercent: 10, primaryMetric: "value", guardrails: ["contacts", "csat"])
    static let start = Date(timeIntervalSince1970: 1_788_220_800)  // 2026-09-01T00:00:00Z
    static let asOf = start.addingTimeInterval(45 * 86_400)
    static let window = 28.0 * 86_400
    static let horizon = 30.0 * 86_400

    /// One customer: its arm (nil for the global holdout) and assignment time.
    struct Unit: Sendable {
        var id: String
        var arm: String?
        var assignedAt: Date
    }

    struct Event: Sendable {
        var unit: String
        var type: String
        var value: Double?
        var at: Date
        var tenant = StoredExperimentWorld.tenant
    }

    struct Response: Sendable {
        var id: String
        var unit: String
        var at: Date
        var completed: Bool
        var answers: [String: Int]
    }

    var units: [Unit] = []
    var events: [Event] = []
    var responses: [Response] = []

    /// Loads the world into a fresh database and returns it with the database's configuration.
    static func load() async throws -> (StoredExperimentWorld, PostgresClient.Configuration) {
        let configuration = try await TestCluster.shared.makeDatabase()
        let logger = TestCluster.shared.logger
        let world = try await TestCluster.shared.database(configuration).withRunning { database in
            var world = StoredExperimentWorld()
            var random = LCG(seed: 20_261_129)
            let keys = PostgresAPIKeyRepository(database: database)
            for tenant in [tenant, "other"] { _ = try await keys.create(tenant: tenant, scope: .admin) }
            let surveys = PostgresSurveyRepository(database: database)
            let survey = try SurveyDefinition.parse(try JSONParser.parse(Array("""
                {"title":"After the moment","population":"customer","fields":[{"id":"nps","type":"nps"},
                 {"id":"sat","type":"csat","scale":[1,5]},{"id":"effort","type":"ces","scale":[1,7]}]}
                """.utf8))).get()
            for tenant in [tenant, "other"] { _ = try await surveys.put(tenant: tenant, key: "moment", definition: survey) }
            let experiments = PostgresExperimentRepository(database: database)
            let global = try await experiments.declareGlobalHoldout(tenant: tenant, percent: 5)
            _ = try await experiments.put(tenant: tenant, definition: experiment)
            for index in 0..<600 {
                let id = "c-\(index)"
                let stored = try await experiments.assign(
                    tenant: tenant, experiment: experiment.key, unit: id,
                    assignment: .assign(unit: id, experiment: experiment, globalHoldout: global))
                world.units.append(Unit(id: id, arm: stored.globalHoldout ? nil : stored.arm ?? "holdout",
                                        assignedAt: start.addingTimeInterval(Double(index % 20) * 86_400 + Double(index % 7) * 3_600)))
            }
            try await database.execute("""
                UPDATE experiment_assignments a SET assigned_at = t.at
                FROM unnest(\(world.units.map(\.id)), \(world.units.map(\.assignedAt))) AS t(unit, at)
                WHERE a.tenant_id = \(tenant) AND a.experiment_key = \(experiment.key) AND a.unit = t.unit
                """)
            world.generate(&random)
            try await world.ingest(database: database, logger: logger)
            return world
        }
        return (world, configuration)
    }

    /// Events and responses from −40 to +50 days around each assignment.
    private mutating func generate(_ random: inout LCG) {
        for unit in units {
            let lift = unit.arm == "candidate" ? 40.0 : 0
            func time() -> Date { unit.assignedAt.addingTimeInterval(random.uniform(-40, 50) * 86_400) }
            for _ in 0..<random.integer(0, 4) {
                events.append(Event(unit: unit.id, type: "purchase", value: (random.uniform(5, 80) + lift).rounded(), at: time()))
            }
            if random.uniform(0, 1) < 0.2 { events.append(Event(unit: unit.id, type: "refund", value: 10, at: time())) }
            for _ in 0..<random.integer(0, 3) { events.append(Event(unit: unit.id, type: "contact", value: nil, at: time())) }
            if random.uniform(0, 1) < 0.5 { events.append(Event(unit: unit.id, type: "cost", value: 2.5, at: time())) }
            if random.uniform(0, 1) < 0.3 { events.append(Event(unit: unit.id, type: "churn", value: nil, at: time())) }
            events.append(Event(unit: unit.id, type: "purchase", value: 1000, at: time(), tenant: "other"))
            for number in 0..<random.integer(0, 3) {
                var answers: [String: Int] = [:]
                for (field, scale) in [("nps", 0...10), ("sat", 1...5), ("effort", 1...7)] where random.uniform(0, 1) < 0.8 {
                    answers[field] = random.integer(scale.lowerBound, scale.upperBound)
                }
                responses.append(Response(id: "\(unit.id)-\(number)", unit: unit.id, at: time(),
                                          completed: random.uniform(0, 1) < 0.85, answers: answers))
            }
        }
    }

    private func ingest(database: Database, logger: Logger) async throws {
        let writer = GroupCommitWriter(store: PostgresIngestStore(database: database), logger: logger)
        let ingestor = Ingestor(surveys: PostgresSurveyRepository(database: database), writer: writer)
        for tenant in [Self.tenant, "other"] {
            let outcomes = events.enumerated().filter { $0.element.tenant == tenant }.map { index, event in
                JSONValue.object(["event_id": .string("e-\(index)"), "unit": .string(event.unit), "type": .string(event.type),
                                  "value": event.value.map(JSONValue.number) ?? .null,
                                  "occurred_at": .string(event.at.formatted(.iso8601))])
            }
            let report = try await ingestor.ingestOutcomes(outcomes, tenant: tenant)
            precondition(report.rejected.isEmpty, "\(report.rejected)")
        }
        let items = responses.map { response in
            JSONValue.object(["survey": .string("moment"), "submission_id": .string(response.id),
                              "respondent": .string(response.unit), "submitted_at": .string(response.at.formatted(.iso8601)),
                              "status": .string(response.completed ? "completed" : "partial"),
                              "answers": .object(response.answers.mapValues { .number(Double($0)) })])
        }
        let report = try await ingestor.ingestResponses(items, tenant: Self.tenant)
        precondition(report.rejected.isEmpty, "\(report.rejected)")
    }

    // MARK: - The reference values

    /// The experiment's units (the global holdout left out).
    var experimentUnits: [Unit] { units.filter { $0.arm != nil && $0.assignedAt < Self.asOf } }

    /// The unit's (value, pre-period value) of `metric`; nil when it has none.
    func values(of metric: ExperimentMetric, for unit: Unit) -> (y: Double, x: Double?)? {
        let start = unit.assignedAt
        let end = min(start.addingTimeInterval(Self.window), Self.asOf)
        let preStart = start.addingTimeInterval(-Self.window)
        let mine = events.filter { $0.unit == unit.id && $0.tenant == Self.tenant }
        func total(_ post: Bool, _ amount: (Event) -> Double) -> Double {
            mine.filter { post ? ($0.at >= start && $0.at < end) : ($0.at >= preStart && $0.at < start) }.map(amount).reduce(0, +)
        }
        let answered = responses.filter { $0.unit == unit.id && $0.completed && $0.at >= preStart && $0.at < end }
        func last(_ field: String, post: Bool, code: (Int) -> Double) -> Double? {
            answered.filter { $0.answers[field] != nil && ($0.at >= start) == post }
                .max { ($0.at, $0.id) < ($1.at, $1.id) }
                .flatMap { $0.answers[field] }.map(code)
        }
        switch metric {
        case .value, .contacts, .cost:
            let amount: (Event) -> Double = switch metric {
            case .value: { $0.type == "purchase" ? $0.value! : $0.type == "refund" ? -$0.value! : 0 }
            case .contacts: { $0.type == "contact" ? 1 : 0 }
            default: { $0.type == "cost" ? $0.value! : 0 }
            }
            return (total(true, amount), total(false, amount))
        case .responseRate:
            return (answered.contains { $0.at >= start } ? 1 : 0, answered.contains { $0.at < start } ? 1 : 0)
        case .nps, .csat, .ces:
            let field = ["nps": "nps", "csat": "sat", "ces": "effort"][metric.rawValue]!
            let code: (Int) -> Double = switch metric {
            case .nps: { $0 >= 9 ? 1 : $0 <= 6 ? -1 : 0 }
            case .csat: { $0 >= 4 ? 1 : 0 }
            default: { Double($0) }
            }
            return last(field, post: true, code: code).map { ($0, last(field, post: false, code: code) ?? 0) }
        case .retention:
            guard start.addingTimeInterval(Self.horizon) <= Self.asOf else { return nil }
            return (churn(of: unit).map { $0 >= start.addingTimeInterval(Self.horizon) } ?? true ? 1 : 0, nil)
        }
    }

    /// The unit's first churn from its assignment up to the as-of time.
    func churn(of unit: Unit) -> Date? {
        events.filter { $0.unit == unit.id && $0.tenant == Self.tenant && $0.type == "churn" && $0.at >= unit.assignedAt && $0.at < Self.asOf }
            .map(\.at).min()
    }
}

/// A small deterministic generator (Knuth's MMIX LCG), so the world is the same on every run.
struct LCG {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 11
    }

    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next()) / Double(1 << 53)
    }

    /// Uniform in low...high.
    mutating func integer(_ low: Int, _ high: Int) -> Int {
        low + Int(next() % UInt64(high - low + 1))
    }
}
