import CXCore
import CXServer
import CXStats
import CXStore
import CXTestSupport
import Foundation
import PostgresNIO
import Testing

/// `experiment_unit_sums` (migration 0011) kept by triggers through the production paths —
/// outcomes ingested before and after assignment, replays, late and future-dated events,
/// erasure, another tenant — equals a rebuild, and the analysis over it equals the raw rows.
@Suite("Experiment unit sums")
struct ExperimentUnitSumsTests {
    static let tenant = "sums"
    static let experiment = ExperimentDefinition(
        key: "sums-x", arms: [.init(name: "control", share: 50), .init(name: "treatment", share: 50)], holdoutPercent: 10)

    /// One outcome as ingested.
    static func outcome(_ id: String, _ unit: String, _ type: String, _ value: Double?, at date: Date) -> JSONValue {
        .object(["event_id": .string(id), "unit": .string(unit), "type": .string(type),
                 "value": value.map(JSONValue.number) ?? .null, "occurred_at": .string(date.formatted(.iso8601))])
    }

    /// Every row of the tenant's sums, in key order.
    static func rows(_ database: Database) async throws -> [[String]] {
        try await database.rows("""
            SELECT experiment_key, unit, coalesce(arm, '-'), assigned_at::text, value_post, value_pre, contacts_post,
                   contacts_pre, cost_post, cost_pre, coalesce(last_post_at::text, '-')
            FROM experiment_unit_sums WHERE tenant_id = \(tenant) ORDER BY experiment_key, unit
            """) { row in
            let (key, unit, arm, assigned, valuePost, valuePre, contactsPost, contactsPre, costPost, costPre, last)
                = try row.decode((String, String, String, String, Double, Double, Int, Int, Double, Double, String).self)
            // Sums of cents in another order may differ in the last bits; 1e-9 is far below a cent.
            let numbers = [valuePost, valuePre, Double(contactsPost), Double(contactsPre), costPost, costPre]
                .map { String(format: "%.9f", $0) }
            return [key, unit, arm, assigned] + numbers + [last]
        }
    }

    @Test("sums kept through assignment after outcomes, replays, late and future events and erasure equal a rebuild")
    func maintainedEqualsRebuild() async throws {
        let configuration = try await TestCluster.shared.makeDatabase()
        try await TestCluster.shared.database(configuration).withRunning { database in
            let keys = PostgresAPIKeyRepository(database: database)
            for tenant in [Self.tenant, "else"] { _ = try await keys.create(tenant: tenant, scope: .admin) }
            let experiments = PostgresExperimentRepository(database: database)
            let global = try await experiments.declareGlobalHoldout(tenant: Self.tenant, percent: 5)
            _ = try await experiments.put(tenant: Self.tenant, definition: Self.experiment)
            let writer = GroupCommitWriter(store: PostgresIngestStore(database: database), logger: database.logger)
            let ingestor = Ingestor(surveys: PostgresSurveyRepository(database: database), writer: writer)
            let now = Date()
            var random = LCG(seed: 11)
            func batch(_ prefix: String, units: Range<Int>, days: ClosedRange<Double>) -> [JSONValue] {
                units.flatMap { index in
                    (0..<3).map { number in
                        let type = ["purchase", "refund", "contact", "cost", "churn"][random.integer(0, 4)]
                        let value: Double? = type == "contact" || type == "churn" ? nil : (random.uniform(1, 90) * 100).rounded() / 100
                        return Self.outcome("\(prefix)-\(index)-\(number)", "u-\(index)", type, value,
                                            at: now.addingTimeInterval(random.uniform(days.lowerBound, days.upperBound) * 86_400))
                    }
                }
            }
            // Outcomes before any assignment (the assignment must pick them up), then 80 units assigned.
            let early = batch("early", units: 0..<80, days: -60...(-1))
            _ = try await ingestor.ingestOutcomes(early, tenant: Self.tenant)
            _ = try await ingestor.ingestOutcomes(batch("other", units: 0..<80, days: -30...0), tenant: "else")
            // Assignments moved into the past (an update of the rows), so post windows hold past events.
            try await PastAssignments.assign(80, to: Self.experiment, tenant: Self.tenant, globalHoldout: global,
                                             experiments: experiments, database: database)
            // Assigned again: sticky, nothing changes.
            _ = try await experiments.assign(tenant: Self.tenant, experiment: Self.experiment.key, unit: "u-1",
                                             assignment: .assign(unit: "u-1", experiment: Self.experiment, globalHoldout: global))
            // Late events (in the past), future-dated ones (ingestion takes up to 24 hours ahead), a replay of the early batch, units never assigned.
            _ = try await ingestor.ingestOutcomes(batch("late", units: 0..<80, days: -20...(-0.01)), tenant: Self.tenant)
            _ = try await ingestor.ingestOutcomes(batch("future", units: 0..<40, days: 0.1...0.9), tenant: Self.tenant)
            let replay = try await ingestor.ingestOutcomes(early, tenant: Self.tenant)
            #expect(replay.summary.accepted == 0 && replay.summary.duplicates == early.count)
            _ = try await ingestor.ingestOutcomes(batch("stranger", units: 100..<110, days: -5...0), tenant: Self.tenant)
            let erased = try await PostgresRespondentEraser(database: database).erase(tenant: Self.tenant, respondent: "u-3")
            #expect(erased.assignments == 1 && erased.outcomes > 0)

            let maintained = try await Self.rows(database)
            let held = try await database.rows(
                "SELECT count(*) FROM experiment_assignments WHERE tenant_id = \(Self.tenant) AND global_holdout"
            ) { try $0.decode(Int.self) }[0]
            #expect(maintained.count == 79 - held, "one row per assigned unit outside the global holdout, u-3 erased")
            #expect(!maintained.contains { $0[1] == "u-3" })
            #expect(maintained.contains { $0[4] != "0.000000000" } && maintained.contains { $0[10] != "-" })
            let rebuilt = try await ExperimentUnitSums(database: database).rebuild(tenant: Self.tenant, experiment: Self.experiment.key)
            #expect(rebuilt == maintained.count)
            #expect(try await Self.rows(database) == maintained)

            // The analysis as of now (units with future events recounted raw) equals the raw per-unit values.
            let request = ExperimentDataRequest(tenant: Self.tenant, experiment: Self.experiment.key, metrics: [.value, .contacts, .cost],
                                                asOf: Date(), windowDays: ExperimentUnitSums.windowDays, horizonDays: 30, surveyFields: [])
            let source = PostgresExperimentData(database: database)
            let data = try await source.data(request)
            for metric in request.metrics {
                let values = try await source.unitValues(request, metric: metric)
                #expect(data.units == Dictionary(grouping: values, by: \.arm).mapValues(\.count))
                for (arm, unitValues) in Dictionary(grouping: values, by: \.arm) {
                    let statistics = try #require(data.statistics[metric]?[arm])
                    let covariate = try #require(statistics.covariate)
                    let y = unitValues.map(\.value)
                    let x = unitValues.map { $0.preValue ?? 0 }
                    let expected: [Double] = [y.reduce(0, +), zip(y, y).map(*).reduce(0, +), x.reduce(0, +), zip(x, y).map(*).reduce(0, +)]
                    let actual: [Double] = [statistics.sum, statistics.sumOfSquares, covariate.sum, covariate.sumOfProducts]
                    for (actual, expected) in zip(actual, expected) {
                        #expect(abs(actual - expected) <= 1e-9 * max(1, abs(expected)), "\(metric) \(arm): \(actual) vs \(expected)")
                    }
                }
            }
        }
    }
}
