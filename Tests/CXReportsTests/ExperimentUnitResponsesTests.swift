import CXCore
import CXServer
import CXStats
import CXStore
import CXTestSupport
import Foundation
import PostgresNIO
import Testing

/// `experiment_unit_responses` (migration 0013) kept by triggers through the production paths —
/// responses before and after assignment, partials completed later, replays, two surveys feeding
/// the same metric, an employee survey, a survey version that moves CSAT's top box, erasure,
/// another tenant — equals a rebuild, its survey fields equal the analysis' own, and the analysis
/// over it equals the raw per-unit values.
@Suite("Experiment unit responses")
struct ExperimentUnitResponsesTests {
    static let tenant = "responses"
    static let experiment = ExperimentDefinition(
        key: "responses-x", arms: [.init(name: "control", share: 50), .init(name: "treatment", share: 50)], holdoutPercent: 10)
    static let staffExperiment = ExperimentDefinition(
        key: "staff-x", arms: [.init(name: "control", share: 50), .init(name: "treatment", share: 50)], unit: .employee)
    static let surveys = [
        ("moment", """
            {"title":"After the moment","population":"customer","fields":[{"id":"nps","type":"nps"},
             {"id":"sat","type":"csat","scale":[1,5]},{"id":"effort","type":"ces"},{"id":"comment","type":"text"}]}
            """),
        ("pulse", """
            {"title":"Pulse","population":"customer","fields":[{"id":"recommend","type":"nps"},{"id":"happy","type":"csat"}]}
            """),
        ("staff", """
            {"title":"Staff","population":"employee","fields":[{"id":"enps","type":"enps"},{"id":"sat","type":"csat","scale":[1,7]}]}
            """),
    ]

    /// Every row of the tenant's responses, in key order.
    static func rows(_ database: Database) async throws -> [String] {
        try await database.rows("""
            SELECT concat_ws('|', experiment_key, unit, coalesce(arm, '-'), assigned_at, responded_post, responded_pre,
                             nps_post, nps_pre, csat_post, csat_pre, ces_post, ces_pre, last_post_at)
            FROM experiment_unit_responses WHERE tenant_id = \(tenant) ORDER BY experiment_key, unit
            """) { try $0.decode(String.self) }
    }

    /// Σ aᵢbᵢ.
    static func products(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map(*).reduce(0, +)
    }

    /// A response as ingested, `days` from now.
    static func response(_ survey: String, _ id: String, _ unit: String, days: Double, completed: Bool = true,
                         _ answers: [String: JSONValue]) -> JSONValue {
        .object(["survey": .string(survey), "submission_id": .string(id), "respondent": .string(unit),
                 "submitted_at": .string(Date().addingTimeInterval(days * 86_400).formatted(.iso8601)),
                 "status": .string(completed ? "completed" : "partial"), "answers": .object(answers)])
    }

    @Test("responses kept through assignment, completion of partials, replays, a new survey version and erasure equal a rebuild")
    func maintainedEqualsRebuild() async throws {
        let configuration = try await TestCluster.shared.makeDatabase()
        try await TestCluster.shared.database(configuration).withRunning { database in
            let keys = PostgresAPIKeyRepository(database: database)
            for tenant in [Self.tenant, "else"] { _ = try await keys.create(tenant: tenant, scope: .admin) }
            let surveys = PostgresSurveyRepository(database: database)
            for tenant in [Self.tenant, "else"] {
                for (key, json) in Self.surveys {
                    _ = try await surveys.put(tenant: tenant, key: key, definition: try SurveyDefinition.parse(try JSONParser.parse(Array(json.utf8))).get())
                }
            }
            let experiments = PostgresExperimentRepository(database: database)
            let global = try await experiments.declareGlobalHoldout(tenant: Self.tenant, percent: 5)
            for definition in [Self.experiment, Self.staffExperiment] { _ = try await experiments.put(tenant: Self.tenant, definition: definition) }
            let writer = GroupCommitWriter(store: PostgresIngestStore(database: database), logger: database.logger)
            let ingestor = Ingestor(surveys: surveys, writer: writer)
            var random = LCG(seed: 13)
            func batch(_ prefix: String, units: Range<Int>, days: ClosedRange<Double>, completed: Bool = true) -> [JSONValue] {
                units.flatMap { index in
                    (0..<random.integer(1, 3)).map { number in
                        let id = "\(prefix)-\(index)-\(number)"
                        // Quarter days, so that some of a unit's submissions share their time (ties go by id).
                        let at = (random.uniform(days.lowerBound, days.upperBound) * 4).rounded() / 4
                        var answers: [String: JSONValue] = [:]
                        if random.uniform(0, 1) < 0.5 {
                            for (field, scale) in [("nps", 0...10), ("sat", 1...5), ("effort", 1...7)] where random.uniform(0, 1) < 0.8 {
                                answers[field] = .number(Double(random.integer(scale.lowerBound, scale.upperBound)))
                            }
                            if random.uniform(0, 1) < 0.3 { answers["comment"] = .string("fine") }
                            return Self.response("moment", id, "u-\(index)", days: at, completed: completed, answers)
                        }
                        for (field, scale) in [("recommend", 0...10), ("happy", 1...5)] where random.uniform(0, 1) < 0.8 {
                            answers[field] = .number(Double(random.integer(scale.lowerBound, scale.upperBound)))
                        }
                        return Self.response("pulse", id, "u-\(index)", days: at, completed: completed, answers)
                    }
                }
            }
            func ingest(_ items: [JSONValue], tenant: String = Self.tenant) async throws {
                let report = try await ingestor.ingestResponses(items, tenant: tenant)
                #expect(report.rejected.isEmpty, "\(report.rejected)")
            }
            // Responses before any assignment (the assignment must pick them up), then 60 units assigned.
            let early = batch("early", units: 0..<60, days: -40...(-1))
            try await ingest(early)
            try await ingest(batch("other", units: 0..<60, days: -30...0), tenant: "else")
            // Assignments moved into the past (an update of the rows), so post windows hold past responses.
            try await PastAssignments.assign(60, to: Self.experiment, tenant: Self.tenant, globalHoldout: global,
                                             experiments: experiments, database: database)
            // Partials, then the same submissions completed later (an update of the row and new answers).
            let partial = batch("partial", units: 0..<30, days: -3...(-1), completed: false)
            try await ingest(partial)
            try await ingest(partial.map { item in
                guard case .object(var fields) = item else { return item }
                fields["status"] = .string("completed")
                fields["submitted_at"] = .string(Date().addingTimeInterval(-0.5 * 86_400).formatted(.iso8601))
                return .object(fields)
            })
            // Late responses, future-dated ones, a replay, units never assigned, an employee survey.
            try await ingest(batch("late", units: 0..<60, days: -20...(-0.01)))
            try await ingest(batch("future", units: 0..<20, days: 0.1...0.9))
            try await ingest(early)
            try await ingest(batch("stranger", units: 100..<110, days: -5...0))
            try await ingest((0..<20).map { Self.response("staff", "staff-\($0)", "u-\($0)", days: -1, ["enps": .number(9)]) })
            // A new version of `pulse` moves CSAT's top box (4–5 of 1–5 to 6–7 of 1–7): its respondents change.
            let before = try await Self.rows(database)
            _ = try await surveys.put(tenant: Self.tenant, key: "pulse", definition: try SurveyDefinition.parse(try JSONParser.parse(Array("""
                {"title":"Pulse","population":"customer","fields":[{"id":"recommend","type":"nps"},{"id":"happy","type":"csat","scale":[1,7]}]}
                """.utf8))).get())
            #expect(try await Self.rows(database) != before, "the top box moved for pulse's respondents")
            let erased = try await PostgresRespondentEraser(database: database).erase(tenant: Self.tenant, respondent: "u-3")
            #expect(erased.assignments == 1 && erased.submissions > 0)

            let maintained = try await Self.rows(database)
            #expect(maintained.count > 40 && !maintained.contains { $0.split(separator: "|")[1] == "u-3" })
            #expect(!maintained.contains { $0.hasPrefix(Self.staffExperiment.key) }, "no unit of the staff experiment")
            _ = try await ExperimentUnitSums(database: database).rebuild(tenant: Self.tenant, experiment: Self.experiment.key)
            #expect(try await Self.rows(database) == maintained)

            // The table's survey fields are the analysis' own, for both populations.
            let current = try await surveys.list(tenant: Self.tenant)
            for (definition, population) in [(Self.experiment, Population.customer), (Self.staffExperiment, .employee)] {
                let stored = try await database.rows("""
                    SELECT survey_key, field_id, metric, top_box_from FROM experiment_response_fields
                    WHERE tenant_id = \(Self.tenant) AND experiment_key = \(definition.key)
                    """) { row in
                    let (survey, field, metric, top) = try row.decode((String, String, String, Double).self)
                    return ExperimentSurveyField(survey: survey, field: field, metric: try #require(ExperimentMetric(rawValue: metric)), topBoxFrom: top)
                }
                #expect(Set(stored) == Set(ExperimentSurveyField.fields(of: current, population: population)))
                #expect(!stored.isEmpty)
            }

            // The analysis as of now (units with future responses recounted raw) equals the raw per-unit values.
            let request = ExperimentDataRequest(
                tenant: Self.tenant, experiment: Self.experiment.key, metrics: [.responseRate, .nps, .csat, .ces], asOf: Date(),
                windowDays: ExperimentUnitSums.windowDays, horizonDays: 30,
                surveyFields: ExperimentSurveyField.fields(of: current, population: .customer))
            let source = PostgresExperimentData(database: database)
            let data = try await source.data(request)
            for metric in request.metrics {
                let values = try await source.unitValues(request, metric: metric)
                let byArm = Dictionary(grouping: values, by: \.arm)
                #expect(Set(data.statistics[metric].map { Array($0.keys) } ?? []) == Set(byArm.keys), "\(metric)")
                for (arm, unitValues) in byArm {
                    let statistics = try #require(data.statistics[metric]?[arm])
                    let covariate = try #require(statistics.covariate)
                    let y = unitValues.map(\.value)
                    let x = unitValues.map { $0.preValue ?? 0 }
                    #expect(statistics.count == unitValues.count, "\(metric) \(arm)")
                    let ones = [Double](repeating: 1, count: y.count)
                    let expected: [Double] = [Self.products(y, ones), Self.products(y, y), Self.products(x, ones), Self.products(x, x),
                                              Self.products(x, y)]
                    let actual: [Double] = [statistics.sum, statistics.sumOfSquares, covariate.sum, covariate.sumOfSquares, covariate.sumOfProducts]
                    #expect(actual == expected, "\(metric) \(arm)")
                }
            }
        }
    }
}
